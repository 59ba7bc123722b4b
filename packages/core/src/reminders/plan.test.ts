import { describe, expect, it } from 'vitest';
import type { BookingRecord } from '../booking/schema';
import { DEFAULT_SETTINGS, type OperatorSettings } from '../settings/operator-settings';
import { atLocalTime, addDays, localDateOf } from './local-time';
import { reminderName, SCHEDULE_NAME } from './names';
import { planReminders } from './plan';

const BOOKING_ID = 'bk_0123456789abcdefghijklmnop';

function booking(overrides: Partial<BookingRecord['request']> = {}, extra: Partial<BookingRecord> = {}): BookingRecord {
  return {
    bookingId: BOOKING_ID,
    source: 'boatsetter',
    externalId: 'A1',
    payloadHash: 'h',
    request: {
      source: 'boatsetter',
      externalId: 'A1',
      title: 'Sunset sail',
      start: '2026-07-04T18:00:00-07:00',
      end: '2026-07-04T21:00:00-07:00',
      timezone: 'America/Los_Angeles',
      boat: 'JADA',
      meetingPoint: 'Dock C',
      guest: { name: 'Kim Park', email: 'kim@example.com', count: 6 },
      notes: '',
      crew: [{ crewId: 'crew_ana', role: 'captain' }],
      crewTasks: [],
      ...overrides,
    },
    eventId: 'evt_1',
    slug: 'sunset-sail-x',
    steps: {} as BookingRecord['steps'],
    version: 3,
    createdAt: '2026-06-01T00:00:00.000Z',
    updatedAt: '2026-06-01T00:00:00.000Z',
    ...extra,
  };
}

const EARLY = new Date('2026-06-01T12:00:00Z');
const withGrace = (minutes: number): OperatorSettings => ({ ...DEFAULT_SETTINGS, guestPage: { ...DEFAULT_SETTINGS.guestPage, uploadGraceMinutes: minutes } });

describe('planReminders', () => {
  it('plans the crew reminder at 18:00 and the guest reminder at 10:00 the day before, on the trip’s clock', () => {
    const plan = planReminders(booking(), DEFAULT_SETTINGS, EARLY);

    expect(plan).toEqual([
      {
        name: `scc.${BOOKING_ID}.crew.v3`,
        // 18:00 PDT on 3 July.
        at: new Date('2026-07-04T01:00:00.000Z'),
        payload: { bookingId: BOOKING_ID, kind: 'crewReminder', version: 3 },
      },
      {
        name: `scc.${BOOKING_ID}.guest.v3`,
        at: new Date('2026-07-03T17:00:00.000Z'),
        payload: { bookingId: BOOKING_ID, kind: 'guestReminder', version: 3 },
      },
    ]);
  });

  it('plans the after-trip note at the end only when uploads stay open after it', () => {
    const plan = planReminders(booking(), withGrace(24 * 60), EARLY);

    expect(plan.map((r) => [r.payload.kind, r.at.toISOString()])).toEqual([
      ['crewReminder', '2026-07-04T01:00:00.000Z'],
      ['guestReminder', '2026-07-03T17:00:00.000Z'],
      ['afterTrip', '2026-07-05T04:00:00.000Z'],
    ]);
  });

  it('uses the operator’s times, across a daylight-saving change (Europe/Lisbon, 29 March 2026)', () => {
    const settings: OperatorSettings = { ...DEFAULT_SETTINGS, notifications: { ...DEFAULT_SETTINGS.notifications, crewReminderAt: '19:30', guestReminderAt: '09:15' } };
    // The trip is the Monday after the clocks went forward on Sunday: the day before is WEST (UTC+1).
    const plan = planReminders(
      booking({ start: '2026-03-30T10:00:00+01:00', end: '2026-03-30T13:00:00+01:00', timezone: 'Europe/Lisbon' }),
      settings,
      new Date('2026-03-01T00:00:00Z'),
    );

    expect(plan.map((r) => r.at.toISOString())).toEqual(['2026-03-29T18:30:00.000Z', '2026-03-29T08:15:00.000Z']);
  });

  it('takes the day before on the trip’s own calendar, not UTC’s (a morning trip in Auckland)', () => {
    const plan = planReminders(
      booking({ start: '2026-07-04T08:00:00+12:00', end: '2026-07-04T11:00:00+12:00', timezone: 'Pacific/Auckland' }),
      DEFAULT_SETTINGS,
      EARLY,
    );

    // 18:00 on 3 July in Auckland (NZST, UTC+12) is 06:00 UTC that day.
    expect(plan[0]?.at.toISOString()).toBe('2026-07-03T06:00:00.000Z');
  });

  it('skips times already past', () => {
    const afternoonBefore = new Date('2026-07-03T20:00:00Z');

    const plan = planReminders(booking(), withGrace(60), afternoonBefore);

    expect(plan.map((r) => r.payload.kind)).toEqual(['crewReminder', 'afterTrip']);
  });

  it('no crew reminder without crew; no guest messages without an email, with notifyGuest false or unconfirmed guest details', () => {
    expect(planReminders(booking({ crew: [] }), DEFAULT_SETTINGS, EARLY).map((r) => r.payload.kind)).toEqual(['guestReminder']);
    expect(planReminders(booking({ guest: { name: 'Kim', count: 2 } }), withGrace(60), EARLY).map((r) => r.payload.kind)).toEqual(['crewReminder']);
    const silenced = booking({ notifyGuest: false });
    expect(planReminders(silenced, withGrace(60), EARLY).map((r) => r.payload.kind)).toEqual(['crewReminder']);
    const unconfirmed = booking({}, { needsDetails: ['guest'] });
    expect(planReminders(unconfirmed, withGrace(60), EARLY).map((r) => r.payload.kind)).toEqual(['crewReminder']);
  });

  it('plans nothing for a cancelled trip', () => {
    expect(planReminders(booking({}, { status: 'cancelled' }), withGrace(60), EARLY)).toEqual([]);
  });
});

describe('reminderName', () => {
  it('is valid for EventBridge Scheduler and differs by kind and version', () => {
    const names = [reminderName(BOOKING_ID, 'crewReminder', 1), reminderName(BOOKING_ID, 'afterTrip', 12345), reminderName(BOOKING_ID, 'guestReminder', 1)];

    expect(names).toEqual([`scc.${BOOKING_ID}.crew.v1`, `scc.${BOOKING_ID}.after.v12345`, `scc.${BOOKING_ID}.guest.v1`]);
    for (const name of names) expect(name).toMatch(SCHEDULE_NAME);
  });

  it('hashes an id that would not fit, keeping the name stable and valid', () => {
    const long = `bk_${'x'.repeat(80)}`;

    const name = reminderName(long, 'crewReminder', 2);

    expect(name).toMatch(SCHEDULE_NAME);
    expect(name).toBe(reminderName(long, 'crewReminder', 2));
    expect(reminderName('bk/with spaces', 'crewReminder', 2)).toMatch(/^scc\.[0-9a-f]{32}\.crew\.v2$/);
  });
});

describe('local time', () => {
  it('finds the date on a zone’s clock and the instant of a time on it', () => {
    const instant = new Date('2026-07-04T03:30:00Z');

    expect(localDateOf(instant, 'America/Los_Angeles')).toEqual({ year: 2026, month: 7, day: 3 });
    expect(addDays({ year: 2028, month: 3, day: 1 }, -1)).toEqual({ year: 2028, month: 2, day: 29 });
    expect(atLocalTime({ year: 2026, month: 11, day: 1 }, '07:30', 'America/New_York').toISOString()).toBe('2026-11-01T12:30:00.000Z');
  });
});
