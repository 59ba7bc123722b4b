import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GoogleStandIn, startGoogleStandIn } from './index';
import { calendarApi, tokenFor } from './test-client';

const CALENDAR = 'ops@example.com';
let google: GoogleStandIn;
let api: ReturnType<typeof calendarApi>;
// Real time, so assertions signed now are valid; moved on by later() to see `updated` change.
let now = new Date();
let n = 0;

beforeAll(async () => {
  google = await startGoogleStandIn({ clock: () => now });
  api = calendarApi(google, await tokenFor(google), CALENDAR);
});
afterAll(() => google.close());
beforeEach(() => google.setFault(null));

/** A fresh event, inserted. */
async function inserted() {
  n += 1;
  const event = {
    id: `scc${String(n).padStart(5, '0')}`,
    summary: 'Sunset sail',
    location: 'Dock C',
    description: 'Six guests',
    start: { dateTime: '2027-07-04T18:00:00-07:00', timeZone: 'America/Los_Angeles' },
    end: { dateTime: '2027-07-04T21:00:00-07:00', timeZone: 'America/Los_Angeles' },
  };
  const created = await api('POST', '', event);
  expect(created.status).toBe(200);
  return { event, created: created.body };
}

const later = () => {
  now = new Date(now.getTime() + 60_000);
};

describe('events.update (PUT)', () => {
  it('replaces the fields, keeps id and created, bumps updated and etag', async () => {
    const { event, created } = await inserted();
    later();
    const { location: _dropped, ...rest } = event;
    const res = await api('PUT', `/${event.id}`, { ...rest, summary: 'Moved sail' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: event.id, summary: 'Moved sail', status: 'confirmed', created: created.created });
    expect(res.body.location).toBeUndefined(); // a replacement, not a merge
    expect(res.body.updated).toBe(now.toISOString());
    expect(res.body.updated).not.toBe(created.updated);
    expect(res.body.etag).not.toBe(created.etag);
  });

  it('sets the status from the body, confirmed when the body has none', async () => {
    const { event } = await inserted();
    expect((await api('PUT', `/${event.id}`, { ...event, status: 'cancelled' })).body.status).toBe('cancelled');
    expect((await api('PUT', `/${event.id}`, event)).body.status).toBe('confirmed');
  });

  it('answers 404 notFound for an event that is not there', async () => {
    const res = await api('PUT', '/scc404404', { summary: 'x', start: { dateTime: '2027-01-01T00:00:00Z' }, end: { dateTime: '2027-01-01T01:00:00Z' } });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: 404, errors: [{ reason: 'notFound' }] } });
  });

  it.each([
    ['no summary', { summary: undefined }],
    ['a status Google has but SCC does not use', { status: 'tentative' }],
    ['another id in the body', { id: 'sccother1' }],
  ])('answers 400 for %s', async (_, change) => {
    const { event } = await inserted();
    const res = await api('PUT', `/${event.id}`, { ...event, ...change });
    expect(res.status).toBe(400);
  });
});

describe('events.patch (PATCH)', () => {
  it('merges the given fields only, and can cancel', async () => {
    const { event, created } = await inserted();
    later();
    const res = await api('PATCH', `/${event.id}`, { status: 'cancelled' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...event, status: 'cancelled', created: created.created, updated: now.toISOString() });
    expect(res.body.etag).not.toBe(created.etag);
  });

  it('refuses a patch that would leave the event invalid, and changes nothing', async () => {
    const { event } = await inserted();
    const res = await api('PATCH', `/${event.id}`, { end: { dateTime: '2027-07-04T17:00:00-07:00' } });
    expect(res.status).toBe(400);
    expect(google.events(CALENDAR).find((e) => e.id === event.id)?.end).toEqual(event.end);
  });

  it('answers 404 for an event that is not there', async () => {
    expect((await api('PATCH', '/scc404405', { status: 'cancelled' })).status).toBe(404);
  });
});

describe('events.get and events.list', () => {
  it('gets one event, cancelled or not, and 404 for none', async () => {
    const { event } = await inserted();
    await api('PATCH', `/${event.id}`, { status: 'cancelled' });
    expect((await api('GET', `/${event.id}`)).body).toMatchObject({ id: event.id, status: 'cancelled' });
    expect((await api('GET', '/scc404406')).status).toBe(404);
  });

  it("lists in Google's shape, cancelled events only with showDeleted=true", async () => {
    const { event: kept } = await inserted();
    const { event: gone } = await inserted();
    await api('PATCH', `/${gone.id}`, { status: 'cancelled' });
    const plain = await api('GET');
    expect(plain.body.kind).toBe('calendar#events');
    const ids = (list: Record<string, unknown>) => (list.items as Array<{ id: string }>).map((e) => e.id);
    expect(ids(plain.body)).toContain(kept.id);
    expect(ids(plain.body)).not.toContain(gone.id);
    expect(ids((await api('GET', '?showDeleted=true')).body)).toContain(gone.id);
  });

  it('needs a token like every other method', async () => {
    const anonymous = calendarApi(google, 'ya29.made-up', CALENDAR);
    expect((await anonymous('GET')).status).toBe(401);
    expect((await anonymous('PUT', '/scc00001', {})).status).toBe(401);
    expect((await anonymous('PATCH', '/scc00001', {})).status).toBe(401);
  });
});

describe('counters and faults', () => {
  it('counts each method on its own', async () => {
    const { event } = await inserted();
    const before = [google.insertCount, google.updateCount, google.patchCount, google.readCount];
    await api('PUT', `/${event.id}`, event);
    await api('PATCH', `/${event.id}`, { status: 'cancelled' });
    await api('PATCH', `/${event.id}`, { status: 'confirmed' });
    await api('GET', `/${event.id}`);
    await api('GET');
    const after = [google.insertCount, google.updateCount, google.patchCount, google.readCount];
    expect(after.map((count, i) => count - (before[i] ?? 0))).toEqual([0, 1, 2, 2]);
  });

  it('plays faults on every events method, not on the token endpoint', async () => {
    const { event } = await inserted();
    google.setFault({ status: 503 });
    expect((await api('PUT', `/${event.id}`, event)).status).toBe(503);
    expect((await api('PATCH', `/${event.id}`, { status: 'cancelled' })).status).toBe(503);
    expect((await api('GET', `/${event.id}`)).status).toBe(503);
    expect((await api('GET')).status).toBe(503);
    expect(await tokenFor(google)).toMatch(/^ya29\./);
    google.setFault(null);
    google.failNext(1, { status: 410 });
    const gone = await api('PATCH', `/${event.id}`, { status: 'cancelled' });
    expect(gone).toMatchObject({ status: 410, body: { error: { errors: [{ reason: 'deleted' }] } } });
    expect(google.events(CALENDAR).find((e) => e.id === event.id)?.status).toBe('confirmed');
  });
});
