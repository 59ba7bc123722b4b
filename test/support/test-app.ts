import { createApp, createServices, type Outside, type ServiceSettings, sha256Hex } from '@scc/api';
import type { Clock } from '@scc/core';
import { startTestTable, type TestTable } from './dynamo';
import { fakeOutside, TEST_SETTINGS } from './fake-outside';

// The api package's unit tests build the app here, so the api package itself ships no test
// wiring and does not import this package back.

export const TEST_KEY = 'test-service-key';

/** The real app on a fresh in-memory DynamoDB, plus request helpers that send the key. */
export async function startTestApp(
  options: { clock?: Clock; outside?: Partial<Outside>; settings?: Partial<ServiceSettings> } = {},
) {
  const table: TestTable = await startTestTable();
  const fakes = fakeOutside(options.outside);
  const app = createApp({
    services: createServices(table.db, table.tableName, fakes.outside, { ...TEST_SETTINGS, ...options.settings }, options.clock),
    serviceKeyHash: sha256Hex(TEST_KEY),
    mode: 'local',
  });
  const call = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    app.request(path, {
      method,
      headers: {
        'X-Service-Key': TEST_KEY,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  return { app, table, call, fakes, stop: () => table.stop() };
}

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

export const sunsetSail = (crew: { crewId: string; role: string }[] = []) => ({
  title: 'Sunset sail',
  start: '2026-07-04T18:00:00-07:00',
  end: '2026-07-04T21:00:00-07:00',
  timezone: 'America/Los_Angeles',
  boat: 'JADA',
  meetingPoint: 'Harbor Island West Marina, Dock C',
  guestCount: 6,
  crew,
  notes: 'Birthday party',
  crewTasks: ['Stock cooler', 'Check fuel'],
});
