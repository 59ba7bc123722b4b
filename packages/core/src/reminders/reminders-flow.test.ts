import { describe, expect, it } from 'vitest';
import { bookingCreateSchema, type BookingInput } from '../booking/schema';
import { memoryBookingRig } from '../booking/testing/booking-service-rig';
import { MemoryEvents, MemoryNotifications } from '../booking/testing/memory-ports';
import { MemoryChannels } from '../channels/testing/memory-channels';
import { DEFAULT_SETTINGS, type OperatorSettings } from '../settings/operator-settings';
import { ClockedScheduler } from './clocked-scheduler';
import { DigestService } from './digest-service';
import { ReminderService } from './reminder-service';
import type { DigestView } from './views';

const NOW = new Date('2026-07-01T12:00:00Z');

const SETTINGS: OperatorSettings = {
  ...DEFAULT_SETTINGS,
  operator: { name: 'Bay Charters', phone: '+16195550100', email: 'ops@charters.example', timezone: 'America/Los_Angeles' },
  guestPage: { ...DEFAULT_SETTINGS.guestPage, uploadGraceMinutes: 24 * 60 },
};

/** A BookingService, its reminders and digest on memory ports, one clock, one scheduler. */
function world() {
  const events = new MemoryEvents();
  const notifications = new MemoryNotifications();
  const channels = new MemoryChannels();
  const settings = { get: async () => SETTINGS, put: async () => {} };
  const digests: DigestView[] = [];
  const fired: { kind: string; version: number }[] = [];
  // The scheduler fires through the reminder service, built once the rig gives its clock.
  const late: { reminders?: ReminderService } = {};
  let clock: () => Date = () => NOW;
  const scheduler = new ClockedScheduler(async (payload) => {
    fired.push({ kind: payload.kind, version: payload.version });
    return late.reminders?.fire(payload);
  }, () => clock());
  const rig = memoryBookingRig(NOW, { events, notifications, settings, scheduler });
  clock = rig.clock;
  rig.crew.add('ana', 'Ana Lopez');
  rig.crew.add('ben', 'Ben Ortiz');
  const common = { events, crew: rig.crew, notifications, mailer: rig.mailer, settings: settings.get, clock: rig.clock };
  const reminders = new ReminderService({
    ...common,
    bookings: rig.bookings,
    render: {
      crewReminder: (v) => ({ subject: `crew reminder: ${v.crewName}`, html: '', text: `${v.role}|${v.checklist.done} of ${v.checklist.total}|${v.crewPageUrl}|${v.start}` }),
      guestReminder: (v) => ({ subject: `guest reminder: ${v.guestName}`, html: '', text: `${v.meetingPoint}|${v.whatToBring ?? ''}|${v.guestPageUrl}|${v.operator.phone}|${v.start}` }),
      afterTrip: (v) => ({ subject: `after trip: ${v.guestName}`, html: '', text: `${v.guestPageUrl}|${v.uploadsUntil}` }),
    },
    links: {
      guestPageUrl: (slug) => `https://scc.test/g/${slug}`,
      crewPageUrl: async (eventId, crewId, _expires, generation) => `https://scc.test/c/${eventId}?crew=${crewId}&gen=${generation}`,
    },
  });
  late.reminders = reminders;
  const digest = new DigestService({
    ...common,
    bookings: rig.bookings,
    channels,
    render: (view) => {
      digests.push(view);
      return { subject: `digest ${view.date}`, html: '', text: '' };
    },
    adminBookingUrl: (id) => `https://scc.test/admin/bookings/${id}`,
  });
  const scheduled = (kind?: string) => emails(kind);
  function emails(prefix?: string) {
    return rig.mailer.sent.filter((m) => !prefix || m.subject.startsWith(prefix)).map((m) => `${m.to} ${m.subject}`);
  }
  /** Moves the clock and fires whatever is due, as the local timer or EventBridge would. */
  async function at(iso: string) {
    rig.setNow(new Date(iso));
    return scheduler.runDue();
  }
  return { rig, events, scheduler, reminders, digest, digests, fired, emails, scheduled, at, channels };
}

function trip(externalId: string, extra: Partial<BookingInput> = {}) {
  return bookingCreateSchema.parse({
    source: 'boatsetter',
    externalId,
    title: 'Sunset sail',
    start: '2026-07-04T18:00:00-07:00',
    end: '2026-07-04T21:00:00-07:00',
    timezone: 'America/Los_Angeles',
    boat: 'JADA',
    meetingPoint: 'Dock C',
    whatToBring: 'Soft-soled shoes',
    guest: { name: 'Kim Park', email: 'kim@example.com', count: 6 },
    crew: [
      { crewId: 'ana', role: 'captain' },
      { crewId: 'ben', role: 'mate' },
    ],
    crewTasks: ['Stock cooler', 'Check fuel'],
    finance: { revenue: 185000, captainFee: 40000, platformFee: 20000, currency: 'USD' },
    ...extra,
  });
}

