import { WEBHOOK_EVENT_TYPES } from '@scc/core';
import { startTestApp, type TestApp } from '@scc/test/support';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingCreatedExample, bookingRequestExample, channelCreatedExample, channelRequestExample } from './examples';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp;
let doc: Json;
beforeAll(async () => {
  t = await startTestApp();
  const res = await t.app.request('/openapi.json');
  expect(res.status).toBe(200);
  doc = await res.json();
});
afterAll(() => t.stop());

const operations = () =>
  Object.entries(doc.paths as Json).flatMap(([path, item]) => Object.entries(item as Json).map(([method, operation]) => ({ path, method, operation: operation as Json })));

describe('GET /openapi.json', () => {
  it('is public and a valid OpenAPI 3.1 document whose references all resolve', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(() => validator.resolveRefs()).not.toThrow();
  });

  it('lists every service-key route of the app and nothing else', async () => {
    // The truth is the app's behaviour: a route is a service-key route if it answers 401
    // `unauthorized` without the key. Every handler of the app is asked.
    const seen = new Set<string>();
    const protectedRoutes: string[] = [];
    for (const route of t.app.routes) {
      if (route.method === 'ALL') continue;
      const key = `${route.method} ${route.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const url = route.path.replace(/:(\w+)/g, 'x-$1').replace(/\*/g, 'x');
      const res = await t.app.request(url, {
        method: route.method,
        ...(route.method === 'GET' ? {} : { headers: { 'Content-Type': 'application/json' }, body: '{}' }),
      });
      const body = res.headers.get('content-type')?.includes('json') ? await res.json() : undefined;
      if (res.status === 401 && body?.error?.code === 'unauthorized') protectedRoutes.push(`${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    }
    const documented = operations().map(({ path, method }) => `${method.toUpperCase()} ${path}`);
    expect(protectedRoutes.length).toBeGreaterThan(30);
    expect(documented.sort()).toEqual(protectedRoutes.sort());
  });

  it('describes each operation: a summary, a tag and a success answer', () => {
    // A route behind the key without describeRoute is still listed (includeEmptyPaths); this
    // is what asks for its summary.
    const undescribed = operations().filter(({ operation }) => !operation.summary).map(({ path, method }) => `${method} ${path}`);
    expect(undescribed).toEqual([]);
    for (const { path, method, operation } of operations()) {
      expect(operation.tags?.length, `${method} ${path}`).toBeGreaterThan(0);
      expect(Object.keys(operation.responses).some((status) => /^2/.test(status)), `${method} ${path}`).toBe(true);
    }
  });

  it('puts the service key on every operation, and the 401 with it', () => {
    expect(doc.components.securitySchemes.serviceKey).toEqual(expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Service-Key' }));
    for (const { operation } of operations()) {
      expect(operation.security).toEqual([{ serviceKey: [] }]);
      expect(operation.responses['401']).toEqual({ $ref: '#/components/responses/Unauthorized' });
    }
  });

  it('answers every 4xx and 5xx with the one shared error shape', () => {
    expect(doc.components.schemas.Error).toEqual(
      expect.objectContaining({ type: 'object', required: ['error'], properties: { error: expect.objectContaining({ required: ['code', 'message', 'details'] }) } }),
    );
    for (const response of Object.values(doc.components.responses as Json)) {
      expect(response.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    }
    for (const { path, method, operation } of operations()) {
      const errors = Object.entries(operation.responses as Json).filter(([status]) => Number(status) >= 400);
      expect(errors.length, `${method} ${path}`).toBeGreaterThan(0);
      for (const [, response] of errors) expect(response.$ref).toMatch(/^#\/components\/responses\//);
    }
  });

  it('takes request schemas from the routes’ own validators', () => {
    const booking = doc.paths['/bookings'].post.requestBody.content['application/json'].schema;
    expect(booking.required).toEqual(expect.arrayContaining(['source', 'externalId', 'title', 'start', 'end', 'guest']));
    expect(booking.additionalProperties).toBe(false);
    expect(doc.paths['/finance'].get.parameters).toEqual([expect.objectContaining({ in: 'query', name: 'month', required: true })]);
    expect(doc.paths['/crew/{crewId}'].get.parameters).toEqual([expect.objectContaining({ in: 'path', name: 'crewId', required: true })]);
  });

  it('has If-Match on the routes that read it; required only on a booking PATCH', () => {
    const ifMatch = (path: string, method: string) => (doc.paths[path][method].parameters as Json[]).find((p) => p.$ref?.includes('IfMatch'))?.$ref;
    expect(ifMatch('/bookings/{bookingId}', 'patch')).toBe('#/components/parameters/IfMatchRequired');
    expect(doc.paths['/bookings/{bookingId}'].patch.responses['428']).toBeDefined();
    for (const [path, method] of [
      ['/crew/{crewId}', 'patch'],
      ['/events/{eventId}', 'patch'],
      ['/channels/{channelId}', 'patch'],
      ['/bookings/{bookingId}/cancel', 'post'],
      ['/bookings/{bookingId}/reinstate', 'post'],
    ] as const) {
      expect(ifMatch(path, method), `${method} ${path}`).toBe('#/components/parameters/IfMatch');
      expect(doc.paths[path][method].responses['412'], `${method} ${path}`).toBeDefined();
    }
    expect(doc.components.parameters.IfMatch).toEqual(expect.objectContaining({ name: 'If-Match', in: 'header', required: false }));
  });

  it('has one webhook per event type, with its payload schema and the Standard Webhooks headers', () => {
    expect(Object.keys(doc.webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    for (const type of WEBHOOK_EVENT_TYPES) {
      const operation = doc.webhooks[type].post;
      const schema = operation.requestBody.content['application/json'].schema;
      expect(schema.properties.type).toEqual(expect.objectContaining({ const: type }));
      expect(schema.required).toEqual(['type', 'timestamp', 'data']);
      expect(operation.parameters.map((p: Json) => doc.components.parameters[p.$ref.split('/').pop()].name)).toEqual([
        'webhook-id',
        'webhook-timestamp',
        'webhook-signature',
      ]);
      expect(operation.description).toContain('HMAC-SHA256');
    }
    expect(doc.webhooks['photos.uploaded'].post.requestBody.content['application/json'].schema.properties.data.required).toContain('photoId');
  });

  it('has examples that the app itself gives and takes', async () => {
    expect(doc.paths['/bookings'].post.requestBody.content['application/json'].schema.examples).toEqual([bookingRequestExample]);
    expect(doc.paths['/bookings'].post.responses['201'].content['application/json'].example).toEqual(bookingCreatedExample);
    expect(doc.paths['/channels'].post.requestBody.content['application/json'].schema.examples).toEqual([channelRequestExample]);
    expect(doc.paths['/channels'].post.responses['201'].content['application/json'].example).toEqual(channelCreatedExample);

    await t.call('POST', '/crew', { crewId: 'crew_ana', name: 'Ana Lopez', email: 'ana@example.com' });
    const booking = await t.call('POST', '/bookings', bookingRequestExample);
    expect(booking.status).toBe(201);
    const created = await booking.json();
    expect(Object.keys(created).sort()).toEqual(Object.keys(bookingCreatedExample).sort());
    expect(Object.keys(created.steps).sort()).toEqual(Object.keys(bookingCreatedExample.steps).sort());
    const channel = await t.call('POST', '/channels', channelRequestExample);
    expect(channel.status).toBe(201);
    expect(Object.keys(await channel.json()).sort()).toEqual(Object.keys(channelCreatedExample).sort());
  });
});
