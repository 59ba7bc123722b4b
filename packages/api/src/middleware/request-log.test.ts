import { Logger } from '@aws-lambda-powertools/logger';
import { DependencyUnavailableError } from '@scc/core';
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { respondToError, respondToUnknownRoute } from '../error-response';
import { requestLog } from './request-log';

/**
 * Every line the logger writes, parsed: the proof it is JSON. Under vitest the logger writes
 * through the global console (POWERTOOLS_DEV, set for test runs in vitest.config.ts), indented.
 */
function captureLines(): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = [];
  const capture = (text: unknown) => void lines.push(JSON.parse(String(text)));
  for (const method of ['info', 'warn', 'error'] as const) vi.spyOn(console, method).mockImplementation(capture);
  return lines;
}

function app() {
  const logger = new Logger({ serviceName: 'scc-api-test', logLevel: 'INFO' });
  return new Hono()
    .onError(respondToError)
    .notFound(respondToUnknownRoute)
    .use(requestLog(logger))
    .get('/bookings/:bookingId', (c) => c.json({ ok: true }))
    .post('/bookings/:bookingId/retry', () => {
      throw new DependencyUnavailableError('DynamoDB is throttling', { cause: new Error('ThrottlingException') });
    })
    .get('/crew', () => {
      throw new TypeError("Cannot read properties of undefined (reading 'name')");
    });
}

afterEach(() => vi.restoreAllMocks());

describe('requestLog', () => {
  it('logs a 200 at info with the request id, route, status, latency and booking id', async () => {
    const lines = captureLines();
    const res = await app().request('/bookings/bk_123');
    expect(res.status).toBe(200);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'request',
        service: 'scc-api-test',
        requestId: expect.any(String),
        method: 'GET',
        route: '/bookings/:bookingId',
        path: '/bookings/bk_123',
        status: 200,
        latencyMs: expect.any(Number),
        bookingId: 'bk_123',
      }),
    ]);
    expect(lines[0]).not.toHaveProperty('error');
  });

  it('logs a dependency failure (503) at warn, with the error and its cause', async () => {
    const lines = captureLines();
    const res = await app().request('/bookings/bk_9/retry', { method: 'POST' });
    expect(res.status).toBe(503);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'WARN',
        route: '/bookings/:bookingId/retry',
        status: 503,
        bookingId: 'bk_9',
        errorCode: 'dependency_unavailable',
        error: expect.objectContaining({
          name: 'DependencyUnavailableError',
          message: 'DynamoDB is throttling',
          cause: expect.objectContaining({ message: 'ThrottlingException' }),
        }),
      }),
    ]);
  });

  it('logs a bug (500) at error, with its stack', async () => {
    const lines = captureLines();
    const res = await app().request('/crew');
    expect(res.status).toBe(500);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        route: '/crew',
        status: 500,
        // The stack is a string, or its lines as an array when POWERTOOLS_DEV indents the output.
        error: expect.objectContaining({ name: 'TypeError', stack: expect.anything() }),
      }),
    ]);
    expect(lines[0]).not.toHaveProperty('bookingId');
  });

  it('names no route for a request no route matched', async () => {
    const lines = captureLines();
    const res = await app().request('/nowhere');
    expect(res.status).toBe(404);
    expect(lines).toEqual([expect.objectContaining({ level: 'INFO', status: 404, path: '/nowhere' })]);
    expect(lines[0]).not.toHaveProperty('route');
  });
});
