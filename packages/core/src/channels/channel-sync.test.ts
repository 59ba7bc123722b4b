import { beforeEach, describe, expect, it } from 'vitest';
import { memoryBookingRig } from '../booking/testing/booking-service-rig';
import { DependencyUnavailableError, NotFoundError } from '../errors';
import { ChannelService } from './channel-service';
import { ChannelSync } from './channel-sync';
import { type FeedEvent, FeedFetchError, type FeedFetchResult, FeedParseError, type FeedValidators } from './feed';
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
  let skipped: { uid?: string; reason: string }[] = [];
  let parseError: Error | undefined;
  let fetches = 0;
  const validators: FeedValidators[] = [];
  const parsed: { text: string; options: unknown }[] = [];
  let answer: () => FeedFetchResult = () => ({ kind: 'fetched', body: 'BEGIN:VCALENDAR', etag: `"v${fetches}"` });
  const sync = new ChannelSync({
    channels,
    bookings: service,
    fetcher: {
      fetch: async (_url, given) => {
        fetches++;
        validators.push(given);
        return answer();
      },
    },
    parse: (text, options) => {
      parsed.push({ text, options });
      if (parseError) throw parseError;
      return { events: structuredClone(feed), skipped: structuredClone(skipped) };
    },
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
    validators,
    parsed,
    setFeed: (events: FeedEvent[]) => (feed = events),
    setSkipped: (problems: typeof skipped) => (skipped = problems),
    failParse: (error: Error) => (parseError = error),
    advance: base.advance,
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

  describe('syncing a channel', () => {
    it('syncs every enabled channel and leaves a disabled one alone', async () => {
      // Prepare
      const on = await r.addChannel();
      const off = await r.admin.create({ name: 'Off', source: 'getmyboat', url: 'https://feeds.example.test/off.ics', boat: 'JADA', enabled: false, defaults: { crew: [], crewTasks: [], meetingPoint: 'Dock 7', timezone: 'UTC' } });
      r.setFeed([event('bs-1')]);
      // Act
      const outcomes = await r.sync.syncAll();
      // Assess
      expect(Object.keys(outcomes)).toEqual([on.channelId]);
      expect(outcomes[on.channelId]).toMatchObject({ status: 'synced', counts: { created: 1 } });
      expect(r.channels.channels.get(off.channelId)!.sync).toEqual({});
    });

    it('refuses a channel that does not exist', async () => {
      // Act
      const refused = r.sync.sync('ch_gone');
      // Assess
      await expect(refused).rejects.toThrow(NotFoundError);
      await expect(refused).rejects.toMatchObject({ message: 'No channel ch_gone', details: { channelId: 'ch_gone' } });
    });

    it('refuses a channel deleted right after its lease was taken, and frees the lease', async () => {
      // Prepare
      const channel = await r.addChannel();
      const get = r.channels.get.bind(r.channels);
      r.channels.get = async () => undefined;
      // Act
      const refused = r.sync.sync(channel.channelId);
      // Assess
      await expect(refused).rejects.toMatchObject({ message: `No channel ${channel.channelId}`, details: { channelId: channel.channelId } });
      expect(r.channels.leases.size).toBe(0);
      r.channels.get = get;
    });

    it('holds the channel under a sync lease of 5 minutes while it runs', async () => {
      // Prepare
      const channel = await r.addChannel();
      let lease: { holder: string; until: number } | undefined;
      r.answerWith(() => {
        lease = r.channels.leases.get(channel.channelId);
        return { kind: 'not-modified' };
      });
      // Act
      await r.sync.sync(channel.channelId);
      // Assess
      expect(lease).toEqual({ holder: expect.stringMatching(/^sync_[0-9a-z]{16}$/), until: NOW.getTime() + 300_000 });
      expect(r.channels.leases.size).toBe(0);
    });

    it('asks conditionally with what the server gave last time, and parses in the channel’s source and zone', async () => {
      // Prepare
      const channel = await r.addChannel();
      r.answerWith(() => ({ kind: 'fetched', body: 'BEGIN:VCALENDAR v1', etag: '"abc"', lastModified: 'Tue, 01 Jun 2027 11:00:00 GMT' }));
      await r.sync.sync(channel.channelId);
      r.answerWith(() => ({ kind: 'not-modified' }));
      // Act
      await r.sync.sync(channel.channelId);
      // Assess
      expect(r.validators).toEqual([{}, { etag: '"abc"', lastModified: 'Tue, 01 Jun 2027 11:00:00 GMT' }]);
      expect(r.parsed).toEqual([{ text: 'BEGIN:VCALENDAR v1', options: { source: 'boatsetter', timezone: 'America/Los_Angeles', now: NOW } }]);
      expect(r.channels.channels.get(channel.channelId)!.sync).toMatchObject({ etag: '"abc"', lastModified: 'Tue, 01 Jun 2027 11:00:00 GMT' });
    });

    it('answers a 304 with zero counts and no problems, and records how long it took', async () => {
      // Prepare
      const channel = await r.addChannel();
      r.answerWith(() => {
        r.advance(1_500);
        return { kind: 'not-modified' };
      });
      // Act
      const outcome = await r.sync.sync(channel.channelId);
      // Assess
      expect(outcome).toEqual({ status: 'synced', counts: { created: 0, changed: 0, missing: 0, unchanged: 0, blocks: 0, ignored: 0, skipped: 0 }, problems: [], notModified: true });
      expect(r.channels.channels.get(channel.channelId)!.sync).toEqual({ lastAttemptAt: NOW.toISOString(), lastSuccessAt: NOW.toISOString(), durationMs: 1_500 });
    });

    it('records a feed that is not a calendar as such, with how long it took, and clears it on the next success', async () => {
      // Prepare
      const channel = await r.addChannel();
      r.failParse(new FeedParseError('No VCALENDAR in the answer'));
      r.answerWith(() => {
        r.advance(700);
        return { kind: 'fetched', body: '<html>' };
      });
      // Act
      const outcome = await r.sync.sync(channel.channelId);
      // Assess
      const failedAt = NOW.toISOString();
      expect(outcome).toEqual({ status: 'failed', failure: 'not_calendar', message: 'No VCALENDAR in the answer' });
      expect(r.channels.channels.get(channel.channelId)!.sync).toEqual({
        lastAttemptAt: failedAt,
        lastError: { failure: 'not_calendar', message: 'No VCALENDAR in the answer', at: failedAt },
        durationMs: 700,
      });
      r.answerWith(() => ({ kind: 'not-modified' }));
      await r.sync.sync(channel.channelId);
      expect(r.channels.channels.get(channel.channelId)!.sync.lastError).toBeUndefined();
    });

    it('lets an unexpected error through and frees the lease', async () => {
      // Prepare
      const channel = await r.addChannel();
      r.answerWith(() => {
        throw new TypeError('fetch is not a function');
      });
      // Act / Assess
      await expect(r.sync.sync(channel.channelId)).rejects.toThrow(TypeError);
      expect(r.channels.leases.size).toBe(0);
    });

    it('reports the events the parser skipped, and keeps the first 50 problems on the channel', async () => {
      // Prepare
      const channel = await r.addChannel();
      const problems = [{ uid: 'bad-1', reason: 'No DTSTART' }, { reason: 'An event without a UID' }, ...Array.from({ length: 50 }, (_, i) => ({ uid: `r-${i}`, reason: 'RRULE too long' }))];
      r.setSkipped(problems);
      // Act
      const outcome = await r.sync.sync(channel.channelId);
      // Assess
      expect(outcome).toMatchObject({ status: 'synced', counts: { skipped: 52 } });
      expect(outcome.status === 'synced' && outcome.problems).toEqual(problems);
      const stored = r.channels.channels.get(channel.channelId)!.sync;
      expect(stored.problems).toEqual(problems.slice(0, 50));
      expect(stored.counts?.skipped).toBe(52);
    });

    it('applies at most 6 events at once', async () => {
      // Prepare
      const channel = await r.addChannel();
      r.setFeed(Array.from({ length: 8 }, (_, i) => event(`bs-${i}`, { start: `2027-06-1${i}T16:00:00.000Z`, end: `2027-06-1${i}T20:00:00.000Z` })));
      const upsert = r.service.upsert.bind(r.service);
      let inFlight = 0;
      let most = 0;
      r.service.upsert = async (...args) => {
        most = Math.max(most, ++inFlight);
        try {
          return await upsert(...args);
        } finally {
          inFlight--;
        }
      };
      // Act
      const outcome = await r.sync.sync(channel.channelId);
      // Assess
      expect(outcome).toMatchObject({ counts: { created: 8 } });
      expect(most).toBe(6);
    });

    it('lets an unexpected error from one event through rather than reporting it', async () => {
      // Prepare
      const channel = await r.addChannel();
      r.setFeed([event('bs-1')]);
      r.service.upsert = async () => {
        throw new TypeError('x is undefined');
      };
      // Act / Assess
      await expect(r.sync.sync(channel.channelId)).rejects.toThrow(TypeError);
    });
  });

  describe('events', () => {
    it('ignores an event ending exactly now', async () => {
      // Prepare
      const channel = await r.addChannel();
      r.setFeed([event('now', { start: '2027-06-01T08:00:00.000Z', end: NOW.toISOString() })]);
      // Act
      const outcome = await r.sync.sync(channel.channelId);
      // Assess
      expect(outcome).toMatchObject({ counts: { ignored: 1, created: 0 } });
    });

    it('records a new booking’s entry and its creation by the sync', async () => {
      // Prepare
      const channel = await r.addChannel();
      r.setFeed([event('bs-1')]);
      // Act
      await r.sync.sync(channel.channelId);
      // Assess
      const [booking] = [...r.bookings.records.values()];
      expect(booking!.lastChange).toMatchObject({ actor: 'sync', kind: 'created' });
      expect(await r.channels.getEntry(channel.channelId, 'bs-1')).toMatchObject({ uid: 'bs-1', kind: 'booking', bookingId: booking!.bookingId, boat: 'JADA', summary: 'Boatsetter Booking - Jane Doe', seenAt: NOW.toISOString() });
    });

    it('counts a booking another channel already made from the same feed as unchanged, not created', async () => {
      // Prepare
      const first = await r.addChannel();
      const second = await r.addChannel();
      r.setFeed([event('bs-1')]);
      await r.sync.sync(first.channelId);
      // Act
      const outcome = await r.sync.sync(second.channelId);
      // Assess
      expect(outcome).toMatchObject({ counts: { created: 0, unchanged: 1 } });
      expect(r.bookings.records.size).toBe(1);
    });

    it('ignores a cancelled event it never knew, and a known one cancelled after its trip', async () => {
      // Prepare
      const channel = await r.addChannel();
      r.setFeed([event('bs-1')]);
      await r.sync.sync(channel.channelId);
      r.setFeed([event('bs-1', { status: 'cancelled', sequence: 1 }), event('bs-new', { status: 'cancelled' })]);
      r.setNow(new Date('2027-06-11T00:00:00Z'));
      // Act
      const outcome = await r.sync.sync(channel.channelId);
      // Assess
      expect(outcome).toMatchObject({ counts: { ignored: 2, missing: 0 } });
      expect([...r.bookings.records.values()][0]!.feedAlert).toBeUndefined();
    });

    it('ignores a future cancelled event it never knew', async () => {
      // Prepare
      const channel = await r.addChannel();
      r.setFeed([event('bs-new', { status: 'cancelled' })]);
      // Act
      const outcome = await r.sync.sync(channel.channelId);
      // Assess
      expect(outcome).toMatchObject({ counts: { ignored: 1 } });
    });

    it('counts a cancellation it already flagged as unchanged', async () => {
      // Prepare
      const channel = await r.addChannel();
      r.setFeed([event('bs-1')]);
      await r.sync.sync(channel.channelId);
      r.setFeed([event('bs-1', { status: 'cancelled', sequence: 1 })]);
      // Act
      const first = await r.sync.sync(channel.channelId);
      const second = await r.sync.sync(channel.channelId);
      // Assess
      expect(first).toMatchObject({ counts: { missing: 1, unchanged: 0 } });
      expect(second).toMatchObject({ counts: { missing: 0, unchanged: 1 } });
    });

    it('leaves a trip the operator cancelled cancelled when its event changes', async () => {
      // Prepare
      const channel = await r.addChannel();
      r.setFeed([event('bs-1')]);
      await r.sync.sync(channel.channelId);
      const [booking] = [...r.bookings.records.values()];
      await r.service.cancel(booking!.bookingId, { reason: 'weather' }, { actor: 'console' });
      r.setFeed([event('bs-1', { location: 'Pier 39', sequence: 1 })]);
      // Act
      const outcome = await r.sync.sync(channel.channelId);
      // Assess
      expect(outcome).toMatchObject({ counts: { ignored: 1, changed: 0 } });
      expect(r.bookings.records.get(booking!.bookingId)).toMatchObject({ status: 'cancelled', request: { meetingPoint: 'Dock 7' } });
    });

    it('changes nothing of a trip that has ended, to the millisecond, though its event moved', async () => {
      // Prepare
      const channel = await r.addChannel();
      r.setFeed([event('bs-1')]);
      await r.sync.sync(channel.channelId);
      const [booking] = [...r.bookings.records.values()];
      r.setNow(new Date('2027-06-10T20:00:00.000Z'));
      r.setFeed([event('bs-1', { start: '2027-06-12T16:00:00.000Z', end: '2027-06-12T20:00:00.000Z', sequence: 1 })]);
      // Act
      const outcome = await r.sync.sync(channel.channelId);
      // Assess
      expect(outcome).toMatchObject({ counts: { unchanged: 1, changed: 0 } });
      expect(r.bookings.records.get(booking!.bookingId)!.version).toBe(1);
      expect(await r.channels.getEntry(channel.channelId, 'bs-1')).toMatchObject({ facts: { start: '2027-06-12T16:00:00.000Z', end: '2027-06-12T20:00:00.000Z' }, seenAt: '2027-06-10T20:00:00.000Z' });
    });

    it('counts a move the operator already made as unchanged', async () => {
      // Prepare
      const channel = await r.addChannel();
      r.setFeed([event('bs-1')]);
      await r.sync.sync(channel.channelId);
      const [booking] = [...r.bookings.records.values()];
      await r.service.change(booking!.bookingId, { meetingPoint: 'Pier 39' }, { actor: 'console' });
      r.setFeed([event('bs-1', { location: 'Pier 39', sequence: 1 })]);
      // Act
      const outcome = await r.sync.sync(channel.channelId);
      // Assess
      expect(outcome).toMatchObject({ counts: { changed: 0, unchanged: 1 } });
      expect(r.bookings.records.get(booking!.bookingId)!.version).toBe(2);
    });

    it('leaves the alert another channel raised when its own event changes', async () => {
      // Prepare: two channels on one feed; the second loses the trip and flags it
      const first = await r.addChannel();
      const second = await r.addChannel();
      r.setFeed([event('bs-1')]);
      await r.sync.sync(first.channelId);
      await r.sync.sync(second.channelId);
      r.setFeed([]);
      await r.sync.sync(second.channelId);
      r.setFeed([event('bs-1', { location: 'Pier 39', sequence: 1 })]);
      // Act
      await r.sync.sync(first.channelId);
      // Assess
      const [booking] = [...r.bookings.records.values()];
      expect(booking!.request.meetingPoint).toBe('Pier 39');
      expect(booking!.feedAlert).toEqual({ kind: 'missing', channelId: second.channelId, since: NOW.toISOString() });
    });

    it('writes no alert when a kept trip comes back, its alert already cleared', async () => {
      // Prepare
      const channel = await r.addChannel();
      r.setFeed([event('bs-1')]);
      await r.sync.sync(channel.channelId);
      const [booking] = [...r.bookings.records.values()];
      r.setFeed([]);
      await r.sync.sync(channel.channelId);
      await r.sync.resolveAlert(booking!.bookingId, 'keep');
      const alerts: unknown[] = [];
      const setFeedAlert = r.service.setFeedAlert.bind(r.service);
      r.service.setFeedAlert = async (id, alert) => {
        alerts.push(alert);
        return setFeedAlert(id, alert);
      };
      r.setFeed([event('bs-1')]);
      // Act
      const outcome = await r.sync.sync(channel.channelId);
      // Assess
      expect(outcome).toMatchObject({ counts: { unchanged: 1 } });
      expect(alerts).toEqual([]);
      expect(await r.channels.getEntry(channel.channelId, 'bs-1')).not.toHaveProperty('alert');
    });

    it('moves a trip onto a time the boat is already booked: the marketplace has the last word', async () => {
      // Prepare
      const channel = await r.addChannel();
      r.setFeed([event('bs-1'), event('bs-2', { start: '2027-06-11T16:00:00.000Z', end: '2027-06-11T20:00:00.000Z' })]);
      await r.sync.sync(channel.channelId);
      r.setFeed([event('bs-1'), event('bs-2', { sequence: 1 })]);
      // Act
      const outcome = await r.sync.sync(channel.channelId);
      // Assess
      expect(outcome).toMatchObject({ counts: { changed: 1, skipped: 0 } });
    });

    it('keeps a block that echoes no live trip: another boat, a cancelled trip, another end', async () => {
      // Prepare
      const channel = await r.addChannel();
      const { bookingCreateSchema } = await import('../booking/schema');
      const direct = (externalId: string, boat: string, end: string) =>
        bookingCreateSchema.parse({
          source: 'direct', externalId, title: 'Sail', start: '2027-06-10T16:00:00.000Z', end, timezone: 'UTC', boat, meetingPoint: 'Dock 7',
          guest: { name: 'G', count: 2 }, allowConflicts: true, finance: { revenue: 1, captainFee: 1, platformFee: 0, currency: 'USD' },
        });
      await r.service.submit(direct('other-boat', 'Other', '2027-06-10T20:00:00.000Z'));
      await r.service.submit(direct('other-end', 'JADA', '2027-06-10T19:00:00.000Z'));
      const { result } = await r.service.submit(direct('cancelled', 'JADA', '2027-06-10T20:00:00.000Z'));
      await r.service.cancel(result.bookingId, { reason: 'weather' });
      r.setFeed([event('blk', { kind: 'block', summary: 'Not available', guest: {} })]);
      // Act
      const outcome = await r.sync.sync(channel.channelId);
      // Assess
      expect(outcome).toMatchObject({ counts: { blocks: 1, ignored: 0 } });
      expect(await r.channels.getEntry(channel.channelId, 'blk')).toMatchObject({ kind: 'block', boat: 'JADA', facts: { start: '2027-06-10T16:00:00.000Z', end: '2027-06-10T20:00:00.000Z' } });
    });

    it('sees an echo whatever the case of the boat’s name', async () => {
      // Prepare
      const channel = await r.addChannel();
      const { bookingCreateSchema } = await import('../booking/schema');
      await r.service.submit(bookingCreateSchema.parse({
        source: 'direct', externalId: 'd-1', title: 'Sail', start: '2027-06-10T16:00:00.000Z', end: '2027-06-10T20:00:00.000Z', timezone: 'UTC', boat: 'jada', meetingPoint: 'Dock 7',
        guest: { name: 'G', count: 2 }, finance: { revenue: 1, captainFee: 1, platformFee: 0, currency: 'USD' },
      }));
      r.setFeed([event('echo', { kind: 'block', summary: 'Not available', guest: {} })]);
      // Act
      const outcome = await r.sync.sync(channel.channelId);
      // Assess
      expect(outcome).toMatchObject({ counts: { blocks: 0, ignored: 1 } });
    });

    it('keeps counting an unchanged block it kept, even once a trip was booked over it on purpose', async () => {
      // Prepare
      const channel = await r.addChannel();
      r.setFeed([event('blk', { kind: 'block', summary: 'Not available', guest: {} })]);
      await r.sync.sync(channel.channelId);
      const { bookingCreateSchema } = await import('../booking/schema');
      await r.service.submit(bookingCreateSchema.parse({
        source: 'direct', externalId: 'd-1', title: 'Sail', start: '2027-06-10T16:00:00.000Z', end: '2027-06-10T20:00:00.000Z', timezone: 'UTC', boat: 'JADA', meetingPoint: 'Dock 7',
        guest: { name: 'G', count: 2 }, allowConflicts: true, finance: { revenue: 1, captainFee: 1, platformFee: 0, currency: 'USD' },
      }));
      // Act
      const outcome = await r.sync.sync(channel.channelId);
      // Assess
      expect(outcome).toMatchObject({ counts: { blocks: 1, ignored: 0 } });
    });

    it('ignores a block without an end, and one that is over', async () => {
      // Prepare
      const channel = await r.addChannel();
      r.setFeed([
        event('open', { kind: 'block', summary: 'Not available', guest: {}, noEnd: true }),
        event('past', { kind: 'block', summary: 'Not available', guest: {}, start: '2027-05-01T16:00:00.000Z', end: '2027-05-01T20:00:00.000Z' }),
      ]);
      // Act
      const outcome = await r.sync.sync(channel.channelId);
      // Assess
      expect(outcome).toMatchObject({ counts: { blocks: 0, ignored: 2 } });
      expect(await r.channels.listEntries(channel.channelId)).toEqual([]);
    });
  });

  describe('flags', () => {
    async function vanished(prepare: (bookingId: string) => Promise<void> | void = () => undefined) {
      const channel = await r.addChannel();
      r.setFeed([event('bs-1')]);
      await r.sync.sync(channel.channelId);
      const [booking] = [...r.bookings.records.values()];
      await prepare(booking!.bookingId);
      r.setFeed([]);
      const outcome = await r.sync.sync(channel.channelId);
      return { channel, bookingId: booking!.bookingId, outcome };
    }

    const noFlag: [string, (bookingId: string) => Promise<void> | void][] = [
      ['a trip that ended exactly now', () => void r.setNow(new Date('2027-06-10T20:00:00.000Z'))],
      [
        // The feed had it until 20:00, the stored trip runs to 22:00; it is 20:00.
        'a trip whose feed end has passed, though the operator made it longer',
        (id) => {
          r.bookings.records.get(id)!.request.end = '2027-06-10T22:00:00.000Z';
          r.setNow(new Date('2027-06-10T20:00:00.000Z'));
        },
      ],
      ['a trip the operator cancelled', (id) => r.service.cancel(id, { reason: 'weather' }).then(() => undefined)],
      [
        // The stored trip ends at 18:00, the feed had it until 20:00; it is 18:00.
        'a trip that now ends before the feed’s end, once it is over',
        (id) => {
          r.bookings.records.get(id)!.request.end = '2027-06-10T18:00:00.000Z';
          r.setNow(new Date('2027-06-10T18:00:00.000Z'));
        },
      ],
    ];

    it.each(noFlag)('raises no flag for %s', async (_, prepare) => {
      // Act
      const { bookingId, outcome } = await vanished(prepare);
      // Assess
      expect(outcome).toMatchObject({ counts: { missing: 0 } });
      expect(r.bookings.records.get(bookingId)!.feedAlert).toBeUndefined();
    });

    it('raises no flag for a booking that is gone', async () => {
      // Act
      const { outcome } = await vanished((id) => void r.bookings.records.delete(id));
      // Assess
      expect(outcome).toMatchObject({ status: 'synced', counts: { missing: 0 } });
    });

    it('lets a failure to read the booking through', async () => {
      // Act
      const failing = vanished(() => {
        r.service.get = async () => {
          throw new DependencyUnavailableError('throttled');
        };
      });
      // Assess
      await expect(failing).rejects.toThrow(DependencyUnavailableError);
    });

    it('raises no flag for a kept trip, even when the feed later shows it cancelled', async () => {
      // Prepare
      const { channel, bookingId } = await vanished();
      await r.sync.resolveAlert(bookingId, 'keep');
      r.setFeed([event('bs-1', { status: 'cancelled', sequence: 1 })]);
      // Act
      const outcome = await r.sync.sync(channel.channelId);
      // Assess
      expect(outcome).toMatchObject({ counts: { missing: 0, unchanged: 1 } });
      expect(r.bookings.records.get(bookingId)!.feedAlert).toBeUndefined();
    });
  });

  describe('resolving an alert', () => {
    it('keeps the trip: the alert goes, the entry is marked kept', async () => {
      // Prepare
      const channel = await r.addChannel();
      r.setFeed([event('bs-1')]);
      await r.sync.sync(channel.channelId);
      const [booking] = [...r.bookings.records.values()];
      r.setFeed([]);
      await r.sync.sync(channel.channelId);
      // Act
      await r.sync.resolveAlert(booking!.bookingId, 'keep');
      // Assess
      expect(r.bookings.records.get(booking!.bookingId)).toMatchObject({ status: 'active', version: 1 });
      expect(await r.channels.getEntry(channel.channelId, 'bs-1')).toMatchObject({ kept: true, alert: 'missing' });
    });

    it('confirms a vanished trip’s cancellation in the console’s name, naming the feed', async () => {
      // Prepare
      const channel = await r.addChannel();
      r.setFeed([event('bs-1')]);
      await r.sync.sync(channel.channelId);
      const [booking] = [...r.bookings.records.values()];
      r.setFeed([]);
      await r.sync.sync(channel.channelId);
      // Act
      await r.sync.resolveAlert(booking!.bookingId, 'cancel');
      // Assess
      const cancelled = r.bookings.records.get(booking!.bookingId)!;
      expect(cancelled).toMatchObject({ status: 'cancelled', cancellation: { reason: 'marketplace', note: 'No longer in the Boatsetter — JADA feed' }, lastChange: { actor: 'console' } });
      expect(cancelled.feedAlert).toBeUndefined();
      const entry = await r.channels.getEntry(channel.channelId, 'bs-1');
      expect(entry).toMatchObject({ alert: 'missing' });
      expect(entry).not.toHaveProperty('kept');
    });

    it('says “its channel’s feed” when the channel was deleted since', async () => {
      // Prepare
      const channel = await r.addChannel();
      r.setFeed([event('bs-1')]);
      await r.sync.sync(channel.channelId);
      const [booking] = [...r.bookings.records.values()];
      r.setFeed([]);
      await r.sync.sync(channel.channelId);
      r.channels.channels.delete(channel.channelId);
      // Act
      await r.sync.resolveAlert(booking!.bookingId, 'cancel');
      // Assess
      expect(r.bookings.records.get(booking!.bookingId)!.cancellation).toMatchObject({ note: 'No longer in its channel’s feed' });
    });

    it('does nothing for a booking without an alert', async () => {
      // Prepare
      const channel = await r.addChannel();
      r.setFeed([event('bs-1')]);
      await r.sync.sync(channel.channelId);
      const [booking] = [...r.bookings.records.values()];
      const writes = r.channels.entryWrites;
      // Act
      await r.sync.resolveAlert(booking!.bookingId, 'cancel');
      // Assess
      expect(r.bookings.records.get(booking!.bookingId)).toMatchObject({ status: 'active', version: 1 });
      expect(r.channels.entryWrites).toBe(writes);
    });

    it('clears an alert on a booking that came from no feed, writing no entry', async () => {
      // Prepare
      const channel = await r.addChannel();
      const { bookingCreateSchema } = await import('../booking/schema');
      const { result } = await r.service.submit(bookingCreateSchema.parse({
        source: 'direct', externalId: 'd-1', title: 'Sail', start: '2027-06-10T16:00:00.000Z', end: '2027-06-10T20:00:00.000Z', timezone: 'UTC', boat: 'JADA', meetingPoint: 'Dock 7',
        guest: { name: 'G', count: 2 }, finance: { revenue: 1, captainFee: 1, platformFee: 0, currency: 'USD' },
      }));
      await r.service.setFeedAlert(result.bookingId, { kind: 'missing', channelId: channel.channelId, since: NOW.toISOString() });
      const writes = r.channels.entryWrites;
      // Act
      await r.sync.resolveAlert(result.bookingId, 'keep');
      // Assess
      expect(r.bookings.records.get(result.bookingId)!.feedAlert).toBeUndefined();
      expect(r.channels.entryWrites).toBe(writes);
    });

    it('only clears the alert of a trip already cancelled', async () => {
      // Prepare
      const channel = await r.addChannel();
      r.setFeed([event('bs-1')]);
      await r.sync.sync(channel.channelId);
      const [booking] = [...r.bookings.records.values()];
      r.setFeed([]);
      await r.sync.sync(channel.channelId);
      await r.service.cancel(booking!.bookingId, { reason: 'guest', note: 'Guest called' }, { actor: 'console' });
      // Act
      await r.sync.resolveAlert(booking!.bookingId, 'cancel');
      // Assess
      const after = r.bookings.records.get(booking!.bookingId)!;
      expect(after.cancellation).toMatchObject({ reason: 'guest', note: 'Guest called' });
      expect(after.feedAlert).toBeUndefined();
    });
  });
});
