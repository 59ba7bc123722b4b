import ICAL from 'ical.js';
import { isValidTimeZone } from '../time';
import { FeedEventSkipError } from './feed-skip';
import { wallClockToEpochMs } from './zoned-time';

type Component = InstanceType<typeof ICAL.Component>;
type Property = InstanceType<typeof ICAL.Property>;
export type IcalTime = InstanceType<typeof ICAL.Time>;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z?$/;
// ical.js reads a bare `DTSTART:20270610` (no VALUE=DATE) as a broken date-time.
const BARE_DATE = /^(\d{4}-\d{2}-\d{2})T::$/;

/**
 * The property's date or date-time, checked first: ical.js quietly rolls `20271345T100000`
 * over into 2028 and reads `VALUE=DATE:2027061` as June 1st, so the raw value must have every
 * digit and be a real calendar date. A bare date without `VALUE=DATE` is accepted as a date.
 */
export function readTime(component: Component, name: string): { time: IcalTime; tzid?: string } | undefined {
  const prop = component.getFirstProperty(name);
  if (!prop) return undefined;
  const label = name.toUpperCase();
  const raw = prop.toJSON()[3];
  if (typeof raw !== 'string') throw new FeedEventSkipError(`${label} has no value`);
  const bare = BARE_DATE.exec(raw);
  if (bare?.[1]) {
    prop.resetType('date');
    prop.setValue(ICAL.Time.fromDateString(bare[1]));
  } else if (!isRealDate(raw)) {
    throw new FeedEventSkipError(`${label} is not a valid date or date-time`);
  }
  const time = prop.getFirstValue() as IcalTime;
  const tzid = tzidOf(prop);
  return tzid === undefined ? { time } : { time, tzid };
}

function isRealDate(raw: string): boolean {
  const match = DATE_TIME.exec(raw) ?? DATE.exec(raw);
  if (!match) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match.slice(1).map(Number);
  const check = new Date(Date.UTC(year, month - 1, day));
  return check.getUTCMonth() === month - 1 && check.getUTCDate() === day && hour < 24 && minute < 60 && second <= 60;
}

export function tzidOf(prop: Property | null): string | undefined {
  const tzid = prop?.getParameter('tzid');
  return typeof tzid === 'string' && tzid.trim() !== '' ? tzid.trim() : undefined;
}

/**
 * The instant of a feed time. ical.js resolves a TZID only through a VTIMEZONE in the feed (or
 * its global registry); a TZID it cannot resolve silently becomes a floating time, which its
 * own `toJSDate` would then read in the host's zone. So: UTC and VTIMEZONE-backed times go to
 * ical.js; floating times are placed here, in the TZID's IANA zone when one was named, else in
 * the channel's zone. Dates are local midnight in the channel's zone.
 */
export function epochMsOf(time: IcalTime, tzid: string | undefined, channelZone: string): number {
  const wall = { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second };
  if (time.isDate) return wallClockToEpochMs({ ...wall, hour: 0, minute: 0, second: 0 }, channelZone);
  if (time.zone === ICAL.Timezone.utcTimezone) return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  if (time.zone && time.zone !== ICAL.Timezone.localTimezone) return time.toUnixTime() * 1000;
  if (tzid === undefined) return wallClockToEpochMs(wall, channelZone);
  const zone = ianaZone(tzid);
  if (!zone) throw new FeedEventSkipError(`unknown time zone "${tzid}" (not an IANA name and no VTIMEZONE in the feed)`);
  return wallClockToEpochMs(wall, zone);
}

/** Some exporters prefix IANA names (`/mozilla.org/20050126_1/America/New_York`). */
function ianaZone(tzid: string): string | undefined {
  if (isValidTimeZone(tzid)) return tzid;
  const tail = /([A-Za-z_]+\/[A-Za-z_+-]+(?:\/[A-Za-z_+-]+)?)$/.exec(tzid)?.[1];
  return tail && isValidTimeZone(tail) ? tail : undefined;
}
