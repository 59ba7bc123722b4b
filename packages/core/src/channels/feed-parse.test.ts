import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FeedParseError } from './feed';
import { type ParseOptions, parseFeed } from './feed-parse';
import { buildFeed } from './testing/feed-fixture';

const NOW = new Date('2027-01-15T00:00:00Z');

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

function parse(text: string, options: Partial<ParseOptions> = {}) {
  return parseFeed(text, { source: 'direct', timezone: 'America/New_York', now: NOW, ...options });
}

/** A one-calendar feed around the given VEVENT lines (LF line ends). */
function calendar(...events: string[][]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...events.flatMap((lines) => ['BEGIN:VEVENT', ...lines, 'END:VEVENT']), 'END:VCALENDAR', ''].join('\n');
}

function byUid<T extends { uid: string }>(events: T[], uid: string): T {
  const found = events.find((event) => event.uid === uid);
  if (!found) throw new Error(`no event ${uid}; have ${events.map((event) => event.uid).join(', ')}`);
  return found;
}

describe('parseFeed: time zones', () => {
  it('reads a TZID through the feed’s VTIMEZONE, DST included', () => {
    // Prepare
    const text = fixture('getmyboat-tzid.ics');

    // Act
    const { events, skipped } = parse(text, { source: 'getmyboat', timezone: 'Europe/Lisbon' });

    // Assess: Lisbon is UTC+1 in July and UTC+0 in November.
    expect(skipped).toEqual([]);
    expect(byUid(events, 'gmb-res-551230')).toMatchObject({ start: '2027-07-15T09:00:00.000Z', end: '2027-07-15T13:00:00.000Z', allDay: false });
    expect(byUid(events, 'gmb-res-551590')).toMatchObject({ start: '2027-11-10T10:00:00.000Z', end: '2027-11-10T13:00:00.000Z' });
  });

  it('places a TZID the feed does not define in that IANA zone, not the host’s or the channel’s', () => {
    // Prepare
    const text = fixture('getmyboat-tzid.ics');

    // Act
    const { events } = parse(text, { source: 'getmyboat', timezone: 'Europe/Lisbon' });

    // Assess: 09:00 in Los Angeles in July (UTC-7).
    expect(byUid(events, 'gmb-res-551318')).toMatchObject({ start: '2027-07-20T16:00:00.000Z', end: '2027-07-20T20:00:00.000Z' });
  });

  it('places floating times in the channel’s zone and keeps UTC times as they are', () => {
    // Prepare
    const text = fixture('getmyboat-tzid.ics');

    // Act
    const lisbon = parse(text, { source: 'getmyboat', timezone: 'Europe/Lisbon' }).events;
    const newYork = parse(text, { source: 'getmyboat', timezone: 'America/New_York' }).events;

    // Assess
    expect(byUid(lisbon, 'gmb-res-551402')).toMatchObject({ start: '2027-08-01T09:00:00.000Z', end: '2027-08-01T11:00:00.000Z' });
    expect(byUid(newYork, 'gmb-res-551402')).toMatchObject({ start: '2027-08-01T14:00:00.000Z', end: '2027-08-01T16:00:00.000Z' });
    expect(byUid(lisbon, 'gmb-res-551477')).toMatchObject({ start: '2027-08-05T15:00:00.000Z', end: '2027-08-05T19:00:00.000Z' });
    expect(byUid(newYork, 'gmb-res-551477').start).toBe('2027-08-05T15:00:00.000Z');
    expect(byUid(newYork, 'gmb-res-551230').start).toBe('2027-07-15T09:00:00.000Z');
  });

  it('reads a wall time skipped by the spring-forward jump with the offset from before it', () => {
    // Prepare: New York jumps from 02:00 EST to 03:00 EDT on 2027-03-14.
    const text = calendar(['UID:gap', 'DTSTART:20270314T023000', 'DURATION:PT1H', 'SUMMARY:Charter']);

    // Act
    const { events } = parse(text);

    // Assess: 02:30 EST is 07:30Z (03:30 EDT); PT1H is an exact hour, not 03:30 on the clock.
    expect(events[0]).toMatchObject({ start: '2027-03-14T07:30:00.000Z', end: '2027-03-14T08:30:00.000Z' });
  });

  it('skips an event whose TZID is neither defined in the feed nor an IANA name', () => {
    // Prepare
    const text = calendar(
      ['UID:windows-zone', 'DTSTART;TZID=Pacific Standard Time:20270610T100000', 'DTEND;TZID=Pacific Standard Time:20270610T120000', 'SUMMARY:Charter'],
      ['UID:prefixed-zone', 'DTSTART;TZID=/mozilla.org/20050126_1/America/Chicago:20270610T100000', 'DURATION:PT2H', 'SUMMARY:Charter'],
    );

    // Act
    const { events, skipped } = parse(text);

    // Assess
    expect(skipped).toEqual([{ uid: 'windows-zone', reason: 'unknown time zone "Pacific Standard Time" (not an IANA name and no VTIMEZONE in the feed)' }]);
    expect(byUid(events, 'prefixed-zone').start).toBe('2027-06-10T15:00:00.000Z');
  });
});

