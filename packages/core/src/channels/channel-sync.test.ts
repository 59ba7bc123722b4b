import { beforeEach, describe, expect, it } from 'vitest';
import { memoryBookingRig } from '../booking/testing/booking-rig';
import { ChannelService } from './channel-service';
import { ChannelSync } from './channel-sync';
import { type FeedEvent, FeedFetchError, type FeedFetchResult } from './feed';
import { MemoryChannels } from './testing/memory-channels';

const NOW = new Date('2027-06-01T12:00:00Z');

function event(uid: string, extra: Partial<FeedEvent> = {}): FeedEvent {
  return {
    uid,
    sequence: 0,
    status: 'confirmed',
    start: '2027-06-10T16:00:00.000Z',
    end: '2027-06-10T20:00:00.000Z',
    allDay: false,
    summary: 'Boatsetter Booking - Jane Doe',
    description: '',
    location: '',
    kind: 'booking',
    guest: { name: 'Jane Doe', count: 6 },
    ...extra,
  };
}

function rig() {
  const channels = new MemoryChannels();
  const base = memoryBookingRig(NOW, { blocks: channels });
  const { service, bookings, mailer, calendar, clock: now } = base;
  base.crew.add('ana', 'Ana Lopez');
  let feed: FeedEvent[] = [];
  let fetches = 0;
  let answer: () => FeedFetchResult = () => ({ kind: 'fetched', body: 'BEGIN:VCALENDAR', etag: `"v${fetches}"` });
  const sync = new ChannelSync({
    channels,
    bookings: service,
    fetcher: {
      fetch: async () => {
        fetches++;
        return answer();
      },
    },
    parse: () => ({ events: structuredClone(feed), skipped: [] }),
    clock: now,
  });
  const admin = new ChannelService(channels, now);
  return {
    bookings,
    channels,
    service,
    sync,
    admin,
    mailer,
    calendar,
    setFeed: (events: FeedEvent[]) => (feed = events),
    answerWith: (fn: () => FeedFetchResult) => (answer = fn),
    setNow: base.setNow,
    addChannel: (defaults: { crew?: { crewId: string; role: string }[]; durationMinutes?: number } = {}) =>
      admin.create({
        name: 'Boatsetter — JADA',
        source: 'boatsetter',
        url: 'https://feeds.example.test/ical/secret-token-123.ics',
        boat: 'JADA',
        enabled: true,
        defaults: {
          crew: defaults.crew ?? [],
          crewTasks: ['Fuel up'],
          meetingPoint: 'Dock 7',
          timezone: 'America/Los_Angeles',
          ...(defaults.durationMinutes ? { durationMinutes: defaults.durationMinutes } : {}),
        },
      }),
  };
}

