import { guestUnreachable } from '../booking/guest-notices';
import type { BookingRecord } from '../booking/schema';
import type { OperatorSettings } from '../settings/operator-settings';
import { addDays, atLocalTime, localDateOf } from './local-time';
import { reminderName } from './names';
import type { PlannedReminder, ReminderKind } from './ports';

/**
 * A guest hears from SCC only with an address, unless the booking says not to write, and not
 * while a feed's guest details wait for the operator (as with the guest notices).
 */
export function guestIsWritten(record: Pick<BookingRecord, 'request' | 'needsDetails'>): boolean {
  return guestUnreachable(record) === undefined;
}

/** When the guests' upload window closes: the trip's end plus the operator's grace. */
export function uploadsCloseOf(record: Pick<BookingRecord, 'request'>, settings: OperatorSettings): Date {
  return new Date(Date.parse(record.request.end) + settings.guestPage.uploadGraceMinutes * 60_000);
}

/**
 * The reminders a booking version should have, at exact instants: the crew's the evening
 * before and the guest's the day before (each at the operator's time on the trip's own
 * clock), and the "share your photos" note at the trip's end when uploads stay open after it.
 * Pure; a time already past, and a cancelled trip, plan nothing.
 */
export function planReminders(record: BookingRecord, settings: OperatorSettings, now: Date): PlannedReminder[] {
  if (record.status === 'cancelled') return [];
  const { request } = record;
  const start = new Date(request.start);
  const end = new Date(request.end);
  const dayBefore = addDays(localDateOf(start, request.timezone), -1);
  const wanted: [ReminderKind, Date][] = [];
  if (request.crew.length > 0) {
    wanted.push(['crewReminder', atLocalTime(dayBefore, settings.notifications.crewReminderAt, request.timezone)]);
  }
  if (guestIsWritten(record)) {
    wanted.push(['guestReminder', atLocalTime(dayBefore, settings.notifications.guestReminderAt, request.timezone)]);
    if (uploadsCloseOf(record, settings) > end) wanted.push(['afterTrip', end]);
  }
  return wanted
    .filter(([kind, at]) => at > now && (kind === 'afterTrip' || at < start))
    .map(([kind, at]) => ({
      name: reminderName(record.bookingId, kind, record.version),
      at,
      payload: { bookingId: record.bookingId, kind, version: record.version },
    }));
}