describe('parseFeed: all-day events and ends', () => {
  it('places all-day dates at midnight in the channel’s zone, DTEND exclusive, a missing DTEND meaning one day', () => {
    // Prepare
    const text = fixture('allday-and-blocks.ics');

    // Act
    const { events } = parse(text, { timezone: 'America/New_York' });

    // Assess
    expect(byUid(events, 'hold-2027-06-01@harbor.example')).toMatchObject({ start: '2027-06-01T04:00:00.000Z', end: '2027-06-03T04:00:00.000Z', allDay: true });
    expect(byUid(events, 'family-day@harbor.example')).toMatchObject({ start: '2027-06-10T04:00:00.000Z', end: '2027-06-11T04:00:00.000Z', allDay: true });
  });

  it('takes the end from DURATION when DTEND is missing, and marks a timed event with neither as having no end', () => {
    // Prepare
    const text = fixture('allday-and-blocks.ics');

    // Act
    const { events, skipped } = parse(text, { timezone: 'America/New_York' });

    // Assess: floating 17:00 in New York in June is 21:00Z; three hours long.
    expect(byUid(events, 'res-1081@harbor.example')).toMatchObject({ start: '2027-06-30T21:00:00.000Z', end: '2027-07-01T00:00:00.000Z', allDay: false });
    const open = byUid(events, 'res-1090@harbor.example');
    expect(open).toMatchObject({ noEnd: true, allDay: false });
    expect(open?.end).toBe(open?.start);
    expect(skipped.map((s) => s.uid)).not.toContain('res-1090@harbor.example');
  });

  it('reads a bare date without VALUE=DATE, and a one-day event written with DTEND = DTSTART, as one day', () => {
    // Prepare
    const text = calendar(['UID:bare', 'DTSTART:20270610', 'SUMMARY:Blocked'], ['UID:same', 'DTSTART;VALUE=DATE:20270611', 'DTEND;VALUE=DATE:20270611', 'SUMMARY:Blocked']);

    // Act
    const { events, skipped } = parse(text, { timezone: 'Europe/Lisbon' });

    // Assess
    expect(skipped).toEqual([]);
    expect(byUid(events, 'bare')).toMatchObject({ start: '2027-06-09T23:00:00.000Z', end: '2027-06-10T23:00:00.000Z', allDay: true });
    expect(byUid(events, 'same')).toMatchObject({ start: '2027-06-10T23:00:00.000Z', end: '2027-06-11T23:00:00.000Z', allDay: true });
  });

  it('skips free time (TRANSP:TRANSPARENT)', () => {
    // Prepare
    const text = fixture('allday-and-blocks.ics');

    // Act
    const { skipped } = parse(text);

    // Assess
    expect(skipped).toContainEqual({ uid: 'festival@harbor.example', reason: 'free time (TRANSP:TRANSPARENT)' });
  });
});