describe('ChannelSync', () => {
  let r: ReturnType<typeof rig>;
  beforeEach(() => {
    r = rig();
  });

  it('creates a booking per new event, marked as needing what the feed cannot give', async () => {
    // Prepare
    const channel = await r.addChannel();
    r.setFeed([event('bs-1'), event('bs-2', { start: '2027-06-11T16:00:00.000Z', end: '2027-06-11T20:00:00.000Z', guest: {} })]);
    // Act
    const outcome = await r.sync.sync(channel.channelId);
    // Assess
    expect(outcome).toMatchObject({ status: 'synced', counts: { created: 2, changed: 0, missing: 0 } });
    const [first, second] = [...r.bookings.records.values()].sort((a, b) => a.request.start.localeCompare(b.request.start));
    expect(first).toMatchObject({
      source: 'boatsetter',
      externalId: 'bs-1',
      origin: { channelId: channel.channelId, uid: 'bs-1' },
      needsDetails: ['crew', 'finance'],
      request: { title: 'JADA charter', boat: 'JADA', meetingPoint: 'Dock 7', guest: { name: 'Jane Doe', count: 6 }, crewTasks: ['Fuel up'] },
    });
    expect(second?.needsDetails).toEqual(['crew', 'finance', 'guest']);
    expect(second?.request.guest).toEqual({ name: 'Boatsetter — JADA guest', count: 1 });
    // The calendar and guest page run; no finance item is invented.
    expect(first?.steps.calendar.status).toBe('succeeded');
    expect(first?.steps.guestPage.status).toBe('succeeded');
    expect(r.bookings.finances.size).toBe(0);
    expect(r.channels.channels.get(channel.channelId)?.sync).toMatchObject({ lastSuccessAt: NOW.toISOString(), counts: { created: 2 } });
  });

  it('confirming the guest as imported completes the guest details (a new version, nobody emailed)', async () => {
    const channel = await r.addChannel();
    r.setFeed([event('bs-1', { guest: { name: 'Jane Doe' } })]);
    await r.sync.sync(channel.channelId);
    const [booking] = [...r.bookings.records.values()];
    expect(booking!.needsDetails).toEqual(['crew', 'finance', 'guest']);

    const outcome = await r.service.change(booking!.bookingId, { guest: booking!.request.guest }, { actor: 'console' });

    expect(outcome.kind).toBe('changed');
    expect(r.bookings.records.get(booking!.bookingId)).toMatchObject({ version: 2, needsDetails: ['crew', 'finance'] });
    expect(r.mailer.sent).toHaveLength(0);
    // Sent again: nothing left to confirm, nothing changes.
    expect((await r.service.change(booking!.bookingId, { guest: booking!.request.guest })).kind).toBe('unchanged');
  });

  it('does nothing for an unchanged feed: no booking write, no entry write, no email', async () => {
    const channel = await r.addChannel({ crew: [{ crewId: 'ana', role: 'captain' }] });
    r.setFeed([event('bs-1')]);
    await r.sync.sync(channel.channelId);
    const before = structuredClone([...r.bookings.records.values()]);
    const writes = r.channels.entryWrites;
    const mails = r.mailer.sent.length;

    const outcome = await r.sync.sync(channel.channelId);

    expect(outcome).toMatchObject({ status: 'synced', counts: { created: 0, changed: 0, unchanged: 1 } });
    expect([...r.bookings.records.values()]).toEqual(before);
    expect(r.channels.entryWrites).toBe(writes);
    expect(r.mailer.sent.length).toBe(mails);
    expect(mails).toBe(1);
  });

  it('a 304 answer changes nothing and keeps the last counts', async () => {
    const channel = await r.addChannel();
    r.setFeed([event('bs-1')]);
    await r.sync.sync(channel.channelId);
    r.answerWith(() => ({ kind: 'not-modified' }));

    const outcome = await r.sync.sync(channel.channelId);

    expect(outcome).toMatchObject({ status: 'synced', notModified: true });
    expect(r.channels.channels.get(channel.channelId)?.sync.counts).toMatchObject({ created: 1 });
  });

  it('follows a moved event as a change, keeping what the operator set', async () => {
    const channel = await r.addChannel();
    r.setFeed([event('bs-1')]);
    await r.sync.sync(channel.channelId);
    const [booking] = [...r.bookings.records.values()];
    await r.service.change(booking!.bookingId, { crew: [{ crewId: 'ana', role: 'captain' }], notes: 'Birthday' }, { actor: 'console' });
    r.setFeed([event('bs-1', { start: '2027-06-12T16:00:00.000Z', end: '2027-06-12T21:00:00.000Z', location: 'Pier 39', sequence: 1 })]);

    const outcome = await r.sync.sync(channel.channelId);

    expect(outcome).toMatchObject({ counts: { changed: 1 } });
    const moved = r.bookings.records.get(booking!.bookingId)!;
    expect(moved.request).toMatchObject({
      start: '2027-06-12T16:00:00.000Z',
      end: '2027-06-12T21:00:00.000Z',
      meetingPoint: 'Pier 39',
      notes: 'Birthday',
      crew: [{ crewId: 'ana', role: 'captain' }],
    });
    expect(moved.lastChange).toMatchObject({ actor: 'sync', kind: 'changed' });
    expect(moved.needsDetails).toEqual(['finance']);
    expect([...r.calendar.entries.values()].map((e) => e.start.dateTime)).toEqual(['2027-06-12T16:00:00.000Z']);
  });

  it('flags a vanished future trip once, never cancels it, and clears the flag when it returns', async () => {
    const channel = await r.addChannel();
    r.setFeed([event('bs-1'), event('bs-2', { start: '2027-06-11T16:00:00.000Z', end: '2027-06-11T20:00:00.000Z' })]);
    await r.sync.sync(channel.channelId);
    const id = [...r.bookings.records.values()].find((b) => b.externalId === 'bs-2')!.bookingId;
    r.setFeed([event('bs-1')]);

    const first = await r.sync.sync(channel.channelId);
    const second = await r.sync.sync(channel.channelId);

    expect(first).toMatchObject({ counts: { missing: 1 } });
    expect(second).toMatchObject({ counts: { missing: 0 } });
    const flagged = r.bookings.records.get(id)!;
    expect(flagged.status).toBe('active');
    expect(flagged.feedAlert).toEqual({ kind: 'missing', channelId: channel.channelId, since: NOW.toISOString() });
    expect(flagged.version).toBe(1);

    r.setFeed([event('bs-1'), event('bs-2', { start: '2027-06-11T16:00:00.000Z', end: '2027-06-11T20:00:00.000Z' })]);
    await r.sync.sync(channel.channelId);
    expect(r.bookings.records.get(id)!.feedAlert).toBeUndefined();
  });

  it('flags an event cancelled in the feed; the operator confirms and it is cancelled with reason marketplace', async () => {
    const channel = await r.addChannel();
    r.setFeed([event('bs-1')]);
    await r.sync.sync(channel.channelId);
    const [booking] = [...r.bookings.records.values()];
    r.setFeed([event('bs-1', { status: 'cancelled', sequence: 2 })]);
    await r.sync.sync(channel.channelId);
    expect(r.bookings.records.get(booking!.bookingId)!.feedAlert?.kind).toBe('cancelled');

    await r.sync.resolveAlert(booking!.bookingId, 'cancel');

    const cancelled = r.bookings.records.get(booking!.bookingId)!;
    expect(cancelled).toMatchObject({ status: 'cancelled', cancellation: { reason: 'marketplace', note: 'Cancelled in the Boatsetter — JADA feed' } });
    expect(cancelled.feedAlert).toBeUndefined();
    expect(await r.sync.sync(channel.channelId)).toMatchObject({ counts: { missing: 0 } });
  });

  it('keeping a flagged trip stops the flag coming back while the feed still lacks it', async () => {
    const channel = await r.addChannel();
    r.setFeed([event('bs-1')]);
    await r.sync.sync(channel.channelId);
    const [booking] = [...r.bookings.records.values()];
    r.setFeed([]);
    await r.sync.sync(channel.channelId);

    await r.sync.resolveAlert(booking!.bookingId, 'keep');
    await r.sync.sync(channel.channelId);

    expect(r.bookings.records.get(booking!.bookingId)).toMatchObject({ status: 'active' });
    expect(r.bookings.records.get(booking!.bookingId)!.feedAlert).toBeUndefined();
  });

  it('ignores past events and SCC’s own exported events', async () => {
    const channel = await r.addChannel();
    r.setFeed([
      event('old', { start: '2027-05-01T16:00:00.000Z', end: '2027-05-01T20:00:00.000Z' }),
      event('x@shipcaptaincrew', { kind: 'own-export' }),
    ]);
    const outcome = await r.sync.sync(channel.channelId);
    expect(outcome).toMatchObject({ counts: { created: 0, ignored: 2 } });
    expect(r.bookings.records.size).toBe(0);
  });

  it('keeps an owner block as a boat block the conflict check respects, with no booking or email', async () => {
    const channel = await r.addChannel();
    r.setFeed([event('blk-1', { kind: 'block', summary: 'Not available', guest: {}, allDay: true, start: '2027-06-20T07:00:00.000Z', end: '2027-06-21T07:00:00.000Z' })]);
    await r.sync.sync(channel.channelId);
    expect(r.bookings.records.size).toBe(0);
    expect(r.mailer.sent).toHaveLength(0);

    const { bookingCreateSchema } = await import('../booking/schema');
    const over = bookingCreateSchema.parse({
      source: 'direct', externalId: 'd-1', title: 'Sail', start: '2027-06-20T17:00:00Z', end: '2027-06-20T19:00:00Z',
      timezone: 'America/Los_Angeles', boat: 'jada', meetingPoint: 'Dock 7', guest: { name: 'G', count: 2 },
      finance: { revenue: 1, captainFee: 1, platformFee: 0, currency: 'USD' },
    });
    await expect(r.service.submit(over)).rejects.toMatchObject({ code: 'boat_conflict', details: { conflicts: [{ kind: 'block', channelId: channel.channelId, title: 'Not available' }] } });

    r.setFeed([]);
    await r.sync.sync(channel.channelId);
    await expect(r.service.submit(over)).resolves.toMatchObject({ kind: 'created' });
  });

  it('ignores a marketplace block that only echoes one of SCC’s own trips (its boat feed, imported)', async () => {
    const channel = await r.addChannel();
    r.setFeed([event('bs-1')]);
    await r.sync.sync(channel.channelId);
    r.setFeed([event('bs-1'), event('echo', { kind: 'block', summary: 'Not available', guest: {} })]);

    const outcome = await r.sync.sync(channel.channelId);

    expect(outcome).toMatchObject({ counts: { blocks: 0, ignored: 1 } });
    expect(await r.channels.blocksAround({ from: '2027-06-01T00:00:00.000Z', to: '2027-07-01T00:00:00.000Z' })).toEqual([]);
  });

  it('a failed fetch changes no booking and is recorded on the channel', async () => {
    const channel = await r.addChannel();
    r.setFeed([event('bs-1')]);
    await r.sync.sync(channel.channelId);
    r.answerWith(() => {
      throw new FeedFetchError('not_calendar', 'The feed answered with a web page, not a calendar');
    });
    r.setFeed([]);

    const outcome = await r.sync.sync(channel.channelId);

    expect(outcome).toEqual({ status: 'failed', failure: 'not_calendar', message: 'The feed answered with a web page, not a calendar' });
    expect([...r.bookings.records.values()][0]!.feedAlert).toBeUndefined();
    expect(r.channels.channels.get(channel.channelId)!.sync).toMatchObject({
      lastSuccessAt: NOW.toISOString(),
      lastError: { failure: 'not_calendar' },
      counts: { created: 1 },
    });
  });

  it('an event with no end takes the channel’s trip length; without one it is reported, not guessed', async () => {
    const open = event('bs-open', { end: '2027-06-10T16:00:00.000Z', noEnd: true });
    const withLength = await r.addChannel({ durationMinutes: 240 });
    r.setFeed([open]);
    expect(await r.sync.sync(withLength.channelId)).toMatchObject({ counts: { created: 1 } });
    expect([...r.bookings.records.values()][0]!.request).toMatchObject({ start: '2027-06-10T16:00:00.000Z', end: '2027-06-10T20:00:00.000Z' });

    const r2 = rig();
    const without = await r2.addChannel();
    r2.setFeed([open]);
    expect(await r2.sync.sync(without.channelId)).toMatchObject({
      counts: { created: 0, skipped: 1 },
      problems: [{ uid: 'bs-open', reason: 'The event has no end time; set the channel’s trip length to import such events' }],
    });
  });

  it('an event the booking rules refuse is reported and the rest still sync', async () => {
    const channel = await r.addChannel({ crew: [{ crewId: 'nobody', role: 'captain' }] });
    r.setFeed([event('bs-1')]);
    const outcome = await r.sync.sync(channel.channelId);
    expect(outcome).toMatchObject({ status: 'synced', counts: { skipped: 1, created: 0 }, problems: [{ uid: 'bs-1' }] });
  });

  it('two syncs of one channel at once: one runs, the other is told it is busy; each booking once', async () => {
    const channel = await r.addChannel();
    r.setFeed([event('bs-1'), event('bs-2', { start: '2027-06-11T16:00:00.000Z', end: '2027-06-11T20:00:00.000Z' })]);

    const outcomes = await Promise.all([r.sync.sync(channel.channelId), r.sync.sync(channel.channelId)]);

    expect(outcomes.map((o) => o.status).sort()).toEqual(['busy', 'synced']);
    expect(r.bookings.records.size).toBe(2);
  });

  it('the channel view never shows the feed URL’s token', async () => {
    const channel = await r.addChannel();
    expect(channel.url).toBe('https://feeds.example.test/…');
    expect(JSON.stringify(await r.admin.list())).not.toContain('secret-token');
  });
});
