import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '@scc/test/support';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

describe('crew roster', () => {
  it('creates a member with a generated URL-safe id', async () => {
    const res = await t.call('POST', '/crew', {
      name: 'Ana Lopez',
      email: 'ana@example.com',
      phone: '+16195550101',
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({
      name: 'Ana Lopez',
      email: 'ana@example.com',
      phone: '+16195550101',
      active: true,
      version: 1,
    });
    expect(body.crewId).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(res.headers.get('location')).toBe(`/crew/${body.crewId}`);
    const read = await t.call('GET', `/crew/${body.crewId}`);
    expect(await read.json()).toEqual(body);
  });

  it('accepts a given id once and answers 409 for the second', async () => {
    const first = await t.call('POST', '/crew', {
      crewId: 'bo-1',
      name: 'Bo',
      email: 'bo@example.com',
    });
    expect(first.status).toBe(201);
    const again = await t.call('POST', '/crew', {
      crewId: 'bo-1',
      name: 'Other',
      email: 'x@example.com',
    });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe('already_exists');
  });

  it('patches fields, removes a phone with null, and honours If-Match', async () => {
    await t.call('POST', '/crew', {
      crewId: 'cy',
      name: 'Cy',
      email: 'cy@example.com',
      phone: '+15550000000',
    });
    const patched = await t.call(
      'PATCH',
      '/crew/cy',
      { name: 'Cy Young', phone: null },
      { 'If-Match': '"1"' },
    );
    expect(patched.status).toBe(200);
    const body = await patched.json();
    expect(body).toMatchObject({ name: 'Cy Young', version: 2 });
    expect(body).not.toHaveProperty('phone');
    expect(patched.headers.get('etag')).toBe('"2"');

    const stale = await t.call('PATCH', '/crew/cy', { name: 'Stale' }, { 'If-Match': '"1"' });
    expect(stale.status).toBe(412);
    expect((await stale.json()).error).toMatchObject({
      code: 'version_conflict',
      details: { currentVersion: 2 },
    });
  });

  it('deactivates on DELETE and keeps the name for history', async () => {
    await t.call('POST', '/crew', { crewId: 'dee', name: 'Dee', email: 'dee@example.com' });
    const res = await t.call('DELETE', '/crew/dee');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ crewId: 'dee', name: 'Dee', active: false });
    const again = await t.call('DELETE', '/crew/dee');
    expect((await again.json()).version).toBe(2);
    expect((await (await t.call('GET', '/crew/dee')).json()).active).toBe(false);
  });

  it('lists the roster in pages', async () => {
    const first = await (await t.call('GET', '/crew?limit=2')).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await (await t.call('GET', `/crew?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items[0].crewId).not.toBe(first.items[0].crewId);
  });

  it('answers 404 for an unknown member', async () => {
    const res = await t.call('GET', '/crew/nobody');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: 'No crew member nobody', details: { crewId: 'nobody' } },
    });
  });
});