describe('reminders through the booking lifecycle, with a moving clock', () => {
  it('plans each reminder once, moves them with a reschedule, and each fires once at its new time', async () => {
    const w = world();

    const created = await w.rig.service.submit(trip('A1'));

    expect(created.result.steps.reminders.status).toBe('succeeded');
    const id = created.result.bookingId;
    expect(w.scheduler.pending().map((r) => [r.name, r.at.toISOString()])).toEqual([
      [`scc.${id}.guest.v1`, '2026-07-03T17:00:00.000Z'],
      [`scc.${id}.crew.v1`, '2026-07-04T01:00:00.000Z'],
      [`scc.${id}.after.v1`, '2026-07-05T04:00:00.000Z'],
    ]);

    // A day later: every schedule moves to version 2, and none of version 1 is left.
    const moved = await w.rig.service.change(id, { start: '2026-07-05T18:00:00-07:00', end: '2026-07-05T21:00:00-07:00' });
    expect(moved.result.steps.reminders).toMatchObject({ status: 'succeeded', version: 2 });
    expect(w.scheduler.pending().map((r) => [r.name, r.at.toISOString()])).toEqual([
      [`scc.${id}.guest.v2`, '2026-07-04T17:00:00.000Z'],
      [`scc.${id}.crew.v2`, '2026-07-05T01:00:00.000Z'],
      [`scc.${id}.after.v2`, '2026-07-06T04:00:00.000Z'],
    ]);

    // The old guest reminder's time passes: nothing is due.
    expect(await w.at('2026-07-03T17:00:00Z')).toEqual([]);
    expect(w.scheduled('guest reminder')).toEqual([]);

    // The day before, 10:00 PDT: the guest reminder, once, with the new time.
    await w.at('2026-07-04T16:59:59Z');
    expect(w.scheduled('guest reminder')).toEqual([]);
    await w.at('2026-07-04T17:00:00Z');
    expect(w.scheduled('guest reminder')).toEqual(['kim@example.com guest reminder: Kim']);
    expect(w.rig.mailer.sent.at(-1)?.text).toBe(`Dock C|Soft-soled shoes|https://scc.test/g/${created.result.slug}|+16195550100|2026-07-05T18:00:00-07:00`);

    // Ana ticks a task before the evening reminder: it says 1 of 2.
    const event = w.events.events.get(created.result.eventId);
    if (event?.crewTasks[0]) event.crewTasks[0].done = true;
    await w.at('2026-07-05T01:00:00Z');
    expect(w.scheduled('crew reminder')).toEqual(['ana@example.com crew reminder: Ana Lopez', 'ben@example.com crew reminder: Ben Ortiz']);
    const ana = w.rig.mailer.sent.find((m) => m.subject === 'crew reminder: Ana Lopez');
    expect(ana?.text).toBe(`captain|1 of 2|https://scc.test/c/${created.result.eventId}?crew=ana&gen=1|2026-07-05T18:00:00-07:00`);

    // The trip ends at 21:00 PDT; uploads stay open a day: the after-trip note, once.
    await w.at('2026-07-06T04:00:00Z');
    expect(w.scheduled('after trip')).toEqual(['kim@example.com after trip: Kim']);
    expect(w.rig.mailer.sent.at(-1)?.text).toBe(`https://scc.test/g/${created.result.slug}|2026-07-07T04:00:00.000Z`);

    // Every schedule fired exactly once, all for version 2; nothing is left.
    expect(w.fired).toEqual([
      { kind: 'guestReminder', version: 2 },
      { kind: 'crewReminder', version: 2 },
      { kind: 'afterTrip', version: 2 },
    ]);
    expect(w.scheduler.pending()).toEqual([]);
  });

  it('a duplicate or retried trigger sends nothing more; a trigger for an older version sends nothing', async () => {
    const w = world();
    const { result } = await w.rig.service.submit(trip('A2'));
    await w.at('2026-07-04T01:00:00Z');
    const reminded = ['ana@example.com crew reminder: Ana Lopez', 'ben@example.com crew reminder: Ben Ortiz'];
    expect(w.scheduled('crew reminder')).toEqual(reminded);

    const again = await w.reminders.fire({ bookingId: result.bookingId, kind: 'crewReminder', version: 1 });
    await w.rig.service.change(result.bookingId, { meetingPoint: 'Dock D' });
    const stale = await w.reminders.fire({ bookingId: result.bookingId, kind: 'guestReminder', version: 1 });

    expect(again).toEqual({ sent: 0, alreadySent: 2, unconfirmed: 0 });
    expect(stale).toEqual({ sent: 0, alreadySent: 0, unconfirmed: 0, skipped: 'planned for version 1; the booking is at version 2' });
    expect(w.scheduled('crew reminder')).toEqual(reminded);
    // The guest's own reminder went out once, at 10:00 the day before, before all this.
    expect(w.scheduled('guest reminder')).toEqual(['kim@example.com guest reminder: Kim']);
  });

  it('a cancel removes every schedule, and a firing that slipped through sends nothing', async () => {
    const w = world();
    const { result } = await w.rig.service.submit(trip('A3'));
    expect(w.scheduler.pending()).toHaveLength(3);

    const cancelled = await w.rig.service.cancel(result.bookingId, { reason: 'weather' });

    expect(cancelled.result.steps.reminders.status).toBe('succeeded');
    expect(w.scheduler.pending()).toEqual([]);
    expect(await w.at('2026-07-06T12:00:00Z')).toEqual([]);
    expect(await w.reminders.fire({ bookingId: result.bookingId, kind: 'crewReminder', version: 2 })).toMatchObject({ sent: 0, skipped: 'the trip is cancelled' });
    expect(w.scheduled('crew reminder')).toEqual([]);
  });

  it('no crew: no crew reminder; notifyGuest false: no guest reminder or after-trip note', async () => {
    const w = world();

    await w.rig.service.submit(trip('A4', { crew: [], notifyGuest: false }));

    expect(w.scheduler.pending()).toEqual([]);
  });

  it('the digest goes once, at 07:30 in the operator’s zone, with today’s trip, crew answers and checklist', async () => {
    const w = world();
    const { result } = await w.rig.service.submit(trip('A5'));
    await w.rig.bookings.setCrewResponse(result.bookingId, 'ana', { status: 'declined', at: NOW.toISOString(), version: 1 }, undefined);

    w.rig.setNow(new Date('2026-07-04T14:29:00Z'));
    const early = await w.digest.run();
    w.rig.setNow(new Date('2026-07-04T14:30:00Z'));
    const due = await w.digest.run();
    w.rig.setNow(new Date('2026-07-04T14:45:00Z'));
    const again = await w.digest.run();

    expect(early).toEqual({ status: 'notDue', date: '2026-07-04' });
    expect(due).toMatchObject({ status: 'sent', date: '2026-07-04' });
    expect(again).toEqual({ status: 'alreadyDone', date: '2026-07-04' });
    expect(w.emails('digest')).toEqual(['ops@charters.example digest 2026-07-04']);
    expect(w.digests).toHaveLength(1);
    const view = w.digests[0] as DigestView;
    expect(view.trips.map((t) => [t.day, t.title, t.checklist, t.crew])).toEqual([
      [
        'today',
        'Sunset sail',
        { done: 0, total: 2 },
        [
          { name: 'Ana Lopez', role: 'captain', status: 'declined' },
          { name: 'Ben Ortiz', role: 'mate', status: 'pending' },
        ],
      ],
    ]);
    expect(view.crew.map((c) => c.problem)).toEqual(["Ana Lopez (captain) can't make it", 'Ben Ortiz (mate) has not confirmed']);
    expect(view.crew[0]?.bookingUrl).toBe(`https://scc.test/admin/bookings/${result.bookingId}`);
  });

  it('no digest without an operator email, and none when there is nothing to report', async () => {
    const w = world();
    w.rig.setNow(new Date('2026-07-04T15:00:00Z'));

    const quiet = await w.digest.run();
    const later = await w.digest.run(new Date('2026-07-04T18:00:00Z'));

    expect(quiet).toEqual({ status: 'nothingToReport', date: '2026-07-04' });
    expect(later).toEqual({ status: 'alreadyDone', date: '2026-07-04' });
    expect(w.emails('digest')).toEqual([]);
  });

  it('the digest lists failed steps, feed alerts and channel problems ahead, and tomorrow’s trips', async () => {
    const w = world();
    const { result } = await w.rig.service.submit(trip('A6', { start: '2026-07-05T09:00:00-07:00', end: '2026-07-05T12:00:00-07:00' }));
    const record = w.rig.bookings.records.get(result.bookingId);
    if (record) {
      record.steps.calendar = { status: 'failed', at: NOW.toISOString(), reason: 'Calendar is down', retryable: true, attempts: 3 };
      record.feedAlert = { kind: 'missing', channelId: 'ch_1', since: NOW.toISOString() };
    }
    await w.channels.create({
      channelId: 'ch_1',
      name: 'Boatsetter — JADA',
      source: 'boatsetter',
      url: 'https://feeds.example/secret-token.ics',
      boat: 'JADA',
      enabled: true,
      defaults: { crew: [], crewTasks: [], meetingPoint: 'Dock C', timezone: 'America/Los_Angeles' },
      sync: { lastError: { failure: 'http_error', message: 'The feed answered 500', at: NOW.toISOString() } },
      version: 1,
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    });

    await w.digest.run(new Date('2026-07-04T14:30:00Z'));

    const view = w.digests[0] as DigestView;
    expect(view.trips.map((t) => t.day)).toEqual(['tomorrow']);
    expect(view.failedSteps.map((i) => i.problem)).toEqual(['calendar failed: Calendar is down']);
    expect(view.feedAlerts.map((i) => i.problem)).toEqual(['is no longer in its channel’s feed: cancel it or keep it']);
    expect(view.channels).toEqual([{ name: 'Boatsetter — JADA', problem: 'the last sync failed: The feed answered 500' }]);
    expect(JSON.stringify(view)).not.toContain('secret-token');
  });
});
