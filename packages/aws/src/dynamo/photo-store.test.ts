import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { PhotoRecord } from '@scc/core';
import { startTestTable, type TestTable } from '@scc/test/support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoPhotoRepository } from './photo-store';

let table: TestTable;
let repo: DynamoPhotoRepository;

beforeAll(async () => {
  table = await startTestTable();
  repo = new DynamoPhotoRepository(table.db, table.tableName);
});
afterAll(() => table.stop());

const photo = (eventId: string, photoId: string): PhotoRecord => ({
  photoId,
  eventId,
  key: `photos/${eventId}/${photoId}.jpg`,
  contentType: 'image/jpeg',
  size: 10,
  filename: 'a.jpg',
  status: 'pending',
  createdAt: '2027-07-04T20:00:00.000Z',
});

describe('DynamoPhotoRepository: the per-event cap', () => {
  it('gives exactly `max` slots to 50 concurrent takers, and counts them', async () => {
    const taken = await Promise.all(Array.from({ length: 50 }, () => repo.takeSlot('evt_cap', 20)));
    expect(taken.filter(Boolean)).toHaveLength(20);
    expect(await repo.countCompleted('evt_cap')).toBe(20);
    expect(await repo.takeSlot('evt_cap', 20)).toBe(false);
  });

  it('counts nothing for an event with no completed upload, and gives a released slot back', async () => {
    expect(await repo.countCompleted('evt_empty')).toBe(0);
    await repo.releaseSlot('evt_empty'); // nothing to give back: stays at zero
    expect(await repo.countCompleted('evt_empty')).toBe(0);
    expect(await repo.takeSlot('evt_release', 1)).toBe(true);
    expect(await repo.takeSlot('evt_release', 1)).toBe(false);
    await repo.releaseSlot('evt_release');
    expect(await repo.countCompleted('evt_release')).toBe(0);
    expect(await repo.takeSlot('evt_release', 1)).toBe(true);
  });

  it('marks an upload complete once: a second (or concurrent) complete answers undefined', async () => {
    await repo.create(photo('evt_done', 'ph_one'));
    const results = await Promise.all(
      Array.from({ length: 5 }, () => repo.markComplete('evt_done', 'ph_one', '2027-07-04T20:01:00.000Z')),
    );
    expect(results.filter((r) => r !== undefined)).toEqual([
      expect.objectContaining({ photoId: 'ph_one', status: 'complete', completedAt: '2027-07-04T20:01:00.000Z' }),
    ]);
    expect(await repo.markComplete('evt_done', 'ph_missing', '2027-07-04T20:01:00.000Z')).toBeUndefined();
    expect((await repo.listComplete('evt_done')).map((p) => p.photoId)).toEqual(['ph_one']);
  });
});

describe('DynamoPhotoRepository: the per-guest token bucket', () => {
  const rate = { burst: 5, intervalMs: 12_000 };
  const t0 = new Date('2027-07-04T20:00:00.000Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  it('gives exactly the burst to 20 concurrent starts, then one per interval, with the exact wait', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => repo.takeClientToken('client-a', t0, rate)));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect(results.filter((r) => !r.allowed)).toEqual(Array(15).fill({ allowed: false, retryAfterMs: 12_000 }));
    expect(await repo.takeClientToken('client-a', at(11_999), rate)).toEqual({ allowed: false, retryAfterMs: 1 });
    expect(await repo.takeClientToken('client-a', at(12_000), rate)).toEqual({ allowed: true });
    expect((await repo.takeClientToken('client-a', at(12_000), rate)).allowed).toBe(false);
    // Another client is not held back.
    expect(await repo.takeClientToken('client-b', t0, rate)).toEqual({ allowed: true });
  });

  it('refills to the burst after a pause, never more, and expires once full', async () => {
    for (let i = 0; i < 5; i++) expect((await repo.takeClientToken('client-c', t0, rate)).allowed).toBe(true);
    const later = at(3600_000);
    const again = [];
    for (let i = 0; i < 6; i++) again.push((await repo.takeClientToken('client-c', later, rate)).allowed);
    expect(again).toEqual([true, true, true, true, true, false]);
    const { Item } = await table.db.send(new GetCommand({ TableName: table.tableName, Key: { pk: 'RATE#client-c', sk: 'BUCKET' } }));
    expect(Item).toMatchObject({ tat: later.getTime() + 5 * 12_000 });
    expect(Item?.expiresAt).toBe((later.getTime() + 5 * 12_000) / 1000 + 600);
  });
});
