import { DynamoChannelRepository } from '@scc/aws';
import type { ChannelRecord } from '@scc/core';
import { startTestTable, stubLambdaEnvironment, type TestTable } from '@scc/test/support';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

let table: TestTable;
let handler: () => Promise<{ channels: number; failed: number; busy: number }>;
let channels: DynamoChannelRepository;

function channel(channelId: string, url: string): ChannelRecord {
  return {
    channelId,
    name: channelId,
    source: 'boatsetter',
    url,
    boat: 'JADA',
    enabled: true,
    defaults: { crew: [], crewTasks: [], meetingPoint: 'Dock 7', timezone: 'America/Los_Angeles' },
    sync: {},
    version: 1,
    createdAt: '2027-01-01T00:00:00.000Z',
    updatedAt: '2027-01-01T00:00:00.000Z',
  };
}

beforeAll(async () => {
  table = await startTestTable('channel-sync-table');
  stubLambdaEnvironment({ tableName: table.tableName, dynamoEndpoint: table.endpoint, serviceKey: 'k' });
  channels = new DynamoChannelRepository(table.db, table.tableName);
  ({ handler } = (await import('./channel-sync-lambda')) as unknown as { handler: typeof handler });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await table.stop();
});

describe('the scheduled channel sync in AWS', () => {
  it('syncs every enabled channel and, in AWS, fetches nothing on loopback, private or link-local addresses', async () => {
    await channels.create(channel('ch_loop_http', 'http://127.0.0.1:9/feed.ics'));
    await channels.create(channel('ch_loop_https', 'https://127.0.0.1:9/feed.ics'));
    await channels.create(channel('ch_private', 'https://10.1.2.3/feed.ics'));
    await channels.create(channel('ch_metadata', 'https://169.254.169.254/latest/meta-data'));
    await channels.create({ ...channel('ch_off', 'https://10.9.9.9/x.ics'), enabled: false });

    const summary = await handler();

    expect(summary).toEqual({ channels: 4, failed: 4, busy: 0 });
    const failures = Object.fromEntries(
      await Promise.all(['ch_loop_http', 'ch_loop_https', 'ch_private', 'ch_metadata'].map(async (id) => [id, (await channels.get(id))?.sync.lastError?.failure])),
    );
    expect(failures).toEqual({ ch_loop_http: 'bad_url', ch_loop_https: 'blocked_address', ch_private: 'blocked_address', ch_metadata: 'blocked_address' });
    expect((await channels.get('ch_off'))?.sync).toEqual({});
  });
});
