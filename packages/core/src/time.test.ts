import { afterEach, describe, expect, it, vi } from 'vitest';
import { offsetDateTimeSchema, timeZoneSchema, toUtcInstant } from './time';

/** A fresh copy of the module: its time zone cache is empty. */
async function freshTime() {
  vi.resetModules();
  return import('./time');
}

/** Counts the formatters built, the costly part the cache saves. */
function countFormatters() {
  return vi.spyOn(Intl, 'DateTimeFormat');
}

afterEach(() => vi.restoreAllMocks());

describe('offsetDateTimeSchema', () => {
  it('accepts ISO 8601 date-times with an offset or Z', () => {
    // Prepare
    const values = ['2026-07-04T18:00:00-07:00', '2026-07-04T18:00:00+05:30', '2026-07-05T01:00:00Z', '2026-07-05T01:00:00.250Z'];
    // Act
    const results = values.map((value) => offsetDateTimeSchema.safeParse(value).success);
    // Assess
    expect(results).toEqual([true, true, true, true]);
  });

  it('refuses a local date-time, a date alone and free text, with the advice', () => {
    // Prepare
    const values = ['2026-07-04T18:00:00', '2026-07-04', 'July 4th, 6 pm'];
    // Act
    const messages = values.map((value) => offsetDateTimeSchema.safeParse(value).error?.issues[0]?.message);
    // Assess
    expect(messages).toEqual(values.map(() => 'Use an ISO 8601 date-time with an offset, e.g. 2026-07-04T18:00:00-07:00'));
  });
});

describe('isValidTimeZone', () => {
  it('knows IANA zones and refuses unknown or empty names', async () => {
    // Prepare
    const { isValidTimeZone } = await freshTime();
    // Act
    const answers = ['America/Los_Angeles', 'UTC', 'Mars/Olympus_Mons', '', 'PST8PDT/x'].map(isValidTimeZone);
    // Assess
    expect(answers).toEqual([true, true, false, false, false]);
  });

  it('answers the same question again from its cache, for valid and unknown names', async () => {
    // Prepare
    const { isValidTimeZone } = await freshTime();
    const formatters = countFormatters();
    // Act
    const first = [isValidTimeZone('Europe/Lisbon'), isValidTimeZone('Nowhere/Town')];
    const again = [isValidTimeZone('Europe/Lisbon'), isValidTimeZone('Nowhere/Town')];
    // Assess
    expect(first).toEqual([true, false]);
    expect(again).toEqual([true, false]);
    expect(formatters).toHaveBeenCalledTimes(2);
  });

  it('caches at most 1000 names: anyone can send time zone names', async () => {
    // Prepare: exactly 1000 distinct names fill the cache.
    const { isValidTimeZone } = await freshTime();
    for (let i = 0; i < 1000; i++) isValidTimeZone(`Nowhere/Town_${i}`);
    const formatters = countFormatters();
    // Act
    const answers = [isValidTimeZone('Asia/Tokyo'), isValidTimeZone('Asia/Tokyo'), isValidTimeZone('Nowhere/Town_999')];
    // Assess: the 1001st is answered but not kept; the 1000th is still kept.
    expect(answers).toEqual([true, true, false]);
    expect(formatters).toHaveBeenCalledTimes(2);
  });
});

describe('timeZoneSchema', () => {
  it('accepts an IANA zone and refuses an empty or unknown one with its message', () => {
    // Prepare / Act
    const zone = timeZoneSchema.safeParse('Pacific/Honolulu');
    const unknown = timeZoneSchema.safeParse('Atlantis/Main');
    const empty = timeZoneSchema.safeParse('');
    // Assess
    expect(zone.data).toBe('Pacific/Honolulu');
    expect(unknown.error?.issues.map((issue) => issue.message)).toEqual(['Unknown IANA time zone']);
    expect(empty.error?.issues[0]).toMatchObject({ code: 'too_small', minimum: 1 });
  });
});

describe('toUtcInstant', () => {
  it('normalises an offset date-time to a sortable UTC instant with milliseconds', () => {
    // Prepare / Act
    const instants = ['2026-07-04T18:00:00-07:00', '2026-07-05T01:00:00Z', '2026-12-31T23:30:00.5-01:00'].map(toUtcInstant);
    // Assess
    expect(instants).toEqual(['2026-07-05T01:00:00.000Z', '2026-07-05T01:00:00.000Z', '2027-01-01T00:30:00.500Z']);
  });
});
