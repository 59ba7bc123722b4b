/** The messages SCC sends at a set time rather than when something changes. */
export const REMINDER_KINDS = ['crewReminder', 'guestReminder', 'afterTrip'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** What a one-time schedule carries back to SCC when it fires. */
export interface ReminderPayload {
  bookingId: string;
  kind: ReminderKind;
  /** The booking version it was planned for: a firing for an older version sends nothing. */
  version: number;
}

export interface PlannedReminder {
  /** Derived from booking, kind and version, so planning twice names the same schedule. */
  name: string;
  at: Date;
  payload: ReminderPayload;
}

/**
 * One-time schedules: EventBridge Scheduler in AWS, an in-process timer in `npm start` and
 * tests. Both calls are idempotent.
 */
export interface ReminderScheduler {
  /** Creates the schedule `name`, or moves an existing one to this time and payload. */
  upsert(reminder: PlannedReminder, signal?: AbortSignal): Promise<void>;
  /** Removes it; a schedule that is already gone (fired, or never made) is fine. */
  remove(name: string, signal?: AbortSignal): Promise<void>;
}