describe('parseFeed: line endings, folding and escapes', () => {
  it('unfolds a long CRLF description and unescapes commas', () => {
    // Prepare
    const text = fixture('boatsetter-basic.ics');

    // Act
    const { events, skipped } = parse(text, { source: 'boatsetter' });

    // Assess
    expect(text).toContain('\r\n ');
    expect(skipped).toEqual([]);
    expect(events.map((event) => event.uid)).toEqual([
      'booking-48213@boatsetter.example',
      'booking-48377@boatsetter.example',
      'block-7781@boatsetter.example',
      'booking-49002@boatsetter.example',
    ]);
    const jane = byUid(events, 'booking-48213@boatsetter.example');
    expect(jane.description).toContain('\nCaptain: Captained trip (captain assigned by owner)\nPickup: Miami Beach Marina, Dock C, slip 14\n');
    expect(jane.description).toContain('https://boatsetter.example/owner/bookings/48213?utm_source=calendar&utm_medium=ics');
    expect(jane.location).toBe('Miami Beach Marina, 300 Alton Rd, Miami Beach, FL 33139');
  });

  it('reads bare LF line endings and a leading byte-order mark the same way', () => {
    // Prepare
    const crlf = fixture('boatsetter-basic.ics');
    const lf = crlf.replace(/\r\n/g, '\n');

    // Act
    const fromLf = parse(`\uFEFF${lf}`, { source: 'boatsetter' });

    // Assess
    expect(fromLf).toEqual(parse(crlf, { source: 'boatsetter' }));
  });

  it('reads an LF-only feed with escaped commas and semicolons', () => {
    // Prepare
    const text = fixture('lf-only.ics');

    // Act
    const { events } = parse(text);

    // Assess
    expect(text).not.toContain('\r');
    expect(events).toHaveLength(2);
    expect(byUid(events, 'widget-2001').description).toContain('Notes: two children under 10, one needs a small life jacket; bringing their own cooler');
  });
});

describe('parseFeed: status, sequence and duplicates', () => {
  it('reads CANCELLED and TENTATIVE, defaulting to confirmed and SEQUENCE 0', () => {
    // Prepare
    const text = fixture('cancelled-sequence.ics');

    // Act
    const { events } = parse(text, { source: 'viator' });

    // Assess
    expect(byUid(events, 'BR-900112@viator.example')).toMatchObject({ status: 'cancelled', sequence: 2 });
    expect(byUid(events, 'BR-900155@viator.example')).toMatchObject({ status: 'tentative', sequence: 0 });
    expect(byUid(events, 'BR-900171@viator.example')).toMatchObject({ status: 'confirmed', sequence: 0 });
  });

  it('keeps the copy of a duplicated UID with the highest SEQUENCE and reports the other', () => {
    // Prepare
    const text = fixture('cancelled-sequence.ics');

    // Act
    const { events, skipped } = parse(text, { source: 'viator' });

    // Assess
    expect(events.filter((event) => event.uid === 'BR-900140@viator.example')).toEqual([
      expect.objectContaining({ sequence: 1, start: '2027-09-11T16:00:00.000Z' }),
    ]);
    expect(skipped).toEqual([{ uid: 'BR-900140@viator.example', reason: 'duplicate UID: a copy with SEQUENCE 0 dropped for one with SEQUENCE 1' }]);
  });

  it('keeps the later copy when the SEQUENCEs are equal', () => {
    // Prepare
    const text = calendar(
      ['UID:twice', 'DTSTART:20270610T100000Z', 'DTEND:20270610T120000Z', 'SUMMARY:First'],
      ['UID:twice', 'DTSTART:20270611T100000Z', 'DTEND:20270611T120000Z', 'SUMMARY:Second'],
    );

    // Act
    const { events, skipped } = parse(text);

    // Assess
    expect(events.map((event) => event.summary)).toEqual(['Second']);
    expect(skipped).toEqual([{ uid: 'twice', reason: 'duplicate UID: a copy with SEQUENCE 0 dropped for one with SEQUENCE 0' }]);
  });
});

