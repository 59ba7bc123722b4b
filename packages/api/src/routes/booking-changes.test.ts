import { bookingBody, expectNoMoneyOrGuestContact, startTestApp, type TestApp } from '@scc/test/support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  for (const [crewId, name] of [['ana', 'Ana Lopez'], ['ben', 'Ben Ortiz'], ['cai', 'Cai Wong']]) {
    await t.call('POST', '/crew', { crewId, name, email: `${crewId}@example.com` });
  }
});
afterAll(() => t.stop());

/** Each test books its own day, so trips never clash unless a test wants them to. */
const onDay = (day: number, externalId: string, extra: Record<string, unknown> = {}) =>
  bookingBody(externalId, {
    start: `2027-08-${String(day).padStart(2, '0')}T18:00:00-07:00`,
    end: `2027-08-${String(day).padStart(2, '0')}T21:00:00-07:00`,
    crew: [{ crewId: 'ana', role: 'captain' }, { crewId: 'ben', role: 'mate' }],
    crewTasks: ['Stock cooler', 'Check fuel'],
    allowConflicts: false,
    ...extra,
  });

async function create(day: number, externalId: string, extra: Record<string, unknown> = {}) {
  const res = await t.call('POST', '/bookings', onDay(day, externalId, extra));
  expect(res.status).toBe(201);
  return res.json();
}

const patch = (bookingId: string, body: unknown, version?: number) =>
  t.call('PATCH', `/bookings/${bookingId}`, body, version === undefined ? {} : { 'If-Match': `"${version}"` });

