import { buildFeed, type FixtureEvent } from '@scc/core/testing';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIcs, startFeedServer, startTestApp, type TestApp } from './support';

const NOW = new Date('2027-03-01T12:00:00Z');
const day = (n: number, hour = 16) => new Date(Date.UTC(2027, 2, 1 + n, hour));
const trip = (uid: string, n: number, extra: Partial<FixtureEvent> = {}): FixtureEvent => ({
  uid,
  start: day(n),
  end: day(n, 20),
  summary: 'Boatsetter Booking - Jane D.',
  description: 'Renter: Jane Doe\nGuests: 4',
  location: 'Miami Beach Marina',
  ...extra,
});
const FIRST = [
  trip('bs-1@boatsetter.example', 5),
  trip('bs-2@boatsetter.example', 6),
  trip('bs-3@boatsetter.example', 7),
  { uid: 'blk-1@boatsetter.example', start: day(10, 0), end: day(11, 0), summary: 'Not available' },
  trip('bs-old@boatsetter.example', -20),
];
const LOGIN_PAGE = readFileSync(new URL('../packages/core/src/channels/fixtures/login-page.html', import.meta.url), 'utf8');

let t: TestApp;
let feed: Awaited<ReturnType<typeof startFeedServer>>;
let channelId: string;

type Summary = { bookingId: string; externalId: string; version: number; updatedAt: string; start: string; status: string; needsDetails: string[]; feedAlert?: { kind: string } };
async function bookings(): Promise<Summary[]> {
  const res = await t.call('GET', '/bookings?from=2027-01-01T00:00:00Z&to=2027-12-31T00:00:00Z&limit=100');
  return ((await res.json()) as { items: Summary[] }).items;
}
const sync = async () => t.call('POST', `/channels/${channelId}/sync`);

beforeAll(async () => {
  t = await startTestApp({ clock: () => NOW });
  feed = await startFeedServer(buildFeed(FIRST));
  await t.call('POST', '/crew', { crewId: 'ana', name: 'Ana Lopez', email: 'ana@example.com' });
  const res = await t.call('POST', '/channels', {
    name: 'Boatsetter — JADA',
    source: 'boatsetter',
    url: feed.url,
    boat: 'JADA',
    defaults: { crewTasks: ['Fuel up', 'Ice'], meetingPoint: 'Dock 7', timezone: 'America/New_York' },
  });
  expect(res.status).toBe(201);
  channelId = ((await res.json()) as { channelId: string }).channelId;
});
afterAll(async () => {
  await feed.close();
  await t.stop();
});

