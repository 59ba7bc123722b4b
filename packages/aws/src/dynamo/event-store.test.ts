import { type CrewEvent, EventService, toInstantRange, VersionConflictError } from '@scc/core';
import { startTestTable, type TestTable } from '@scc/test/support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCrewRepository } from './crew-store';
import { DynamoEventRepository } from './event-store';

let table: TestTable;
let repo: DynamoEventRepository;
let events: EventService;

beforeAll(async () => {
  table = await startTestTable();
  repo = new DynamoEventRepository(table.db, table.tableName);
  events = new EventService(repo, new DynamoCrewRepository(table.db, table.tableName));
});
afterAll(() => table.stop());

function event(eventId: string, start: string, end: string): CrewEvent {
  return {
    eventId,
    title: `Trip ${eventId}`,
    start,
    end,
    timezone: 'America/Los_Angeles',
    boat: 'JADA',
    meetingPoint: 'Dock C',
    guestCount: 6,
    crew: [],
    notes: '',
    crewTasks: [
      {
        taskId: 't1',
        label: 'Check fuel',
        done: true,
        doneBy: 'ana',
        doneAt: '2026-07-04T17:00:00Z',
      },
    ],
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('DynamoEventRepository', () => {
  it('round-trips an event', async () => {
    const trip = event('rt', '2026-07-04T18:00:00-07:00', '2026-07-04T21:00:00-07:00');
    await repo.create(trip);
    expect(await repo.get('rt')).toEqual(trip);
  });

  it('lists by UTC start instant, whatever offset each event was written with', async () => {
    const fresh = await startTestTable('by-start');
    try {
      const byStart = new DynamoEventRepository(fresh.db, fresh.tableName);
      // 18:00 in San Diego on July 4 is 01:00 UTC on July 5; 23:30 in Lisbon is 22:30 UTC.
      await byStart.create(event('sd', '2026-07-04T18:00:00-07:00', '2026-07-04T21:00:00-07:00'));
      await byStart.create(event('lis', '2026-07-04T23:30:00+01:00', '2026-07-05T01:00:00+01:00'));
      await byStart.create(event('early', '2026-07-04T00:00:00Z', '2026-07-04T02:00:00Z'));
      await byStart.create(event('june', '2026-06-30T12:00:00Z', '2026-06-30T14:00:00Z'));

      const july4 = await byStart.listByStart(
        toInstantRange({ from: '2026-07-04', to: '2026-07-04' }),
        { limit: 10 },
      );
      expect(july4.items.map((e) => e.eventId)).toEqual(['early', 'lis']);

      const all = await byStart.listByStart(toInstantRange({}), { limit: 10 });
      expect(all.items.map((e) => e.eventId)).toEqual(['june', 'early', 'lis', 'sd']);

      // A date-time `to` is exclusive: an event starting exactly then is left out.
      const upTo = await byStart.listByStart(
        toInstantRange({ from: '2026-06-01', to: '2026-07-04T00:00:00Z' }),
        { limit: 10 },
      );
      expect(upTo.items.map((e) => e.eventId)).toEqual(['june']);

      const first = await byStart.listByStart(toInstantRange({}), { limit: 3 });
      expect(first.nextCursor).not.toBeNull();
      const rest = await byStart.listByStart(toInstantRange({}), {
        limit: 3,
        cursor: first.nextCursor ?? '',
      });
      expect(rest.items.map((e) => e.eventId)).toEqual(['sd']);
    } finally {
      await fresh.stop();
    }
  });

  it('keeps the index in step when a start time moves', async () => {
    const fresh = await startTestTable('moves');
    try {
      const store = new DynamoEventRepository(fresh.db, fresh.tableName);
      const trip = event('moving', '2026-08-01T10:00:00Z', '2026-08-01T12:00:00Z');
      await store.create(trip);
      await store.replace(
        { ...trip, start: '2026-09-01T10:00:00Z', end: '2026-09-01T12:00:00Z', version: 2 },
        1,
      );
      const august = await store.listByStart(
        toInstantRange({ from: '2026-08-01', to: '2026-08-31' }),
        { limit: 10 },
      );
      const september = await store.listByStart(
        toInstantRange({ from: '2026-09-01', to: '2026-09-30' }),
        { limit: 10 },
      );
      expect(august.items).toHaveLength(0);
      expect(september.items.map((e) => e.version)).toEqual([2]);
    } finally {
      await fresh.stop();
    }
  });

  it('refuses a stale replace', async () => {
    const trip = event('stale', '2026-07-04T18:00:00Z', '2026-07-04T21:00:00Z');
    await repo.create(trip);
    await repo.replace({ ...trip, title: 'first', version: 2 }, 1);
    await expect(repo.replace({ ...trip, title: 'second', version: 2 }, 1)).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    expect((await repo.get('stale'))?.title).toBe('first');
  });

  it('loses none of 50 concurrent read-modify-write updates to one event', async () => {
    const trip = event('busy', '2026-07-04T18:00:00Z', '2026-07-04T21:00:00Z');
    await repo.create({ ...trip, crewTasks: [] });
    // Each writer appends its own task and retries on conflict: a lost update drops a label.
    const appendTask = async (label: string) => {
      for (;;) {
        const current = await repo.get('busy');
        if (!current) throw new Error('event vanished');
        const next = {
          ...current,
          crewTasks: [...current.crewTasks, { taskId: label, label, done: false }],
          version: current.version + 1,
        };
        try {
          return await repo.replace(next, current.version);
        } catch (error) {
          if (!(error instanceof VersionConflictError)) throw error;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 50));
        }
      }
    };
    const labels = Array.from({ length: 50 }, (_, i) => `task-${i}`);
    await Promise.all(labels.map(appendTask));

    const final = await repo.get('busy');
    expect(final?.version).toBe(51);
    expect(final?.crewTasks.map((t) => t.label).sort()).toEqual([...labels].sort());
  });

  it('applies 50 concurrent patches without If-Match, each on a fresh read', async () => {
    const created = await events.create({
      eventId: 'patched',
      title: 'Patched trip',
      start: '2026-07-04T18:00:00-07:00',
      end: '2026-07-04T21:00:00-07:00',
      timezone: 'America/Los_Angeles',
      boat: 'JADA',
      meetingPoint: 'Dock C',
      guestCount: 1,
      crew: [],
      notes: '',
      crewTasks: [],
    });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => events.update(created.eventId, { guestCount: i + 2 })),
    );
    const versions = results.map((r) => r.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    expect((await events.get(created.eventId)).version).toBe(51);
  });
});
