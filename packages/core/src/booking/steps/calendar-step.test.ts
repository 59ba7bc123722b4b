import { beforeEach, describe, expect, it } from 'vitest';
import { sunsetBooking } from '../testing/sunset-booking';
import type { CrewMember } from '../../schemas/crew';
import type { CalendarEventDraft, CalendarPort } from '../ports';
import type { BookingRecord, StepMemory } from '../schema';
import { MemoryCalendar } from '../testing/memory-ports';
import { calendarStep } from './calendar-step';

const NOW = new Date('2027-06-01T12:00:00.000Z');
const RAN = new Date('2027-06-01T12:00:05.000Z');
const POLICY = { timeoutMs: 1_000, attempts: 1, backoffMs: 0 };
/** The booking's deterministic calendar event id (ids.ts). */
const CALENDAR_ID = 'scc326fr4t8evvbml0v1158bt9vihf603v1eak16a76';
/** The fingerprint of the draft of recordOf() with Ana on the roster. */
const FINGERPRINT = '14b3403e37d6fc718545825057b167ba0e960712d1f2ce43c3a79f54d6aa007d';

const recordOf = (overrides: Partial<BookingRecord> = {}): BookingRecord => sunsetBooking({}, overrides);

const ANA: CrewMember = { crewId: 'ana', name: 'Ana Lopez', email: 'ana@example.com', active: true, version: 1, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() };
const ROSTER = new Map([['ana', ANA]]);

let calendar: MemoryCalendar;
beforeEach(() => {
  calendar = new MemoryCalendar();
});

const stepWith = (port: CalendarPort | undefined) =>
  calendarStep({ calendar: port, adminBookingUrl: (id) => `https://scc.test/admin/bookings/${id}`, policy: POLICY, sleep: async () => {}, clock: () => RAN });
const converge = (record: BookingRecord, memory?: StepMemory, port: CalendarPort | undefined = calendar) =>
  stepWith(port).converge({ record, roster: ROSTER, memory, now: NOW });

