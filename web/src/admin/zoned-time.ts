/**
 * Wall-clock time in an IANA time zone ↔ ISO 8601 with the right offset, DST included, with
 * nothing but Intl. The booking form shows the trip's own clock; the API wants an instant.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The zone's clock at an instant. */
export function wallTimeAt(epochMs: number, timeZone: string): WallTime & { second: number } {
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

/** The zone's offset from UTC at an instant, in whole minutes (east positive). */
export function offsetMinutesAt(epochMs: number, timeZone: string): number {
  const wall = wallTimeAt(epochMs, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

export interface ZonedInstant {
  /** `2027-07-04T18:00:00-07:00`: the zone's wall time and its offset at that instant. */
  iso: string;
  epochMs: number;
  /**
   * `gap`: the wall time does not exist (clocks jump forward over it); it was moved forward by
   * the jump. `ambiguous`: it happens twice (clocks fall back); the first one was taken.
   */
  adjusted?: 'gap' | 'ambiguous';
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The instant at which the clock in `timeZone` shows `wall`. Like Temporal's "compatible"
 * disambiguation: a time skipped by a spring-forward jump moves forward by the jump; a time
 * repeated by a fall-back takes the earlier instant.
 */
export function zonedToInstant(wall: WallTime, timeZone: string): ZonedInstant {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  // The offsets in force a day either side bracket any single transition near this time.
  const before = offsetMinutesAt(asUtc - DAY_MS, timeZone);
  const after = offsetMinutesAt(asUtc + DAY_MS, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => asUtc - offset * 60_000)
    .filter((epoch) => {
      const shown = wallTimeAt(epoch, timeZone);
      return Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute) === asUtc;
    })
    .sort((a, b) => a - b);
  const first = candidates[0];
  if (first !== undefined) {
    return { iso: isoIn(first, timeZone), epochMs: first, ...(candidates.length > 1 ? { adjusted: 'ambiguous' as const } : {}) };
  }
  // In a gap: read the wall time with the offset from before the jump, which lands after it.
  const moved = asUtc - before * 60_000;
  return { iso: isoIn(moved, timeZone), epochMs: moved, adjusted: 'gap' };
}

/** ISO 8601 of an instant as the zone's clock shows it, with the zone's offset. */
export function isoIn(epochMs: number, timeZone: string): string {
  const wall = wallTimeAt(epochMs, timeZone);
  const offset = offsetMinutesAt(epochMs, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** `2027-07-04` + `18:00` (what date and time inputs hold) → a wall time, or undefined. */
export function parseWallTime(date: string, time: string): WallTime | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(time);
  if (!d || !t) return undefined;
  const wall = { year: Number(d[1]), month: Number(d[2]), day: Number(d[3]), hour: Number(t[1]), minute: Number(t[2]) };
  const check = new Date(Date.UTC(wall.year, wall.month - 1, wall.day));
  if (check.getUTCMonth() !== wall.month - 1 || check.getUTCDate() !== wall.day || wall.hour > 23 || wall.minute > 59) {
    return undefined;
  }
  return wall;
}

/** The inputs' values for an instant in a zone: `{ date: '2027-07-04', time: '18:00' }`. */
export function toInputs(epochMs: number, timeZone: string): { date: string; time: string } {
  const wall = wallTimeAt(epochMs, timeZone);
  return { date: `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`, time: `${pad(wall.hour)}:${pad(wall.minute)}` };
}

/** Every zone the browser knows, with the browser's own (and UTC) certainly among them. */
export function timeZones(): string[] {
  const own = browserTimeZone();
  let zones: string[];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  return [...new Set([...zones, own, 'UTC'])].sort();
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}
