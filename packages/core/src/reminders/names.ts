import { createHash } from 'node:crypto';
import type { ReminderKind } from './ports';

const SHORT: Record<ReminderKind, string> = { crewReminder: 'crew', guestReminder: 'guest', afterTrip: 'after' };

/** What EventBridge Scheduler accepts as a schedule name. */
export const SCHEDULE_NAME = /^[0-9a-zA-Z\-_.]{1,64}$/;

/**
 * `scc.bk_….crew.v3`: one name per (booking, kind, version), so planning the same version
 * again upserts the same schedule and a new version's schedules never collide with the old
 * ones (which the step removes by name). Booking ids are `bk_` and 26 base32hex characters; an
 * id of any other shape is hashed so the name stays within Scheduler's 64 characters.
 */
export function reminderName(bookingId: string, kind: ReminderKind, version: number): string {
  const name = `scc.${bookingId}.${SHORT[kind]}.v${version}`;
  if (SCHEDULE_NAME.test(name)) return name;
  const hashed = createHash('sha256').update(bookingId).digest('hex').slice(0, 32);
  return `scc.${hashed}.${SHORT[kind]}.v${version}`;
}
