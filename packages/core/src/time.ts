import * as z from 'zod';

/** An ISO 8601 instant with an explicit offset, e.g. `2026-07-04T18:00:00-07:00`. */
export const offsetDateTimeSchema = z.iso.datetime({
  offset: true,
  local: false,
  error: 'Use an ISO 8601 date-time with an offset, e.g. 2026-07-04T18:00:00-07:00',
});

const knownZones = new Map<string, boolean>();

/** Answers from a cache: building a formatter per request is the costly part of validation. */
export function isValidTimeZone(timeZone: string): boolean {
  let valid = knownZones.get(timeZone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
      valid = true;
    } catch {
      valid = false;
    }
    // Bounded: anyone can send time zone names.
    if (knownZones.size < 1000) knownZones.set(timeZone, valid);
  }
  return valid;
}

export const timeZoneSchema = z
  .string()
  .min(1)
  .refine(isValidTimeZone, { message: 'Unknown IANA time zone' });

/** Normalises any offset date-time to a sortable UTC instant (`…T01:00:00.000Z`). */
export function toUtcInstant(dateTime: string): string {
  return new Date(dateTime).toISOString();
}
