import { type ChannelRecord, type FeedEntry, VersionConflictError } from '@scc/core';
import { startTestTable, type TestTable } from '@scc/test/support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoChannelRepository } from './channel-store';

let table: TestTable;
let repo: DynamoChannelRepository;

beforeAll(async () => {
  table = await startTestTable();
  repo = new DynamoChannelRepository(table.db, table.tableName);
});
afterAll(() => table.stop());

function channel(channelId: string, extra: Partial<ChannelRecord> = {}): ChannelRecord {
  return {
    channelId,
    name: `Boatsetter ${channelId}`,
    source: 'boatsetter',
    url: 'https://feeds.example.test/secret.ics',
    boat: 'JADA',
    enabled: true,
    defaults: { crew: [], crewTasks: [], meetingPoint: 'Dock 7', timezone: 'America/Los_Angeles' },
    sync: {},
    version: 1,
    createdAt: '2027-01-01T00:00:00.000Z',
    updatedAt: '2027-01-01T00:00:00.000Z',
    ...extra,
  };
}

function block(uid: string, start: string, end: string): FeedEntry {
  return { uid, kind: 'block', fingerprint: 'f', facts: { start, end, location: '', status: 'confirmed' }, boat: 'JADA', summary: 'Not available', seenAt: start };
}

describe('DynamoChannelRepository', () => {
  it('stores a channel and reads it back exactly; lists every channel', async () => {
    const one = channel('ch_one');
    await repo.create(one);
    await repo.create(channel('ch_two'));
    expect(await repo.get('ch_one')).toEqual(one);
    expect((await repo.list()).map((c) => c.channelId).sort()).toEqual(['ch_one', 'ch_two']);
  });

  it('a lease is held by one sync until it is released or expires', async () => {
    await repo.create(channel('ch_lease'));
    const now = new Date('2027-01-01T00:00:00Z');
    const until = new Date('2027-01-01T00:05:00Z');
    expect(await repo.acquireLease('ch_lease', 'a', now, until)).toBe(true);
    expect(await repo.acquireLease('ch_lease', 'b', now, until)).toBe(false);
    // Not the holder: nothing is released.
    await repo.releaseLease('ch_lease', 'b');
    expect(await repo.acquireLease('ch_lease', 'b', now, until)).toBe(false);
    // Expired: a new sync may take it.
    expect(await repo.acquireLease('ch_lease', 'b', new Date('2027-01-01T00:05:01Z'), new Date('2027-01-01T00:10:00Z'))).toBe(true);
    await repo.releaseLease('ch_lease', 'b');
    expect(await repo.acquireLease('ch_lease', 'c', now, until)).toBe(true);
    expect(await repo.acquireLease('ch_missing', 'c', now, until)).toBe(false);
  });

  it('a settings change keeps the sync state; an old version is refused', async () => {
    await repo.create(channel('ch_edit'));
    await repo.recordSync('ch_edit', { lastSuccessAt: '2027-01-02T00:00:00.000Z', etag: '"abc"' });
    await repo.replace(channel('ch_edit', { name: 'Renamed', version: 2, sync: { etag: '"abc"' } }), 1);
    expect(await repo.get('ch_edit')).toMatchObject({ name: 'Renamed', version: 2, sync: { lastSuccessAt: '2027-01-02T00:00:00.000Z', etag: '"abc"' } });
    await expect(repo.replace(channel('ch_edit', { version: 2 }), 1)).rejects.toBeInstanceOf(VersionConflictError);
    // A new address forgets the old server's validators.
    await repo.replace(channel('ch_edit', { url: 'https://other.example.test/x.ics', version: 3 }), 2);
    expect((await repo.get('ch_edit'))?.sync).toEqual({ lastSuccessAt: '2027-01-02T00:00:00.000Z' });
  });

  it('finds blocks that overlap a range, including one that began before it', async () => {
    await repo.create(channel('ch_blocks'));
    await repo.putEntry('ch_blocks', block('long', '2027-03-01T00:00:00.000Z', '2027-03-20T00:00:00.000Z'));
    await repo.putEntry('ch_blocks', block('later', '2027-04-01T00:00:00.000Z', '2027-04-02T00:00:00.000Z'));
    await repo.putEntry('ch_blocks', {
      uid: 'trip', kind: 'booking', bookingId: 'b1', fingerprint: 'f', boat: 'JADA', summary: 'Booking', seenAt: 'x',
      facts: { start: '2027-03-10T00:00:00.000Z', end: '2027-03-10T04:00:00.000Z', location: '', status: 'confirmed' },
    });
    const found = await repo.blocksAround({ from: '2027-03-10T00:00:00.000Z', to: '2027-03-11T00:00:00.000Z' });
    expect(found).toEqual([{ channelId: 'ch_blocks', uid: 'long', boat: 'JADA', start: '2027-03-01T00:00:00.000Z', end: '2027-03-20T00:00:00.000Z', summary: 'Not available' }]);
    expect(await repo.getEntry('ch_blocks', 'trip')).toMatchObject({ bookingId: 'b1', kind: 'booking' });
    await repo.deleteEntry('ch_blocks', 'long');
    expect(await repo.blocksAround({ from: '2027-03-10T00:00:00.000Z', to: '2027-03-11T00:00:00.000Z' })).toEqual([]);
  });

  it('deleting a channel removes its entries too', async () => {
    await repo.create(channel('ch_gone'));
    for (let i = 0; i < 30; i++) await repo.putEntry('ch_gone', block(`b${i}`, '2027-05-01T00:00:00.000Z', '2027-05-02T00:00:00.000Z'));
    await repo.delete('ch_gone');
    expect(await repo.get('ch_gone')).toBeUndefined();
    expect(await repo.listEntries('ch_gone')).toEqual([]);
  });
});
