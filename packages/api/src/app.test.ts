import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from './app';
import { startTestApp, sunsetSail, type TestApp } from '@scc/test/support';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await t.call('POST', '/crew', { crewId: 'ana', name: 'Ana Lopez', email: 'ana@example.com' });
  await t.call('POST', '/events', { ...sunsetSail(), eventId: 'evt-1' });
});
afterAll(() => t.stop());

async function errorOf(res: Response) {
  const body = await res.json();
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'details', 'message']);
  return body.error as { code: string; message: string; details: Record<string, unknown> };
}

describe('health', () => {
  it('needs no key and reports the mode', async () => {
    const res = await t.app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, mode: 'local' });
  });
});

describe('service key', () => {
  const routes: [string, string, unknown?][] = [
    ['POST', '/crew', { name: 'X', email: 'x@example.com' }],
    ['GET', '/crew'],
    ['GET', '/crew/ana'],
    ['PATCH', '/crew/ana', { name: 'Hacked' }],
    ['DELETE', '/crew/ana'],
    ['POST', '/events', sunsetSail()],
    ['GET', '/events'],
    ['GET', '/events/evt-1'],
    ['PATCH', '/events/evt-1', { title: 'Hacked' }],
  ];

  it.each(routes)(
    '%s %s answers 401 without a key, and with a wrong one',
    async (method, path, body) => {
      const attempts: Record<string, string>[] = [
        {},
        { 'X-Service-Key': 'wrong' },
        { 'X-Service-Key': '' },
      ];
      for (const headers of attempts) {
        const res = await t.app.request(path, {
          method,
          headers: { 'Content-Type': 'application/json', ...headers },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        expect(res.status).toBe(401);
        expect((await errorOf(res)).code).toBe('unauthorized');
      }
    },
  );

  it('changed nothing while refusing', async () => {
    const ana = await (await t.call('GET', '/crew/ana')).json();
    expect(ana).toMatchObject({ name: 'Ana Lopez', active: true, version: 1 });
    expect((await (await t.call('GET', '/events/evt-1')).json()).title).toBe('Sunset sail');
  });
});

describe('bad input never yields a 500', () => {
  it('malformed JSON: 400 malformed_json', async () => {
    const res = await t.call('POST', '/crew', '{"name": "Ana",');
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('malformed_json');
  });

  it('a body that is not JSON: 415', async () => {
    const res = await t.call('POST', '/crew', 'name=Ana', {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(415);
    expect((await errorOf(res)).code).toBe('unsupported_media_type');
  });

  it('wrong types: 400 with a path per field', async () => {
    const res = await t.call('POST', '/events', {
      ...sunsetSail(),
      guestCount: 'six',
      crew: [{ crewId: 'ana', role: 7 }],
    });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('invalid_request');
    const paths = (error.details.issues as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['guestCount', 'crew.0.role']));
  });

  it('unknown fields: 400 naming them', async () => {
    const res = await t.call('POST', '/crew', {
      name: 'Ana',
      email: 'a@example.com',
      revenue: 100,
    });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.details.issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['revenue'] }),
    ]);
  });

  it('end not after start: 400 on end', async () => {
    const res = await t.call('POST', '/events', {
      ...sunsetSail(),
      end: '2026-07-04T18:00:00-07:00',
    });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).details.issues).toEqual([expect.objectContaining({ path: 'end' })]);
  });

  it('a date-time without an offset: 400', async () => {
    const res = await t.call('POST', '/events', { ...sunsetSail(), start: '2026-07-04T18:00:00' });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).details.issues).toEqual([
      expect.objectContaining({ path: 'start' }),
    ]);
  });

  it('unknown time zone: 400', async () => {
    const res = await t.call('POST', '/events', { ...sunsetSail(), timezone: 'Mars/Olympus_Mons' });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).details.issues).toEqual([
      expect.objectContaining({ path: 'timezone', message: 'Unknown IANA time zone' }),
    ]);
  });

  it('unknown or inactive crew id: 422', async () => {
    const res = await t.call(
      'POST',
      '/events',
      sunsetSail([{ crewId: 'nobody', role: 'captain' }]),
    );
    expect(res.status).toBe(422);
    expect((await errorOf(res)).code).toBe('unknown_crew');
  });

  it('the same crew member twice: 400', async () => {
    const res = await t.call(
      'POST',
      '/events',
      sunsetSail([
        { crewId: 'ana', role: 'captain' },
        { crewId: 'ana', role: 'mate' },
      ]),
    );
    expect(res.status).toBe(400);
  });

  it('an id that is not URL-safe: 400', async () => {
    const res = await t.call('POST', '/crew', {
      crewId: 'ana/../x',
      name: 'Ana',
      email: 'a@example.com',
    });
    expect(res.status).toBe(400);
  });

  it(`a body over ${MAX_BODY_BYTES / 1024} KB: 413`, async () => {
    const res = await t.call('POST', '/events', {
      ...sunsetSail(),
      notes: 'x'.repeat(MAX_BODY_BYTES),
    });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe('payload_too_large');
  });

  it('an empty patch: 400', async () => {
    const res = await t.call('PATCH', '/events/evt-1', {});
    expect(res.status).toBe(400);
  });

  it('an If-Match that is not a version: 400', async () => {
    const res = await t.call('PATCH', '/events/evt-1', { title: 'x' }, { 'If-Match': 'yesterday' });
    expect(res.status).toBe(400);
    expect((await (await t.call('GET', '/events/evt-1')).json()).title).toBe('Sunset sail');
  });

  it('bad list queries: 400', async () => {
    for (const query of [
      'limit=0',
      'limit=abc',
      'from=July',
      'from=2026-07-05&to=2026-07-01',
      'cursor=%%%',
      'colour=red',
    ]) {
      const res = await t.call('GET', `/events?${query}`);
      expect(res.status, query).toBe(400);
    }
  });

  it('unknown route: 404 in the same shape', async () => {
    const res = await t.call('GET', '/bookingz');
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe('route_not_found');
  });
});
