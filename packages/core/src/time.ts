import { z } from 'zod';

/** An ISO 8601 instant with an explicit offset, e.g. `2026-07-04T18:00:00-07:00`. */
export const offsetDateTimeSchema = z.iso.datetime({
  offset: true,
  local: false,
  error: 'Use an ISO 8601 date-time with an offset, e.g. 2026-07-04T18:00:00-07:00',
});

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string()
  .min(1)
  .refine(isValidTimeZone, { message: 'Unknown IANA time zone' });

/** Normalises any offset date-time to a sortable UTC instant (`…T01:00:00.000Z`). */
export function toUtcInstant(dateTime: string): string {
  return new Date(dateTime).toISOString();
}
