import { DynamoSettingsRepository } from '@scc/aws';
import { DEFAULT_SETTINGS, type DigestOutcome } from '@scc/core';
import { startTestTable, stubLambdaEnvironment, type TestTable } from '@scc/test/support';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

let table: TestTable;
let handler: () => Promise<DigestOutcome>;

beforeAll(async () => {
  table = await startTestTable('digest-lambda-table');
  stubLambdaEnvironment({ tableName: table.tableName, dynamoEndpoint: table.endpoint, serviceKey: 'k' });
  ({ handler } = (await import('./digest-lambda')) as unknown as { handler: typeof handler });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await table.stop();
});

describe('the digest Lambda (every 15 minutes)', () => {
  it('sends nothing without an operator email', async () => {
    expect(await handler()).toEqual({ status: 'noRecipient' });
  });

  it('past the digest time with nothing to report, claims the day and sends nothing; the next run finds it done', async () => {
    // 00:00 in UTC: whenever this runs, today's digest is due.
    await new DynamoSettingsRepository(table.db, table.tableName).put({
      ...DEFAULT_SETTINGS,
      operator: { email: 'ops@charters.example', timezone: 'UTC' },
      notifications: { ...DEFAULT_SETTINGS.notifications, digestAt: '00:00' },
    });
    // The services keep settings for half a minute; a fresh module reads them now.
    vi.resetModules();
    ({ handler } = (await import('./digest-lambda')) as unknown as { handler: typeof handler });

    const first = await handler();
    const second = await handler();

    const date = new Date().toISOString().slice(0, 10);
    expect([first, second]).toEqual([
      { status: 'nothingToReport', date },
      { status: 'alreadyDone', date },
    ]);
  });
});
