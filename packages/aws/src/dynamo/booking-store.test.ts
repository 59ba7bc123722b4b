import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type BookingRecord, type HistoryEntry, StepHeldError, type StepState, VersionConflictError } from '@scc/core';
import { startTestTable, type TestTable } from '@scc/test/support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBookingRepository } from './booking-store';

let table: TestTable;
let repo: DynamoBookingRepository;
beforeAll(async () => {
  table = await startTestTable();
  repo = new DynamoBookingRepository(table.db, table.tableName);
});
afterAll(() => table.stop());

const NOW = new Date('2027-01-01T00:00:00Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const pending: StepState = { status: 'pending' };

function record(bookingId: string): BookingRecord {
  return {
    bookingId,
    source: 'boatsetter',
    externalId: bookingId,
    payloadHash: 'h1',
    request: {
      source: 'boatsetter',
      externalId: bookingId,
      title: 'Sunset sail',
      start: '2027-07-04T18:00:00-07:00',
      end: '2027-07-04T21:00:00-07:00',
      timezone: 'America/Los_Angeles',
      boat: 'JADA',
      meetingPoint: 'Dock C',
      guest: { name: 'Smith', count: 6 },
      notes: '',
      crew: [],
      crewTasks: [],
    },
    status: 'active',
    eventId: `evt_${bookingId}`,
    slug: `slug-${bookingId}`,
    steps: { event: pending, calendar: pending, guestPage: pending, crewNotices: pending, guestNotices: pending, reminders: pending },
    version: 1,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
  };
}

describe('DynamoBookingRepository: one writer per step, never a stale outcome', () => {
  it('claims a step once until its lease lapses, and not again once it reached that version', async () => {
    await repo.createOrGet(record('b1'));
    const a = { claimId: 'run_a', version: 1 };
    expect(await repo.claimStep('b1', 'calendar', a, NOW, later(1))).toBe(true);
    expect(await repo.claimStep('b1', 'calendar', { claimId: 'run_b', version: 1 }, NOW, later(1))).toBe(false);
    // The lease ran out: another run takes it over, and the first can no longer record.
    expect(await repo.claimStep('b1', 'calendar', { claimId: 'run_b', version: 1 }, later(2), later(3))).toBe(true);
    const done: StepState = { status: 'succeeded', at: NOW.toISOString(), version: 1 };
    expect(await repo.recordStep('b1', 'calendar', done, { version: 1, fingerprint: 'f' }, a)).toBe(false);
    expect(await repo.recordStep('b1', 'calendar', done, { version: 1, fingerprint: 'f' }, { claimId: 'run_b', version: 1 })).toBe(true);
    expect(await repo.claimStep('b1', 'calendar', { claimId: 'run_c', version: 1 }, later(10), later(11))).toBe(false);
    expect((await repo.get('b1'))?.converged?.calendar).toEqual({ version: 1, fingerprint: 'f' });
  });

  it('a change moves the version without touching steps; the holder of a step records only at the new version', async () => {
    await repo.createOrGet(record('b2'));
    const run = { claimId: 'run_1', version: 1 };
    expect(await repo.claimStep('b2', 'guestPage', run, NOW, later(1))).toBe(true);
    const current = (await repo.get('b2')) as BookingRecord;
    await repo.saveChange({ ...current, request: { ...current.request, title: 'Moonlight sail' }, version: 2, payloadHash: 'h2' }, 1);
    await expect(repo.saveChange({ ...current, version: 2 }, 1)).rejects.toBeInstanceOf(VersionConflictError);

    const stored = (await repo.get('b2')) as BookingRecord;
    expect(stored.request.title).toBe('Moonlight sail');
    expect(stored.steps.guestPage).toMatchObject({ status: 'running', claimId: 'run_1' });
    const done: StepState = { status: 'succeeded', at: NOW.toISOString(), version: 1 };
    expect(await repo.recordStep('b2', 'guestPage', done, undefined, run)).toBe(false);
    expect(await repo.extendClaim('b2', 'guestPage', { claimId: 'run_1', version: 2 }, later(2))).toBe(true);
    expect(await repo.extendClaim('b2', 'guestPage', { claimId: 'run_x', version: 2 }, later(2))).toBe(false);
    expect(await repo.recordStep('b2', 'guestPage', { ...done, version: 2 }, undefined, { claimId: 'run_1', version: 2 })).toBe(true);
    // Converged to version 2: a claim for version 2 is refused, one for version 3 is taken.
    expect(await repo.claimStep('b2', 'guestPage', { claimId: 'r', version: 2 }, later(3), later(4))).toBe(false);
    expect(await repo.claimStep('b2', 'guestPage', { claimId: 'r', version: 3 }, later(3), later(4))).toBe(true);
  });

  it('a change claims the free steps in its own write, and refuses if one was taken meanwhile', async () => {
    await repo.createOrGet(record('b5'));
    expect(await repo.claimStep('b5', 'calendar', { claimId: 'retry', version: 1 }, NOW, later(1))).toBe(true);
    const current = (await repo.get('b5')) as BookingRecord;
    const running = (claimId: string): StepState => ({ status: 'running', startedAt: NOW.toISOString(), leaseUntil: later(1).toISOString(), claimId, version: 2 });
    const next = (steps: BookingRecord['steps']): BookingRecord => ({ ...current, version: 2, updatedAt: NOW.toISOString(), steps });
    // Meant to claim the calendar too, which the retry holds: refused, nothing written.
    const greedy = next({ ...current.steps, event: running('chg'), calendar: running('chg'), guestPage: running('chg'), crewNotices: running('chg') });
    await expect(repo.saveChange(greedy, 1, ['event', 'calendar', 'guestPage', 'crewNotices'])).rejects.toBeInstanceOf(StepHeldError);
    expect((await repo.get('b5'))?.version).toBe(1);
    // Around it: the change claims the other three; the calendar stays with the retry.
    await repo.saveChange({ ...greedy, steps: { ...greedy.steps, calendar: current.steps.calendar } }, 1, ['event', 'guestPage', 'crewNotices']);
    const stored = (await repo.get('b5')) as BookingRecord;
    expect(stored.version).toBe(2);
    expect(stored.steps).toMatchObject({ event: { claimId: 'chg' }, calendar: { claimId: 'retry' }, guestPage: { claimId: 'chg' }, crewNotices: { claimId: 'chg' } });
  });

  it('finance follows the newest version only; history is append-only and newest first', async () => {
    await repo.putFinance('b3', { revenue: 100, captainFee: 10, platformFee: 5, currency: 'USD' }, 'h');
    await repo.setFinance('b3', { revenue: 300, captainFee: 10, platformFee: 5, currency: 'USD' }, 3);
    await repo.setFinance('b3', { revenue: 200, captainFee: 10, platformFee: 5, currency: 'USD' }, 2);
    expect(await repo.getFinance('b3')).toMatchObject({ revenue: 300, version: 3 });

    const created: HistoryEntry = { version: 1, at: NOW.toISOString(), actor: 'service-key', kind: 'created' };
    const changed: HistoryEntry = { version: 2, at: later(1).toISOString(), actor: 'console', kind: 'changed', changes: [{ field: 'title', before: 'a', after: 'b' }] };
    await repo.appendHistory('b3', created);
    await repo.appendHistory('b3', changed);
    await repo.appendHistory('b3', changed);
    expect(await repo.listHistory('b3')).toEqual([changed, created]);
  });

  it('creates a booking with its finance, and never a booking whose finance another submission holds', async () => {
    const money = { revenue: 184731, captainFee: 35917, platformFee: 27709, currency: 'USD' };
    // Prepare: another submission's finance already holds b6's id, but its booking is not there yet.
    await repo.putFinance('b6', { ...money, revenue: 1 }, 'other-hash');

    // Act
    const refused = await repo.createOrGet(record('b6'), [], money);
    const created = await repo.createOrGet(record('b7'), [], money);
    const again = await repo.createOrGet({ ...record('b7'), payloadHash: 'h2' }, [], { ...money, revenue: 2 });

    // Assess
    expect(refused).toEqual({ created: false, record: undefined });
    expect(await repo.get('b6')).toBeUndefined();
    expect(await repo.getFinance('b6')).toMatchObject({ revenue: 1 });
    expect(created.created).toBe(true);
    expect(await repo.getFinance('b7')).toEqual({ ...money, version: 1 });
    // The same id with other money: the stored booking answers, and its finance stays.
    expect(again).toEqual({ created: false, record: (await repo.get('b7')) as BookingRecord });
    expect(await repo.getFinance('b7')).toMatchObject({ revenue: 184731 });
  });

  it('reads a booking stored before steps were renamed and had a memory', async () => {
    const { steps: _, ...old } = record('b4');
    await table.db.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { pk: 'BOOKING#b4', sk: 'BOOKING', ...old, steps: { event: pending, calendar: pending, guestPage: pending, crewEmails: { status: 'succeeded', at: NOW.toISOString() } } },
      }),
    );
    const stored = (await repo.get('b4')) as BookingRecord;
    expect(stored.steps.crewNotices.status).toBe('succeeded');
    expect(await repo.claimStep('b4', 'event', { claimId: 'r', version: 1 }, NOW, later(1))).toBe(true);
    const done: StepState = { status: 'succeeded', at: NOW.toISOString(), version: 1 };
    expect(await repo.recordStep('b4', 'event', done, { version: 1 }, { claimId: 'r', version: 1 })).toBe(true);
    expect((await repo.get('b4'))?.converged?.event).toEqual({ version: 1 });
  });
});