describe('the calendar step', () => {
  it('is the calendar step', () => {
    // Act / Assess
    expect(stepWith(calendar).name).toBe('calendar');
  });

  it('is skipped, saying why, when no calendar is configured', async () => {
    // Act
    const outcome = await stepWith(undefined).converge({ record: recordOf(), roster: ROSTER, memory: undefined, now: NOW });
    // Assess
    expect(outcome).toEqual({ state: { status: 'skipped', at: RAN.toISOString(), reason: 'Google Calendar is not configured' } });
  });

  it('inserts the event with the deterministic id the first time, with one call, and remembers what it wrote', async () => {
    // Act
    const outcome = await converge(recordOf());
    // Assess
    expect(outcome).toEqual({ state: { status: 'succeeded', at: RAN.toISOString() }, memory: { fingerprint: FINGERPRINT } });
    expect(calendar.calls).toEqual(['insert']);
    expect(calendar.entries.get(CALENDAR_ID)).toEqual({
      id: CALENDAR_ID,
      summary: 'Sunset sail',
      description: 'Boat: Aurora\nGuests: Dana Reyes, party of 4\nCrew: Ana Lopez (captain)\nBooking: https://scc.test/admin/bookings/bk_sunset',
      location: 'Pier 4',
      start: { dateTime: '2027-06-10T18:00:00+02:00', timeZone: 'Europe/Madrid' },
      end: { dateTime: '2027-06-10T21:00:00+02:00', timeZone: 'Europe/Madrid' },
      status: 'confirmed',
      cancelled: false,
    });
  });

  it('writes nothing when the calendar already shows this draft', async () => {
    // Act
    const outcome = await converge(recordOf(), { version: 1, fingerprint: FINGERPRINT });
    // Assess
    expect(outcome).toEqual({ state: { status: 'succeeded', at: RAN.toISOString(), note: 'already up to date' }, memory: { fingerprint: FINGERPRINT } });
    expect(calendar.calls).toEqual([]);
  });

  it('updates an event it wrote before, with one call', async () => {
    // Prepare
    await converge(recordOf());
    calendar.calls.length = 0;
    // Act
    const outcome = await converge(recordOf({ request: { ...recordOf().request, boat: 'Borealis' } }), { version: 1, fingerprint: FINGERPRINT });
    // Assess
    expect(outcome.state).toEqual({ status: 'succeeded', at: RAN.toISOString() });
    expect(outcome.memory?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(outcome.memory?.fingerprint).not.toBe(FINGERPRINT);
    expect(calendar.calls).toEqual(['update']);
    expect(calendar.entries.get(CALENDAR_ID)?.description).toContain('Boat: Borealis');
  });

  it('updates the event an interrupted run already inserted', async () => {
    // Prepare: inserted, but the outcome never saved
    await converge(recordOf());
    calendar.calls.length = 0;
    // Act
    const outcome = await converge(recordOf());
    // Assess
    expect(outcome.state.status).toBe('succeeded');
    expect(calendar.calls).toEqual(['insert', 'update']);
  });

  it('puts back an event deleted by hand since it was written', async () => {
    // Prepare
    const before = { version: 1, fingerprint: 'f'.repeat(64) };
    // Act
    const outcome = await converge(recordOf(), before);
    // Assess
    expect(outcome).toEqual({ state: { status: 'succeeded', at: RAN.toISOString() }, memory: { fingerprint: FINGERPRINT } });
    expect(calendar.calls).toEqual(['update', 'insert']);
    expect(calendar.entries.has(CALENDAR_ID)).toBe(true);
  });

  it('fails for good when the event can neither be updated nor inserted', async () => {
    // Prepare: the calendar says it exists but cannot find it
    const calls: string[] = [];
    const confused: CalendarPort = {
      insertEvent: async () => (calls.push('insert'), { outcome: 'exists' }),
      updateEvent: async () => (calls.push('update'), { outcome: 'missing' }),
      cancelEvent: async () => (calls.push('cancel'), { outcome: 'missing' }),
    };
    // Act
    const outcome = await converge(recordOf(), undefined, confused);
    // Assess
    expect(calls).toEqual(['insert', 'update', 'insert']);
    expect(outcome).toEqual({
      state: { status: 'failed', at: RAN.toISOString(), reason: 'The calendar event can neither be updated nor inserted', retryable: false, attempts: 1 },
    });
  });

  it('cancels the event of a cancelled booking, and remembers that', async () => {
    // Prepare
    await converge(recordOf());
    calendar.calls.length = 0;
    // Act
    const outcome = await converge(recordOf({ status: 'cancelled' }), { version: 1, fingerprint: FINGERPRINT });
    // Assess
    expect(outcome).toEqual({ state: { status: 'succeeded', at: RAN.toISOString() }, memory: { fingerprint: 'cancelled' } });
    expect(calendar.calls).toEqual(['cancel']);
    expect(calendar.entries.get(CALENDAR_ID)?.cancelled).toBe(true);
  });

  it('does not cancel twice', async () => {
    // Act
    const outcome = await converge(recordOf({ status: 'cancelled' }), { version: 2, fingerprint: 'cancelled' });
    // Assess
    expect(outcome.state).toMatchObject({ status: 'succeeded', note: 'already up to date' });
    expect(calendar.calls).toEqual([]);
  });

  it('brings a reinstated trip back with an update', async () => {
    // Prepare
    await converge(recordOf());
    await converge(recordOf({ status: 'cancelled' }), { version: 1, fingerprint: FINGERPRINT });
    calendar.calls.length = 0;
    // Act
    const outcome = await converge(recordOf({ status: 'active' }), { version: 2, fingerprint: 'cancelled' });
    // Assess
    expect(outcome.memory).toEqual({ fingerprint: FINGERPRINT });
    expect(calendar.calls).toEqual(['update']);
    expect(calendar.entries.get(CALENDAR_ID)?.cancelled).toBe(false);
  });

  it('passes the abort signal to the calendar', async () => {
    // Prepare
    const signals: (AbortSignal | undefined)[] = [];
    const port: CalendarPort = {
      insertEvent: async (_: CalendarEventDraft, signal?: AbortSignal) => (signals.push(signal), { outcome: 'created' }),
      updateEvent: async (_: CalendarEventDraft, signal?: AbortSignal) => (signals.push(signal), { outcome: 'updated' }),
      cancelEvent: async (_: string, signal?: AbortSignal) => (signals.push(signal), { outcome: 'cancelled' }),
    };
    // Act
    await converge(recordOf(), undefined, port);
    await converge(recordOf(), { version: 1, fingerprint: 'x' }, port);
    await converge(recordOf({ status: 'cancelled' }), undefined, port);
    // Assess
    expect(signals).toHaveLength(3);
    expect(signals.every((signal) => signal instanceof AbortSignal)).toBe(true);
  });

  it('keeps no fingerprint of a write that failed', async () => {
    // Prepare
    calendar.failNext = 1;
    // Act
    const outcome = await converge(recordOf());
    // Assess
    expect(outcome).toEqual({ state: { status: 'failed', at: RAN.toISOString(), reason: 'Calendar is down', retryable: true, attempts: 1 } });
  });
});
