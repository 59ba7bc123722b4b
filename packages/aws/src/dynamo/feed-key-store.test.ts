import { AlreadyExistsError } from '@scc/core';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { startTestTable, type TestTable } from '@scc/test/support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoFeedKeyRepository } from './feed-key-store';

let table: TestTable;
let repo: DynamoFeedKeyRepository;
const now = new Date('2027-01-02T03:04:05.000Z');

beforeAll(async () => {
  table = await startTestTable();
  repo = new DynamoFeedKeyRepository(table.db, table.tableName);
});
afterAll(() => table.stop());

describe('DynamoFeedKeyRepository', () => {
  it('has no record before the first rotation (generation 1 by default)', async () => {
    expect(await repo.get({ kind: 'boat', id: 'jada' })).toBeUndefined();
  });

  it('moves the generation on from 1, one per rotation, and reads it back', async () => {
    const first = await repo.rotate({ kind: 'boat', id: 'sea breeze' }, 'Sea Breeze', now);
    expect(first).toEqual({ kind: 'boat', id: 'sea breeze', name: 'Sea Breeze', generation: 2, rotatedAt: now.toISOString() });
    const second = await repo.rotate({ kind: 'boat', id: 'sea breeze' }, 'Sea Breeze', now);
    expect(second.generation).toBe(3);
    expect(await repo.get({ kind: 'boat', id: 'sea breeze' })).toEqual(second);
  });

  it('counts concurrent rotations each once', async () => {
    await Promise.all(Array.from({ length: 5 }, () => repo.rotate({ kind: 'crew', id: 'ana' }, 'ana', now)));
    expect((await repo.get({ kind: 'crew', id: 'ana' }))?.generation).toBe(6);
  });

  it('lists every rotated feed of both kinds', async () => {
    const listed = await repo.list();
    expect(listed.map((r) => `${r.kind}:${r.id}:${r.generation}`).sort()).toEqual(['boat:sea breeze:3', 'crew:ana:6']);
  });

  it('never writes over another kind of item at the same key', async () => {
    await table.db.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'FEED#crew#odd', sk: 'FEED', entity: 'other', version: 1 } }));
    await expect(repo.rotate({ kind: 'crew', id: 'odd' }, 'odd', now)).rejects.toBeInstanceOf(AlreadyExistsError);
  });
});