describe('PATCH /bookings/:id', () => {
  it('needs If-Match (428), refuses a stale one (412) and answers the new version with its ETag', async () => {
    const { bookingId } = await create(1, 'CH-1');
    const missing = await patch(bookingId, { notes: 'x' });
    expect(missing.status).toBe(428);
    expect((await missing.json()).error.code).toBe('precondition_required');
    const stale = await patch(bookingId, { notes: 'x' }, 5);
    expect(stale.status).toBe(412);
    expect((await stale.json()).error.details).toMatchObject({ currentVersion: 1 });

    const ok = await patch(bookingId, { start: '2027-08-01T17:00:00-07:00' }, 1);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"2"');
    expect(await ok.json()).toMatchObject({ version: 2, outcome: 'changed', steps: { crewNotices: { status: 'succeeded', sent: 2, version: 2 } } });
    const detail = await (await t.call('GET', `/bookings/${bookingId}`)).json();
    expect(detail).toMatchObject({ version: 2, start: '2027-08-01T17:00:00-07:00', crew: [{ crewId: 'ana', name: 'Ana Lopez', role: 'captain' }, { crewId: 'ben', name: 'Ben Ortiz', role: 'mate' }] });
    expect(detail.booking.crewTasks).toEqual([
      { taskId: 'task_1', label: 'Stock cooler', done: false },
      { taskId: 'task_2', label: 'Check fuel', done: false },
    ]);
  });

  it('refuses bad input with a 400 listing each problem, and a past trip’s time with 422', async () => {
    const { bookingId } = await create(2, 'CH-2');
    const bad = await patch(bookingId, { start: 'tomorrow', crewTasks: [{ taskId: 'task_9', label: 'x' }], surprise: 1 }, 1);
    expect(bad.status).toBe(400);
    const empty = await patch(bookingId, {}, 1);
    expect(empty.status).toBe(400);
    const unknownTask = await patch(bookingId, { crewTasks: [{ taskId: 'task_9', label: 'x' }] }, 1);
    expect(unknownTask.status).toBe(400);
    expect((await unknownTask.json()).error.details.issues[0].path).toBe('crewTasks');
    const backwards = await patch(bookingId, { end: '2027-08-02T10:00:00-07:00' }, 1);
    expect(backwards.status).toBe(400);
  });

  it('previews who will be emailed and why, and writes nothing', async () => {
    const { bookingId } = await create(3, 'CH-3');
    const sent = t.fakes.mailer.sent.length;
    const res = await t.call('POST', `/bookings/${bookingId}/preview`, {
      meetingPoint: 'Dock D',
      crew: [{ crewId: 'ana', role: 'captain' }, { crewId: 'cai', role: 'deckhand' }],
    });
    expect(res.status).toBe(200);
    const preview = await res.json();
    expect(preview.changedFields).toEqual(['meetingPoint', 'crew']);
    expect(preview.notices).toEqual(
      expect.arrayContaining([
        { crewId: 'ana', name: 'Ana Lopez', kind: 'changed', changed: ['meetingPoint'] },
        { crewId: 'ben', name: 'Ben Ortiz', kind: 'removed', changed: [] },
        { crewId: 'cai', name: 'Cai Wong', kind: 'invite', changed: [] },
      ]),
    );
    expect(preview.guestPage).toBe(true);
    expect(t.fakes.mailer.sent.length).toBe(sent);
    expect((await (await t.call('GET', `/bookings/${bookingId}`)).json()).version).toBe(1);
  });

  it('a double booking is refused with 409 naming the other trip; allowConflicts books it and the history says so', async () => {
    const first = await create(4, 'CH-4a');
    const second = await create(5, 'CH-4b', { crew: [{ crewId: 'cai', role: 'captain' }] });
    const clash = { start: '2027-08-04T19:00:00-07:00', end: '2027-08-04T22:00:00-07:00' };
    const refused = await patch(second.bookingId, clash, 1);
    expect(refused.status).toBe(409);
    const { error } = await refused.json();
    expect(error.code).toBe('boat_conflict');
    expect(error.details.conflicts).toEqual([
      expect.objectContaining({ kind: 'boat', bookingId: first.bookingId, overlap: { start: '2027-08-05T02:00:00.000Z', end: '2027-08-05T04:00:00.000Z' } }),
    ]);
    const crewClash = await patch(second.bookingId, { ...clash, boat: 'Other boat', crew: [{ crewId: 'ana', role: 'captain' }] }, 1);
    expect((await crewClash.json()).error.code).toBe('crew_conflict');

    const forced = await patch(second.bookingId, { ...clash, allowConflicts: true }, 1);
    expect(forced.status).toBe(200);
    const history = (await (await t.call('GET', `/bookings/${second.bookingId}/history`)).json()).items;
    expect(history.find((h: { kind: string }) => h.kind === 'changed').overrides).toHaveLength(1);
  });

  it('a per-boat turnaround makes back-to-back trips clash', async () => {
    await create(6, 'CH-5a');
    const put = await t.call('PUT', '/settings', { turnaroundMinutes: { default: 0, boats: { JADA: 60 } } });
    expect(put.status).toBe(200);
    const tooSoon = await t.call('POST', '/bookings', onDay(6, 'CH-5b', {
      start: '2027-08-06T21:30:00-07:00',
      end: '2027-08-06T23:00:00-07:00',
      crew: [],
    }));
    expect(tooSoon.status).toBe(409);
    await t.call('PUT', '/settings', { turnaroundMinutes: { default: 0, boats: {} } });
  });
});

describe('cancel, reinstate and history', () => {
  it('cancels with a reason, keeps the finance with its refund, reinstates, and logs every change and step', async () => {
    const { bookingId, slug } = await create(10, 'CH-10');
    const cancelled = await t.call('POST', `/bookings/${bookingId}/cancel`, { reason: 'weather', note: 'Small craft advisory', refund: 100000 }, { 'X-Actor': 'console' });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ status: 'cancelled', version: 2 });
    expect(t.fakes.guestPages.pages.get(slug)).toMatch(/cancelled/i);
    const detail = await (await t.call('GET', `/bookings/${bookingId}`)).json();
    expect(detail).toMatchObject({ status: 'cancelled', cancellation: { reason: 'weather', note: 'Small craft advisory' }, finance: { revenue: 184731, cancelled: { refund: 100000 } } });
    expect((await t.call('POST', `/bookings/${bookingId}/cancel`, { reason: 'nope' })).status).toBe(400);

    const back = await t.call('POST', `/bookings/${bookingId}/reinstate`, {});
    expect(await back.json()).toMatchObject({ status: 'active', version: 3 });

    const history = (await (await t.call('GET', `/bookings/${bookingId}/history`)).json()).items;
    const changes = history.filter((h: { kind: string }) => h.kind !== 'step');
    expect(changes.map((h: { kind: string; version: number; actor: string }) => [h.kind, h.version, h.actor])).toEqual([
      ['reinstated', 3, 'service-key'],
      ['cancelled', 2, 'console'],
      ['created', 1, 'service-key'],
    ]);
    expect(history.filter((h: { kind: string }) => h.kind === 'step').length).toBeGreaterThanOrEqual(12);
  });
});

