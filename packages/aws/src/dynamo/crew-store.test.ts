import {
  AlreadyExistsError,
  type CrewMember,
  NotFoundError,
  VersionConflictError,
} from '@scc/core';
import { startTestTable, type TestTable } from '@scc/test/support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCrewRepository } from './crew-store';

let table: TestTable;
let repo: DynamoCrewRepository;

beforeAll(async () => {
  table = await startTestTable();
  repo = new DynamoCrewRepository(table.db, table.tableName);
});
afterAll(() => table.stop());

function member(crewId: string, name: string, extra: Partial<CrewMember> = {}): CrewMember {
  return {
    crewId,
    name,
    email: `${crewId}@example.com`,
    active: true,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

describe('DynamoCrewRepository', () => {
  it('creates and reads back a member exactly, without table bookkeeping', async () => {
    const ana = member('ana', 'Ana Lopez', { phone: '+16195550101' });
    await repo.create(ana);
    expect(await repo.get('ana')).toEqual(ana);
    expect(await repo.get('nobody')).toBeUndefined();
  });

  it('refuses to create an id that exists', async () => {
    await repo.create(member('dup', 'First'));
    await expect(repo.create(member('dup', 'Second'))).rejects.toBeInstanceOf(AlreadyExistsError);
    expect((await repo.get('dup'))?.name).toBe('First');
  });

  it('replaces only at the expected version', async () => {
    await repo.create(member('ver', 'Versioned'));
    await repo.replace(member('ver', 'Renamed', { version: 2 }), 1);
    const stale = repo.replace(member('ver', 'Stale', { version: 2 }), 1);
    await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
    await expect(stale).rejects.toMatchObject({
      details: { currentVersion: 2, expectedVersion: 1 },
    });
    expect((await repo.get('ver'))?.name).toBe('Renamed');
  });

  it('does not create an item by replacing a missing one', async () => {
    await expect(repo.replace(member('ghost', 'Ghost', { version: 2 }), 1)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await repo.get('ghost')).toBeUndefined();
  });

  it('gets many at once, ignoring unknown ids and duplicates', async () => {
    await repo.create(member('m1', 'Many One'));
    await repo.create(member('m2', 'Many Two'));
    const found = await repo.getMany(['m1', 'm2', 'm1', 'missing']);
    expect(found.map((m) => m.crewId).sort()).toEqual(['m1', 'm2']);
  });

  it('lists the roster by name across pages', async () => {
    const fresh = await startTestTable('roster');
    try {
      const roster = new DynamoCrewRepository(fresh.db, fresh.tableName);
      for (const [id, name] of [
        ['c', 'carla'],
        ['a', 'Ana'],
        ['b', 'bo'],
        ['d', 'Dee'],
        ['e', 'eli'],
      ]) {
        await roster.create(member(id as string, name as string));
      }
      const names: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await roster.list({ limit: 2, ...(cursor ? { cursor } : {}) });
        names.push(...page.items.map((m) => m.name));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      expect(names).toEqual(['Ana', 'bo', 'carla', 'Dee', 'eli']);
      expect(pages).toBeGreaterThanOrEqual(3);
    } finally {
      await fresh.stop();
    }
  });

  it('rejects a cursor it did not issue', async () => {
    await expect(repo.list({ limit: 2, cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    const foreign = Buffer.from(
      JSON.stringify({ pk: 'x', sk: 'y', gsi1pk: 'EVENTS', gsi1sk: 'z' }),
    ).toString('base64url');
    await expect(repo.list({ limit: 2, cursor: foreign })).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });
});