describe('a marketplace channel, end to end through the API', () => {
  it('never shows the feed URL’s token once saved', async () => {
    const listed = await (await t.call('GET', '/channels')).text();
    expect(listed).not.toContain('SECRETFEEDTOKEN');
    expect(JSON.parse(listed).items[0].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/…$/);
  });

  it('first sync creates each future booking once, keeps the block, ignores the past', async () => {
    const res = await sync();
    expect(res.status).toBe(200);
    const body = (await res.json()) as { outcome: { status: string; counts: Record<string, number> } };
    expect(body.outcome).toMatchObject({ status: 'synced', counts: { created: 3, blocks: 1, ignored: 1, missing: 0 } });
    const all = await bookings();
    expect(all.map((b) => b.externalId).sort()).toEqual(['bs-1@boatsetter.example', 'bs-2@boatsetter.example', 'bs-3@boatsetter.example']);
    expect(all.every((b) => b.needsDetails.join() === 'crew,finance')).toBe(true);
    expect(t.fakes.mailer.sent).toHaveLength(0);
    expect(t.fakes.guestPages.pages.size).toBe(3);
  });

  it('the boat’s own feed for other marketplaces carries the imported trips and the owner’s block, no guest names', async () => {
    const { boats } = (await (await t.call('GET', '/feeds')).json()) as { boats: { boat: string; url: string }[] };
    const jada = new URL(boats.find((b) => b.boat === 'JADA')!.url);
    const res = await t.app.request(`${jada.pathname}${jada.search}`);
    expect(res.status).toBe(200);
    const body = await res.text();
    const busy = parseIcs(body).map((e) => [e.start, e.end]);
    expect(busy).toContainEqual([day(10, 0).toISOString(), day(11, 0).toISOString()]);
    expect(busy).toContainEqual([day(5).toISOString(), day(5, 20).toISOString()]);
    expect(busy).toHaveLength(4);
    expect(body).not.toContain('Jane');
  });

  it('an unchanged feed writes nothing: first the server’s 304, then a full body with nothing new', async () => {
    const before = await bookings();
    const pagesWritten = t.fakes.guestPages.puts;
    const notModified = await (await sync()).json();
    expect(notModified).toMatchObject({ outcome: { status: 'synced', notModified: true } });
    expect(feed.served.notModified).toBe(1);
    // The same events, written again (a new DTSTAMP): a full body, still nothing to do.
    feed.serve(buildFeed(FIRST, { stamp: new Date('2027-02-01T00:00:00Z') }));
    const again = await (await sync()).json();
    expect(again).toMatchObject({ outcome: { status: 'synced', notModified: false, counts: { created: 0, changed: 0, unchanged: 3 } } });
    expect(await bookings()).toEqual(before);
    expect(t.fakes.guestPages.puts).toBe(pagesWritten);
  });

  it('a moved event reschedules the booking and its guest page', async () => {
    const moved = [trip('bs-1@boatsetter.example', 8, { sequence: 1 }), ...FIRST.slice(1)];
    feed.serve(buildFeed(moved));
    const body = await (await sync()).json();
    expect(body).toMatchObject({ outcome: { counts: { changed: 1, unchanged: 2 } } });
    const booking = (await bookings()).find((b) => b.externalId === 'bs-1@boatsetter.example')!;
    expect(booking).toMatchObject({ version: 2, start: day(8).toISOString() });
    const detail = await (await t.call('GET', `/bookings/${booking.bookingId}`)).json();
    const page = [...t.fakes.guestPages.pages.entries()].find(([slug]) => slug === detail.slug)?.[1] ?? '';
    expect(page).toContain('March 9');
    const history = (await (await t.call('GET', `/bookings/${booking.bookingId}/history`)).json()) as { items?: unknown[] } | unknown[];
    expect(JSON.stringify(history)).toContain('"actor":"sync"');
  });

  it('a broken feed (a login page, a 500, an empty body) changes nothing and is reported', async () => {
    const before = await bookings();
    for (const [body, options, failure] of [
      [LOGIN_PAGE, { contentType: 'text/html' }, 'not_calendar'],
      ['oops', { status: 500 }, 'http_status'],
      ['', {}, 'empty'],
    ] as const) {
      feed.serve(body, options);
      const res = await sync();
      expect(res.status).toBe(200);
      const answer = (await res.json()) as { outcome: { status: string; failure: string }; channel: { sync: { lastError: { failure: string } } } };
      expect(answer.outcome).toMatchObject({ status: 'failed', failure });
      expect(answer.channel.sync.lastError.failure).toBe(failure);
      expect(JSON.stringify(answer)).not.toContain('SECRETFEEDTOKEN');
    }
    expect(await bookings()).toEqual(before);
  });

  it('a removed event is flagged, not cancelled; the operator confirms and it is cancelled for the marketplace', async () => {
    feed.serve(buildFeed([trip('bs-1@boatsetter.example', 8, { sequence: 1 }), FIRST[1]!, FIRST[3]!]));
    const body = await (await sync()).json();
    expect(body).toMatchObject({ outcome: { counts: { missing: 1 } }, channel: { sync: { counts: { missing: 1 } } } });
    const flagged = (await bookings()).find((b) => b.externalId === 'bs-3@boatsetter.example')!;
    expect(flagged).toMatchObject({ status: 'active', version: 1, feedAlert: { kind: 'missing' } });

    const res = await t.call('POST', `/channels/alerts/${flagged.bookingId}`, { answer: 'cancel' });
    expect(res.status).toBe(200);
    const detail = await (await t.call('GET', `/bookings/${flagged.bookingId}`)).json();
    expect(detail).toMatchObject({ status: 'cancelled', cancellation: { reason: 'marketplace' } });
    expect(detail.feedAlert).toBeUndefined();
  });

  it('completing a booking that needs details emails its crew once', async () => {
    const booking = (await bookings()).find((b) => b.externalId === 'bs-2@boatsetter.example')!;
    const res = await t.call(
      'PATCH',
      `/bookings/${booking.bookingId}`,
      { crew: [{ crewId: 'ana', role: 'captain' }], finance: { revenue: 120000, captainFee: 30000, platformFee: 12000, currency: 'USD' } },
      { 'If-Match': `"${booking.version}"` },
    );
    expect(res.status).toBe(200);
    expect((await bookings()).find((b) => b.bookingId === booking.bookingId)?.needsDetails).toEqual([]);
    expect(t.fakes.mailer.sent.map((m) => m.to)).toEqual(['ana@example.com']);
  });

  it('the marketplace block stops a booking over it, naming the block', async () => {
    const res = await t.call('POST', '/bookings', {
      source: 'direct', externalId: 'over-block', title: 'Sail', start: day(10, 15).toISOString(), end: day(10, 18).toISOString(),
      timezone: 'America/New_York', boat: 'JADA', meetingPoint: 'Dock 7', guest: { name: 'G', count: 2 },
      finance: { revenue: 1, captainFee: 1, platformFee: 0, currency: 'USD' },
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'boat_conflict', details: { conflicts: [{ kind: 'block', title: 'Not available' }] } } });
  });

  it('two syncs at once: one runs, the other is told so; each booking exists once', async () => {
    feed.serve(buildFeed([...FIRST, trip('bs-4@boatsetter.example', 12), trip('bs-5@boatsetter.example', 13)]));
    const [a, b] = await Promise.all([sync(), sync()]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const refused = [a, b].find((r) => r.status === 409)!;
    expect(await refused.json()).toMatchObject({ error: { code: 'sync_running' } });
    const ids = (await bookings()).map((x) => x.externalId);
    expect(ids.filter((id) => id === 'bs-4@boatsetter.example')).toHaveLength(1);
    expect(ids.filter((id) => id === 'bs-5@boatsetter.example')).toHaveLength(1);
  });

  it('refuses a feed on a link-local address even locally', async () => {
    const res = await t.call('POST', '/channels', {
      name: 'Metadata', source: 'other', url: 'http://169.254.169.254/latest/meta-data/', boat: 'JADA',
      defaults: { meetingPoint: 'Dock 7', timezone: 'America/New_York' },
    });
    const { channelId: id } = (await res.json()) as { channelId: string };
    const body = await (await t.call('POST', `/channels/${id}/sync`)).json();
    expect(body).toMatchObject({ outcome: { status: 'failed', failure: 'blocked_address' } });
  });

  it.each([
    ['boatsetter-basic.ics', 'boatsetter', { created: 3, blocks: 1, skipped: 0 }],
    ['getmyboat-tzid.ics', 'getmyboat', { created: 5, blocks: 0, skipped: 0 }],
    // Skipped: free time (TRANSP:TRANSPARENT), and an event with no end on a channel without a trip length.
    ['allday-and-blocks.ics', 'direct', { created: 3, blocks: 5, skipped: 2 }],
    ['cancelled-sequence.ics', 'boatsetter', { skipped: 1 }],
    ['junk-in-middle.ics', 'boatsetter', { created: 2, skipped: 5 }],
    ['lf-only.ics', 'boatsetter', { created: 1, blocks: 1 }],
    ['recurring.ics', 'direct', { created: 1, blocks: 6, ignored: 1 }],
  ])('syncs the %s fixture served over HTTP (%s rules)', async (file, source, counts) => {
    const server = await startFeedServer(readFileSync(new URL(`../packages/core/src/channels/fixtures/${file}`, import.meta.url), 'utf8'));
    try {
      const made = await t.call('POST', '/channels', {
        name: file, source, url: server.url, boat: `Fixture ${file}`,
        defaults: { meetingPoint: 'Dock 7', timezone: 'America/New_York' },
      });
      const { channelId: id } = (await made.json()) as { channelId: string };
      const body = (await (await t.call('POST', `/channels/${id}/sync`)).json()) as { outcome: { status: string; counts: Record<string, number> } };
      expect(body.outcome.status).toBe('synced');
      expect(body.outcome.counts).toMatchObject(counts);
    } finally {
      await server.close();
    }
  });

  it('answers bad input with a clear 400 and unknown channels with 404', async () => {
    const bad = await t.call('POST', '/channels', { name: '', source: 'Boat Setter', url: 'ftp://x', boat: 'JADA', defaults: {} });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_request' } });
    expect((await t.call('POST', '/channels/ch_nope/sync')).status).toBe(404);
    expect((await t.call('GET', '/channels', undefined, { 'X-Service-Key': 'wrong' })).status).toBe(401);
  });
});