describe('PUT /bookings/by-ref/:source/:externalId', () => {
  it('creates, changes on a different payload, and does nothing on the same one', async () => {
    const { source: _s, externalId: _e, ...body } = onDay(12, 'ignored');
    const created = await t.call('PUT', '/bookings/by-ref/getmyboat/GMB-77', body);
    expect(created.status).toBe(201);
    expect((await created.json()).outcome).toBe('created');
    const same = await t.call('PUT', '/bookings/by-ref/getmyboat/GMB-77', body);
    expect(await same.json()).toMatchObject({ outcome: 'unchanged', version: 1 });
    const sent = t.fakes.mailer.sent.length;
    const grown = await t.call('PUT', '/bookings/by-ref/getmyboat/GMB-77', { ...body, guest: { ...body.guest, count: 9 } });
    expect(await grown.json()).toMatchObject({ outcome: 'changed', version: 2 });
    expect(t.fakes.mailer.sent.length).toBe(sent + 2);
    // POST keeps its 409 for callers that want it.
    expect((await t.call('POST', '/bookings', { ...body, source: 'getmyboat', externalId: 'GMB-77' })).status).toBe(409);
  });
});

describe('crew links', () => {
  it('GET lists working links without revoking; POST issues a new one and the old one stops working', async () => {
    const { eventId } = await create(14, 'CH-14');
    const current = (await (await t.call('GET', `/events/${eventId}/links`)).json()).links;
    expect(current.map((l: { name: string }) => l.name)).toEqual(['Ana Lopez', 'Ben Ortiz']);
    const old = new URL(current[0].url);
    expect((await t.app.request(`${old.pathname}${old.search}`)).status).toBe(200);

    const fresh = (await (await t.call('POST', `/events/${eventId}/links`, { crewId: 'ana' })).json()).links;
    expect((await t.app.request(`${old.pathname}${old.search}`)).status).toBe(401);
    const renewed = new URL(fresh[0].url);
    expect((await t.app.request(`${renewed.pathname}${renewed.search}`)).status).toBe(200);
  });

  it('a removed crew member’s link is refused at once, and a deactivated member’s too', async () => {
    const { bookingId, eventId } = await create(16, 'CH-16');
    const links = (await (await t.call('GET', `/events/${eventId}/links`)).json()).links;
    const ben = new URL(links.find((l: { crewId: string }) => l.crewId === 'ben').url);
    const ana = new URL(links.find((l: { crewId: string }) => l.crewId === 'ana').url);
    await patch(bookingId, { crew: [{ crewId: 'ana', role: 'captain' }] }, 1);
    expect((await t.app.request(`${ben.pathname}${ben.search}`)).status).toBe(403);
    // Put back on the trip: the old link still does not work (a new generation).
    await patch(bookingId, { crew: [{ crewId: 'ana', role: 'captain' }, { crewId: 'ben', role: 'mate' }] }, 2);
    expect((await t.app.request(`${ben.pathname}${ben.search}`)).status).toBe(401);

    await t.call('PATCH', '/crew/ana', { active: false });
    expect((await t.app.request(`${ana.pathname}${ana.search}`)).status).toBe(403);
    await t.call('PATCH', '/crew/ana', { active: true });
  });

  it('no crew notice carries money or guest contact details', async () => {
    const { bookingId } = await create(18, 'CH-18');
    await patch(bookingId, { start: '2027-08-18T17:00:00-07:00', finance: { revenue: 999999, captainFee: 1, platformFee: 1, currency: 'USD' } }, 1);
    await t.call('POST', `/bookings/${bookingId}/cancel`, { reason: 'guest', refund: 184731 });
    for (const email of t.fakes.mailer.sent) expectNoMoneyOrGuestContact(`email "${email.subject}"`, `${email.subject}\n${email.html}\n${email.text}`);
  });
});
