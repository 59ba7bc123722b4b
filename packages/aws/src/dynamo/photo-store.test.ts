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
