import { wallClockToEpochMs } from '../channels/zoned-time';

/** A calendar day as a clock in some zone shows it. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    // Bounded: zone names come from bookings and settings.
    if (formatters.size < 500) formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The date and minute of the day that a clock in `timeZone` shows at `instant`. */
export function localClockAt(instant: Date, timeZone: string): LocalDate & { minuteOfDay: number } {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    minuteOfDay: ((parts.hour ?? 0) % 24) * 60 + (parts.minute ?? 0),
  };
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
