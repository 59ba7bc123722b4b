import { createApp, createServices, sha256Hex } from '@scc/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../web/src/api-client';
import { fakeOutside, startTestTable, TEST_SETTINGS, type TestTable } from './support';

let table: TestTable;
let api: ReturnType<typeof createApiClient>;

beforeAll(async () => {
  table = await startTestTable();
  const app = createApp({
    services: createServices(table.db, table.tableName, fakeOutside().outside, TEST_SETTINGS),
    serviceKeyHash: sha256Hex('k'),
    mode: 'local',
  });
  const fetchThroughApp: typeof fetch = (input, init) =>
    Promise.resolve(app.request(input instanceof Request ? input : String(input), init));
  api = createApiClient('http://scc.test', { serviceKey: 'k', fetch: fetchThroughApp });
});
afterAll(() => table.stop());

describe('the typed RPC client the browser pages use', () => {
  it('creates and reads through hc<AppType> with typed bodies', async () => {
    const created = await api.crew.$post({ json: { name: 'Ana Lopez', email: 'ana@example.com' } });
    expect(created.status).toBe(201);
    const member = await created.json();
    // `member.crewId` is typed as string here: a renamed route or field breaks the typecheck.
    const read = await api.crew[':crewId'].$get({ param: { crewId: member.crewId } });
    expect((await read.json()).name).toBe('Ana Lopez');

    const listed = await api.events.$get({ query: { from: '2026-07-01', to: '2026-07-31' } });
    expect(await listed.json()).toEqual({ items: [], nextCursor: null });
  });

  it('sees the JSON error shape on failures', async () => {
    const res = await api.crew[':crewId'].$get({ param: { crewId: 'missing' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
