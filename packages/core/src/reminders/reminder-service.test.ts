import { describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from '../errors';
import { bookingCreateSchema } from '../booking/schema';
import { memoryBookingRig } from '../booking/testing/booking-service-rig';
import { MemoryEvents, MemoryNotifications } from '../booking/testing/memory-ports';
import type { OutgoingEmail } from '../booking/ports';
import { DEFAULT_SETTINGS } from '../settings/operator-settings';
import { ClockedScheduler, LOCAL_ATTEMPTS, LOCAL_RETRY_MS } from './clocked-scheduler';
import { ReminderNotSentError } from './errors';
import { ReminderService } from './reminder-service';

const NOW = new Date('2026-07-01T12:00:00Z');

async function setUp() {
  const events = new MemoryEvents();
  const notifications = new MemoryNotifications();
  const rig = memoryBookingRig(NOW, { events, notifications });
  rig.crew.add('ana', 'Ana Lopez');
  rig.crew.add('ben', 'Ben Ortiz');
  const { result } = await rig.service.submit(
    bookingCreateSchema.parse({
      source: 'boatsetter',
      externalId: 'R1',
      title: 'Sunset sail',
      start: '2026-07-04T18:00:00-07:00',
      end: '2026-07-04T21:00:00-07:00',
      timezone: 'America/Los_Angeles',
      boat: 'JADA',
      meetingPoint: 'Dock C',
      guest: { name: 'Kim Park', email: 'kim@example.com', count: 6 },
      crew: [
        { crewId: 'ana', role: 'captain' },
        { crewId: 'ben', role: 'mate' },
      ],
      finance: { revenue: 185000, captainFee: 40000, platformFee: 20000, currency: 'USD' },
    }),
  );
  // Ben's address bounces until the mailer is fixed.
  let failing = new Set(['ben@example.com']);
  const sent: OutgoingEmail[] = [];
  const mailer = {
    async send(email: OutgoingEmail) {
      if (failing.has(email.to)) throw new DependencyUnavailableError('SES is throttling');
      sent.push(email);
      return { messageId: `m${sent.length}` };
    },
  };
  const reminders = new ReminderService({
    bookings: rig.bookings,
    events,
    crew: rig.crew,
    notifications,
    mailer,
    settings: async () => DEFAULT_SETTINGS,
    render: {
      crewReminder: (v) => ({ subject: `crew ${v.crewName}`, html: '', text: '' }),
      guestReminder: (v) => ({ subject: `guest ${v.guestName}`, html: '', text: '' }),
      afterTrip: (v) => ({ subject: `after ${v.guestName}`, html: '', text: '' }),
    },
    links: { guestPageUrl: (slug) => `https://scc.test/g/${slug}`, crewPageUrl: async () => 'https://scc.test/c/x' },
    clock: rig.clock,
  });
  return { rig, reminders, sent, result, fix: () => (failing = new Set()) };
}

describe('ReminderService.fire', () => {
  it('sends to those it can, throws for the rest, and a retry sends only the missing copy', async () => {
    const { reminders, sent, result, fix, rig } = await setUp();
    rig.setNow(new Date('2026-07-04T01:00:00Z'));
    const payload = { bookingId: result.bookingId, kind: 'crewReminder' as const, version: 1 };

    const first = await reminders.fire(payload).catch((e: unknown) => e);
    fix();
    const retried = await reminders.fire(payload);

    expect(first).toBeInstanceOf(ReminderNotSentError);
    expect((first as ReminderNotSentError).details).toMatchObject({ recipients: ['ben'], sent: 1 });
    expect((first as ReminderNotSentError).cause).toBeInstanceOf(DependencyUnavailableError);
    expect(retried).toEqual({ sent: 1, alreadySent: 1, unconfirmed: 0 });
    expect(sent.map((e) => `${e.to} ${e.subject}`)).toEqual(['ana@example.com crew Ana Lopez', 'ben@example.com crew Ben Ortiz']);
  });

  it('skips a crew member who declined, and sends nothing once the trip has started', async () => {
    const { reminders, sent, result, rig, fix } = await setUp();
    fix();
    await rig.bookings.setCrewResponse(result.bookingId, 'ben', { status: 'declined', at: NOW.toISOString(), version: 1 }, undefined);

    rig.setNow(new Date('2026-07-04T01:00:00Z'));
    const evening = await reminders.fire({ bookingId: result.bookingId, kind: 'crewReminder', version: 1 });
    rig.setNow(new Date('2026-07-05T01:00:01Z'));
    const late = await reminders.fire({ bookingId: result.bookingId, kind: 'guestReminder', version: 1 });

    expect(evening).toEqual({ sent: 1, alreadySent: 0, unconfirmed: 0 });
    expect(late).toMatchObject({ sent: 0, skipped: 'the trip has started' });
    expect(sent.map((e) => e.to)).toEqual(['ana@example.com']);
  });

  it('sends no after-trip note when uploads close at the end (no grace)', async () => {
    const { reminders, result, rig, fix, sent } = await setUp();
    fix();
    rig.setNow(new Date('2026-07-05T04:00:00Z'));

    const outcome = await reminders.fire({ bookingId: result.bookingId, kind: 'afterTrip', version: 1 });

    expect(outcome).toMatchObject({ sent: 0, skipped: 'uploads have closed' });
    expect(sent).toEqual([]);
  });
});

describe('ClockedScheduler', () => {
  it('retries a failed firing a minute later, a few times, then drops it', async () => {
    let now = new Date('2026-07-04T01:00:00Z');
    const tries: number[] = [];
    const scheduler = new ClockedScheduler(async () => {
      tries.push(now.getTime());
      throw new Error('down');
    }, () => now);
    await scheduler.upsert({ name: 'n', at: now, payload: { bookingId: 'bk_1', kind: 'crewReminder', version: 1 } });

    const reports = [];
    for (let i = 0; i < LOCAL_ATTEMPTS + 1; i++) {
      reports.push(...(await scheduler.runDue()));
      now = new Date(now.getTime() + LOCAL_RETRY_MS);
    }

    expect(tries).toHaveLength(LOCAL_ATTEMPTS);
    expect(reports.map((r) => (r.ok ? 'ok' : r.final))).toEqual([false, false, true]);
    expect(scheduler.pending()).toEqual([]);
  });

  it('an upsert of the same name moves it; a remove of an unknown name is fine', async () => {
    const now = new Date('2026-07-01T00:00:00Z');
    const scheduler = new ClockedScheduler(async () => undefined, () => now);
    const payload = { bookingId: 'bk_1', kind: 'guestReminder' as const, version: 1 };

    await scheduler.upsert({ name: 'a', at: new Date('2026-07-03T00:00:00Z'), payload });
    await scheduler.upsert({ name: 'a', at: new Date('2026-07-02T00:00:00Z'), payload });
    await scheduler.remove('missing');

    expect(scheduler.pending()).toEqual([{ name: 'a', at: new Date('2026-07-02T00:00:00Z'), payload }]);
  });
});
