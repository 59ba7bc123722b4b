/**
 * A wall-clock time in an IANA zone → the instant, with nothing but Intl. Feeds name zones
 * (`TZID=America/Los_Angeles`) without defining them, and floating or all-day times belong to
 * the channel's zone; ical.js knows neither (it treats both as floating).
 */

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
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
      second: 'numeric',
    });
    // Bounded: zone names come from feeds, bookings and settings.
    if (formatters.size < 500) formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** What a clock in `timeZone` shows at an instant. */
export function wallClockAt(epochMs: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
function offsetAt(epochMs: number, timeZone: string): number {
  const wall = wallClockAt(epochMs, timeZone);
  const shown = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return shown - Math.floor(epochMs / 1000) * 1000;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The instant at which the clock in `timeZone` shows `wall`, as RFC 5545 asks: a time skipped
 * by a spring-forward jump is read with the offset from before the jump (so it lands after
 * it); a time repeated by a fall-back takes the first instant.
 */
export function wallClockToEpochMs(wall: WallClock, timeZone: string): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  // The offsets a day either side bracket any single transition near this time.
  const before = offsetAt(asUtc - DAY_MS, timeZone);
  const after = offsetAt(asUtc + DAY_MS, timeZone);
  const matching = [...new Set([before, after])]
    .map((offset) => asUtc - offset)
    .filter((epoch) => epoch + offsetAt(epoch, timeZone) === asUtc)
    .sort((a, b) => a - b);
  return matching[0] ?? asUtc - before;
}