describe('parseFeed: recurrence', () => {
  it('expands a weekly rule in the window, leaving out the EXDATE and the overridden occurrence', () => {
    // Prepare
    const text = fixture('recurring.ics');

    // Act
    const { events, skipped } = parse(text, { timezone: 'America/New_York' });

    // Assess: 08:00 in Los Angeles (no VTIMEZONE) is 16:00Z, then 15:00Z once DST starts on
    // March 14th. January 4th and 11th ended before the window (now − 1 day); February 1st is
    // an EXDATE; February 15th comes from its override.
    expect(skipped).toEqual([]);
    const weekly = events.filter((event) => event.uid.startsWith('weekly-maintenance@harbor.example#'));
    expect(weekly.map((event) => [event.uid.split('#')[1], event.start, event.end])).toEqual([
      ['2027-01-18T16:00:00.000Z', '2027-01-18T16:00:00.000Z', '2027-01-18T20:00:00.000Z'],
      ['2027-01-25T16:00:00.000Z', '2027-01-25T16:00:00.000Z', '2027-01-25T20:00:00.000Z'],
      ['2027-02-08T16:00:00.000Z', '2027-02-08T16:00:00.000Z', '2027-02-08T20:00:00.000Z'],
      ['2027-02-15T16:00:00.000Z', '2027-02-15T21:00:00.000Z', '2027-02-16T01:00:00.000Z'],
      ['2027-02-22T16:00:00.000Z', '2027-02-22T16:00:00.000Z', '2027-02-22T20:00:00.000Z'],
      ['2027-03-01T16:00:00.000Z', '2027-03-01T16:00:00.000Z', '2027-03-01T20:00:00.000Z'],
      ['2027-03-08T16:00:00.000Z', '2027-03-08T16:00:00.000Z', '2027-03-08T20:00:00.000Z'],
      ['2027-03-15T15:00:00.000Z', '2027-03-15T15:00:00.000Z', '2027-03-15T19:00:00.000Z'],
      ['2027-03-22T15:00:00.000Z', '2027-03-22T15:00:00.000Z', '2027-03-22T19:00:00.000Z'],
    ]);
    expect(byUid(events, 'weekly-maintenance@harbor.example#2027-02-15T16:00:00.000Z')).toMatchObject({
      summary: 'Maintenance - hull check (afternoon)',
      sequence: 1,
      kind: 'block',
    });
  });

  it('expands all-day occurrences at the channel’s midnight, DST or not', () => {
    // Prepare
    const text = fixture('recurring.ics');

    // Act
    const { events } = parse(text, { timezone: 'America/New_York' });

    // Assess
    expect(events.filter((event) => event.uid.startsWith('monthly-owner@')).map((event) => [event.uid, event.start, event.end, event.allDay])).toEqual([
      ['monthly-owner@harbor.example#2027-02-01T05:00:00.000Z', '2027-02-01T05:00:00.000Z', '2027-02-02T05:00:00.000Z', true],
      ['monthly-owner@harbor.example#2027-03-01T05:00:00.000Z', '2027-03-01T05:00:00.000Z', '2027-03-02T05:00:00.000Z', true],
      ['monthly-owner@harbor.example#2027-04-01T04:00:00.000Z', '2027-04-01T04:00:00.000Z', '2027-04-02T04:00:00.000Z', true],
    ]);
  });

  it('keeps an override whose master is absent, under the occurrence uid', () => {
    // Prepare
    const text = fixture('recurring.ics');

    // Act
    const { events } = parse(text);

    // Assess
    expect(byUid(events, 'lost-series@harbor.example#2027-03-10T17:00:00.000Z')).toMatchObject({
      start: '2027-03-10T18:00:00.000Z',
      end: '2027-03-10T20:00:00.000Z',
      kind: 'booking',
      guest: { name: 'Ines Duarte', count: 6 },
    });
  });

  it('expands an endless rule only up to the horizon', () => {
    // Prepare: every Sunday from January 3rd, no end.
    const text = calendar(['UID:sundays', 'DTSTART:20270103T140000Z', 'DTEND:20270103T180000Z', 'RRULE:FREQ=WEEKLY', 'SUMMARY:Closed']);

    // Act
    const { events } = parse(text, { horizonDays: 30 });

    // Assess: from January 14th to February 14th, 00:00Z.
    expect(events.map((event) => event.start)).toEqual([
      '2027-01-17T14:00:00.000Z',
      '2027-01-24T14:00:00.000Z',
      '2027-01-31T14:00:00.000Z',
      '2027-02-07T14:00:00.000Z',
    ]);
  });

  it('cuts off a rule that would run away and says so', () => {
    // Prepare
    const text = calendar(
      ['UID:every-minute', 'DTSTART:20270115T000000Z', 'DURATION:PT1M', 'RRULE:FREQ=MINUTELY', 'SUMMARY:Busy'],
      ['UID:since-2000', 'DTSTART:20000101T000000Z', 'DURATION:PT1S', 'RRULE:FREQ=SECONDLY', 'SUMMARY:Busy'],
    );

    // Act
    const { events, skipped } = parse(text);

    // Assess
    expect(events).toHaveLength(2_000);
    expect(skipped).toEqual([
      { uid: 'every-minute', reason: 'recurrence stopped after 2000 occurrences' },
      { uid: 'since-2000', reason: 'recurrence not expanded: more than 50000 steps to reach the window' },
    ]);
  });
});

