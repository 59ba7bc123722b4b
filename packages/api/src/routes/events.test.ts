import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, sunsetSail, type TestApp } from '@scc/test/support';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await t.call('POST', '/crew', { crewId: 'ana', name: 'Ana Lopez', email: 'ana@example.com' });
  await t.call('POST', '/crew', { crewId: 'ben', name: 'Ben', email: 'ben@example.com' });
  await t.call('POST', '/crew', { crewId: 'gone', name: 'Gone', email: 'gone@example.com' });
  await t.call('DELETE', '/crew/gone');
});
afterAll(() => t.stop());

describe('crew events', () => {
  it('creates an event as documented for integrators', async () => {
    const sent = sunsetSail([{ crewId: 'ana', role: 'captain' }]);
    const res = await t.call('POST', '/events', sent);
    expect(res.status).toBe(201);
    const body = await res.json();
    const { crewTasks: _tasks, ...rest } = sent;
    expect(body).toMatchObject({ ...rest, version: 1 });
    expect(body.eventId).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(body.crewTasks).toEqual([
      { taskId: expect.any(String), label: 'Stock cooler', done: false },
      { taskId: expect.any(String), label: 'Check fuel', done: false },
    ]);
    expect(new Set(body.crewTasks.map((task: { taskId: string }) => task.taskId)).size).toBe(2);
    expect(await (await t.call('GET', `/events/${body.eventId}`)).json()).toEqual(body);
  });

  it('refuses unknown or inactive crew with 422 naming them', async () => {
    const res = await t.call(
      'POST',
      '/events',
      sunsetSail([
        { crewId: 'ana', role: 'captain' },
        { crewId: 'ghost', role: 'mate' },
        { crewId: 'gone', role: 'deckhand' },
      ]),
    );
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({
      code: 'unknown_crew',
      details: { unknown: ['ghost'], inactive: ['gone'] },
    });
  });

  it('patches with If-Match, keeps task state by id, and answers 412 when stale', async () => {
    const created = await (
      await t.call('POST', '/events', { ...sunsetSail(), eventId: 'patch-me' })
    ).json();
    const [stock] = created.crewTasks;
    const res = await t.call(
      'PATCH',
      '/events/patch-me',
      {
        guestCount: 8,
        crew: [{ crewId: 'ben', role: 'mate' }],
        crewTasks: [{ taskId: stock.taskId, label: 'Stock the cooler' }, 'Inspect sails'],
      },
      { 'If-Match': String(created.version) },
    );
    expect(res.status).toBe(200);
    const patched = await res.json();
    expect(patched).toMatchObject({
      guestCount: 8,
      version: 2,
      crew: [{ crewId: 'ben', role: 'mate' }],
    });
    expect(patched.crewTasks.map((task: { label: string }) => task.label)).toEqual([
      'Stock the cooler',
      'Inspect sails',
    ]);
    expect(patched.crewTasks[0].taskId).toBe(stock.taskId);

    const stale = await t.call(
      'PATCH',
      '/events/patch-me',
      { guestCount: 2 },
      { 'If-Match': '"1"' },
    );
    expect(stale.status).toBe(412);
    expect((await (await t.call('GET', '/events/patch-me')).json()).guestCount).toBe(8);
  });

  it('refuses a patch that would put the end before the start', async () => {
    await t.call('POST', '/events', { ...sunsetSail(), eventId: 'short' });
    const res = await t.call('PATCH', '/events/short', { end: '2026-07-04T17:00:00-07:00' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({
      code: 'invalid_request',
      details: { issues: [{ path: 'end' }] },
    });
  });

  it('refuses to patch in an inactive crew member, or an unknown task id', async () => {
    await t.call('POST', '/events', { ...sunsetSail(), eventId: 'roster-check' });
    const inactive = await t.call('PATCH', '/events/roster-check', {
      crew: [{ crewId: 'gone', role: 'mate' }],
    });
    expect(inactive.status).toBe(422);
    const task = await t.call('PATCH', '/events/roster-check', {
      crewTasks: [{ taskId: 'nope', label: 'x' }],
    });
    expect(task.status).toBe(400);
  });

  it('lists events by start date, paged', async () => {
    for (const [id, start, end] of [
      ['d1', '2027-03-01T09:00:00-08:00', '2027-03-01T12:00:00-08:00'],
      ['d2', '2027-03-02T09:00:00-08:00', '2027-03-02T12:00:00-08:00'],
      ['d3', '2027-03-03T09:00:00-08:00', '2027-03-03T12:00:00-08:00'],
    ] as const) {
      expect(
        (await t.call('POST', '/events', { ...sunsetSail(), eventId: id, start, end })).status,
      ).toBe(201);
    }
    const first = await (
      await t.call('GET', '/events?from=2027-03-01&to=2027-03-31&limit=2')
    ).json();
    expect(first.items.map((e: { eventId: string }) => e.eventId)).toEqual(['d1', 'd2']);
    const rest = await (
      await t.call(
        'GET',
        `/events?from=2027-03-01&to=2027-03-31&limit=2&cursor=${first.nextCursor}`,
      )
    ).json();
    expect(rest).toEqual({ items: [expect.objectContaining({ eventId: 'd3' })], nextCursor: null });
  });

  it('answers 404 for an unknown event, on read and on patch', async () => {
    expect((await t.call('GET', '/events/missing')).status).toBe(404);
    expect((await t.call('PATCH', '/events/missing', { guestCount: 2 })).status).toBe(404);
  });
});
