import { wallClockAt, wallClockToEpochMs } from '../channels/zoned-time';

/** A calendar day as a clock in some zone shows it. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** The date and minute of the day that a clock in `timeZone` shows at `instant`. */
export function localClockAt(instant: Date, timeZone: string): LocalDate & { minuteOfDay: number } {
  const { year, month, day, hour, minute } = wallClockAt(instant.getTime(), timeZone);
  return { year, month, day, minuteOfDay: hour * 60 + minute };
}

export function localDateOf(instant: Date, timeZone: string): LocalDate {
  const { year, month, day } = localClockAt(instant, timeZone);
  return { year, month, day };
}

/** Calendar arithmetic, free of any zone: the day before a 1 March is 28 or 29 February. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/** `18:00` → 1080. */
export function minutesOf(clockTime: string): number {
  const [hours = '0', minutes = '0'] = clockTime.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/**
 * The instant a clock in `timeZone` shows `clockTime` on `date`. A time a spring-forward jump
 * skips lands just after the jump; a time a fall-back repeats is its first occurrence.
 */
export function atLocalTime(date: LocalDate, clockTime: string, timeZone: string): Date {
  const minutes = minutesOf(clockTime);
  return new Date(
    wallClockToEpochMs({ ...date, hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0 }, timeZone),
  );
}

/** `2026-07-04`: a key for "that day", e.g. the digest's once-a-day claim. */
export function dateKey(date: LocalDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}