describe('parseFeed: events it cannot use', () => {
  it('skips the broken events in the middle of a good feed, each with its reason, and keeps the rest', () => {
    // Prepare
    const text = fixture('junk-in-middle.ics');

    // Act
    const { events, skipped } = parse(text);

    // Assess
    expect(events.map((event) => event.uid)).toEqual(['good-1@harbor.example', 'good-2@harbor.example']);
    expect(skipped).toEqual([
      { uid: 'bad-rule@harbor.example', reason: expect.stringMatching(/^unreadable event: invalid frequency "SOMETIMES"/) },
      { reason: 'no UID' },
      { uid: 'bad-start@harbor.example', reason: 'DTSTART is not a valid date or date-time' },
      { uid: 'backwards@harbor.example', reason: 'end before start' },
      { uid: 'far-future@harbor.example', reason: 'date out of range: 9999-01-01T05:00:00.000Z (outside 2000–2100)' },
    ]);
  });

  it('refuses a date ical.js would roll over into another month', () => {
    // Prepare
    const text = calendar(
      ['UID:month-13', 'DTSTART:20271345T100000Z', 'DTEND:20271345T120000Z', 'SUMMARY:Charter'],
      ['UID:short-date', 'DTSTART;VALUE=DATE:2027061', 'SUMMARY:Blocked'],
      ['UID:no-start', 'DTEND:20270610T120000Z', 'SUMMARY:Charter'],
      ['UID:zero', 'DTSTART:20270610T120000Z', 'DTEND:20270610T120000Z', 'SUMMARY:Charter'],
    );

    // Act
    const { events, skipped } = parse(text);

    // Assess
    // An end equal to the start says no more than no end at all.
    expect(events.map((e) => [e.uid, e.noEnd])).toEqual([['zero', true]]);
    expect(skipped).toEqual([
      { uid: 'month-13', reason: 'DTSTART is not a valid date or date-time' },
      { uid: 'short-date', reason: 'DTSTART is not a valid date or date-time' },
      { uid: 'no-start', reason: 'no DTSTART' },
    ]);
  });

  it('drops a stray unfolded line rather than the event, and loses only an event that never ends', () => {
    // Prepare
    const text = calendar(
      ['UID:raw-newline', 'DTSTART:20270610T100000Z', 'DTEND:20270610T120000Z', 'SUMMARY:Charter', 'DESCRIPTION:Name: Jane Doe', 'Guests: 6 (pasted with a raw line break)'],
      ['UID:cut', 'DTSTART:20270611T100000Z', 'SUMMARY:Charter'].concat(['BEGIN:VEVENT', 'UID:after-cut', 'DTSTART:20270612T100000Z', 'DTEND:20270612T120000Z', 'SUMMARY:Charter']),
    );

    // Act
    const { events, skipped } = parse(text);

    // Assess
    expect(events.map((event) => [event.uid, event.description])).toEqual([
      ['raw-newline', 'Name: Jane Doe'],
      ['after-cut', ''],
    ]);
    expect(skipped).toEqual([{ uid: 'cut', reason: expect.stringMatching(/^unreadable event: /) }]);
  });

  it('keeps a skip reason short when ical.js quotes a long line', () => {
    // Prepare
    const text = calendar(['UID:long', 'DTSTART:20270610T100000Z', 'DURATION:PT2H', `RRULE:FREQ=${'X'.repeat(5_000)}`]);

    // Act
    const { skipped } = parse(text);

    // Assess
    expect(skipped).toEqual([{ uid: 'long', reason: expect.stringMatching(/^unreadable event: invalid frequency .{100,}…$/) }]);
    expect(skipped[0]?.reason.length).toBeLessThan(230);
  });
});

