import * as z from 'zod';
import { timeZoneSchema } from '../time';

const minutesInDay = z.int().min(0).max(24 * 60);
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a 24-hour time such as 18:00');

const turnaroundSchema = z.strictObject({
  default: minutesInDay,
  boats: z.record(z.string().trim().min(1).max(100), minutesInDay),
});

const operatorSchema = z.strictObject({
  /** Shown to guests on their page and in their emails. */
  name: z.string().trim().min(1).max(100).optional(),
  /** A number guests can call from the dock. */
  phone: z.string().trim().min(5).max(30).optional(),
  /** Where declines and the morning digest go; without it neither is emailed. */
  email: z.email('Use a valid email address').optional(),
  /** The operator's own zone: the digest goes out at `digestAt` here. */
  timezone: timeZoneSchema.optional(),
});

const notificationsSchema = z.strictObject({
  /** Crew reminder, the evening before, in the trip's time zone. */
  crewReminderAt: clockTime.optional(),
  /** Guest reminder, the day before, in the trip's time zone. */
  guestReminderAt: clockTime.optional(),
  /** The operator's daily digest, in the operator's time zone. */
  digestAt: clockTime.optional(),
});

const guestPageSchema = z.strictObject({
  /** How long after the trip's end guests may still upload. */
  uploadGraceMinutes: z.int().min(0).max(14 * 24 * 60).optional(),
  /** `items`: the crew checklist with its items; `progress`: only "3 of 5 done". */
  checklist: z.enum(['items', 'progress']).optional(),
});

const photosSchema = z.strictObject({
  /** Completed uploads a single trip accepts. */
  maxPerTrip: z.int().min(1).max(100_000).optional(),
});

/** `PUT /settings` and `PATCH /settings`: every section optional; PATCH keeps what it omits. */
export const settingsSchema = z.strictObject({
  turnaroundMinutes: turnaroundSchema.optional(),
  operator: operatorSchema.optional(),
  notifications: notificationsSchema.optional(),
  guestPage: guestPageSchema.optional(),
  photos: photosSchema.optional(),
});
export type SettingsInput = z.infer<typeof settingsSchema>;

/** Operator settings as every reader sees them: each value set or defaulted. */
export interface OperatorSettings {
  /** Minutes a boat needs between two trips, per boat; `default` for the others. */
  turnaroundMinutes: { default: number; boats: Record<string, number> };
  operator: { name?: string; phone?: string; email?: string; timezone: string };
  notifications: { crewReminderAt: string; guestReminderAt: string; digestAt: string };
  guestPage: { uploadGraceMinutes: number; checklist: 'items' | 'progress' };
  photos: { maxPerTrip: number };
}

export const DEFAULT_SETTINGS: OperatorSettings = {
  turnaroundMinutes: { default: 0, boats: {} },
  operator: { timezone: 'UTC' },
  notifications: { crewReminderAt: '18:00', guestReminderAt: '10:00', digestAt: '07:30' },
  guestPage: { uploadGraceMinutes: 0, checklist: 'items' },
  // A party of twelve rarely shares more than a few hundred; this stops a runaway script.
  photos: { maxPerTrip: 2000 },
};

/** Fills every value the stored (or submitted) settings leave out with its default. */
export function resolveSettings(input: SettingsInput): OperatorSettings {
  return {
    turnaroundMinutes: input.turnaroundMinutes ?? DEFAULT_SETTINGS.turnaroundMinutes,
    operator: { ...DEFAULT_SETTINGS.operator, ...input.operator },
    notifications: { ...DEFAULT_SETTINGS.notifications, ...input.notifications },
    guestPage: { ...DEFAULT_SETTINGS.guestPage, ...input.guestPage },
    photos: { ...DEFAULT_SETTINGS.photos, ...input.photos },
  };
}

/** PATCH: each section given replaces its own keys; sections left out stay as they are. */
export function mergeSettings(current: OperatorSettings, patch: SettingsInput): OperatorSettings {
  return {
    turnaroundMinutes: patch.turnaroundMinutes ?? current.turnaroundMinutes,
    operator: { ...current.operator, ...patch.operator },
    notifications: { ...current.notifications, ...patch.notifications },
    guestPage: { ...current.guestPage, ...patch.guestPage },
    photos: { ...current.photos, ...patch.photos },
  };
}