describe('parseFeed: bodies that are not a calendar', () => {
  it.each([
    ['an HTML sign-in page', fixture('login-page.html'), 'The feed is not an iCalendar document'],
    ['an empty body', '', 'The feed is empty'],
    ['a blank body', ' \r\n\n', 'The feed is empty'],
    ['JSON', '{"error":"unauthorized"}', 'The feed is not an iCalendar document'],
    ['a vCard', 'BEGIN:VCARD\nVERSION:4.0\nFN:Jane\nEND:VCARD\n', 'The feed is not an iCalendar document'],
    ['a cut-off download', fixture('boatsetter-basic.ics').slice(0, 700), 'The feed is truncated: END:VCALENDAR is missing'],
  ])('throws FeedParseError for %s', (_name, text, message) => {
    // Act
    const act = () => parse(text);

    // Assess
    expect(act).toThrow(FeedParseError);
    expect(act).toThrow(message);
  });

  it('accepts a calendar with no events', () => {
    // Act
    const parsed = parse('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nEND:VCALENDAR\r\n');

    // Assess
    expect(parsed).toEqual({ events: [], skipped: [] });
  });
});

describe('buildFeed', () => {
  it('writes a feed the parser reads back exactly, escapes and folding included', () => {
    // Prepare
    const description = 'Renter: Zoë Ångström\nNotes: cake, balloons; a "\\" backslash\n' + 'Long line '.repeat(20) + '— with ünïcödé at the fold';
    const text = buildFeed(
      [
        { uid: 'a@test', start: new Date('2027-06-10T14:00:00Z'), end: new Date('2027-06-10T18:00:00Z'), summary: 'Booking: Zoë, Ann; Co', description, location: 'Dock 4, Slip 2' },
        { uid: 'b@test', start: new Date('2027-06-11T14:00:00Z'), end: new Date('2027-06-11T18:00:00Z'), summary: 'Busy', status: 'CANCELLED', sequence: 3 },
      ],
      { lineEnding: '\n' },
    );

    // Act
    const { events, skipped } = parse(text);

    // Assess
    expect(text).not.toContain('\r');
    expect(text.split('\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true);
    expect(text.split('\n').some((line) => line.startsWith(' '))).toBe(true);
    expect(skipped).toEqual([]);
    expect(events[0]).toMatchObject({ uid: 'a@test', summary: 'Booking: Zoë, Ann; Co', description, location: 'Dock 4, Slip 2', start: '2027-06-10T14:00:00.000Z', end: '2027-06-10T18:00:00.000Z' });
    expect(events[1]).toMatchObject({ uid: 'b@test', status: 'cancelled', sequence: 3, kind: 'block' });
  });

  it('makes a 500-event CRLF feed the parser reads whole', () => {
    // Prepare
    const base = Date.UTC(2027, 1, 1, 14);
    const text = buildFeed(
      Array.from({ length: 500 }, (_, i) => ({
        uid: `bk-${i}@bench`,
        start: new Date(base + i * 86_400_000),
        end: new Date(base + i * 86_400_000 + 4 * 3_600_000),
        summary: `Boatsetter Booking - Guest ${i}`,
        description: `Booking #${1000 + i}\nRenter: Guest ${i}\nGuests: ${(i % 12) + 1}`,
      })),
    );

    // Act
    const { events, skipped } = parse(text, { source: 'boatsetter' });

    // Assess
    expect(text.split('\r\n').length).toBeGreaterThan(500 * 8);
    expect(skipped).toEqual([]);
    expect(events).toHaveLength(500);
    expect(events[499]).toMatchObject({ uid: 'bk-499@bench', kind: 'booking', guest: { name: 'Guest 499', count: 8 } });
  });
});
