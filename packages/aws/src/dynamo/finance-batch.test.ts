import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { type BookingRecord, type BookingRepository, DependencyUnavailableError, type FinanceRecord, FinanceReport, type StepState } from '@scc/core';
import { startTestTable, type TestTable } from '@scc/test/support';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBookingRepository } from './booking-store';
import { createDocumentClient } from './client';
import { UnprocessedKeysError } from './single-table';

const pending: StepState = { status: 'pending' };
const ids = (n: number, prefix = 'b') => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);

function record(bookingId: string, i: number): BookingRecord {
  const day = String((i % 28) + 1).padStart(2, '0');
  return {
    bookingId,
    source: 'boatsetter',
    externalId: bookingId,
    payloadHash: 'h',
    request: {
      source: 'boatsetter',
      externalId: bookingId,
      title: `Charter ${i}`,
      // Some start on the 1st in the morning UTC: still April on the boat (Los Angeles).
      start: i % 9 === 0 ? '2027-05-01T03:00:00Z' : `2027-05-${day}T10:00:00-07:00`,
      end: i % 9 === 0 ? '2027-05-01T06:00:00Z' : `2027-05-${day}T13:00:00-07:00`,
      timezone: i % 4 === 0 ? 'Europe/Lisbon' : 'America/Los_Angeles',
      boat: 'JADA',
      meetingPoint: 'Dock C',
      guest: { name: `Guest ${i}`, count: 6 },
      notes: '',
      crew: [],
      crewTasks: [],
    },
    status: i % 5 === 0 ? 'cancelled' : 'active',
    eventId: `evt_${bookingId}`,
    slug: `slug-${bookingId}`,
    steps: { event: pending, calendar: pending, guestPage: pending, crewNotices: pending, guestNotices: pending, reminders: pending },
    version: 1,
    createdAt: '2027-01-01T00:00:00.000Z',
    updatedAt: '2027-01-01T00:00:00.000Z',
  };
}

const financeFor = (i: number): FinanceRecord => ({
  revenue: 100_000 + i,
  captainFee: 20_000,
  platformFee: 9_000 + i,
  currency: i % 3 === 0 ? 'EUR' : i % 7 === 0 ? 'JPY' : 'USD',
});

describe('DynamoBookingRepository.getFinanceMany on dynalite', () => {
  let table: TestTable;
  let repo: DynamoBookingRepository;
  const stored = ids(230);
  beforeAll(async () => {
    table = await startTestTable();
    repo = new DynamoBookingRepository(table.db, table.tableName);
    for (const [i, id] of stored.entries()) {
      await repo.createOrGet(record(id, i));
      // Every 13th booking has no finance item at all.
      if (i % 13 === 0) continue;
      await repo.putFinance(id, financeFor(i), 'h');
      if (i % 5 === 0) await repo.setFinance(id, { ...financeFor(i), cancelled: { refund: 30_000, cancellationFee: 2_500 } }, 2);
    }
  });
  afterAll(() => table.stop());

  it('reads more than 100 keys (three calls), answers what getFinance answers, and leaves out missing ones', async () => {
    const asked = [...stored, 'missing-1', stored[7]!, 'missing-2'];
    const found = await repo.getFinanceMany(asked);
    const expected = new Map<string, FinanceRecord>();
    for (const id of stored) {
      const one = await repo.getFinance(id);
      if (one) expected.set(id, one);
    }
    expect(expected.size).toBe(230 - Math.ceil(230 / 13));
    expect(found).toEqual(expected);
    expect(found.get(stored[5]!)).toMatchObject({ version: 2, cancelled: { refund: 30_000 } });
    expect(found.has('missing-1')).toBe(false);
    expect(await repo.getFinanceMany([])).toEqual(new Map());
  });

  it('the month report and its CSV are what they were with one read per booking', async () => {
    // The report as it was: each booking's finance with its own GetItem.
    const onePerBooking: BookingRepository = Object.assign(Object.create(repo) as DynamoBookingRepository, {
      getFinanceMany: async (bookingIds: readonly string[]) => {
        const found = new Map<string, FinanceRecord>();
        for (const id of bookingIds) {
          const finance = await repo.getFinance(id);
          if (finance) found.set(id, finance);
        }
        return found;
      },
    });
    const before = new FinanceReport(onePerBooking);
    const now = new FinanceReport(repo);
    const month = await now.month('2027-05');
    expect(month.rows.length).toBeGreaterThan(150);
    expect(month.rows.some((r) => r.status === 'cancelled')).toBe(true);
    expect(new Set(month.totals.map((t) => t.currency))).toEqual(new Set(['USD', 'EUR', 'JPY']));
    expect(month).toEqual(await before.month('2027-05'));
    expect(await now.csv('2027-05')).toBe(await before.csv('2027-05'));
    expect(await now.month('2027-04')).toEqual(await before.month('2027-04'));
  });
});

describe('DynamoBookingRepository.getFinanceMany when DynamoDB leaves keys unprocessed', () => {
  const db = createDocumentClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const mock = mockClient(db);
  const repo = new DynamoBookingRepository(db, 'table');
  afterEach(() => mock.reset());

  type Key = { pk: string; sk: string };
  const keysOf = (input: unknown) => (input as { RequestItems: Record<string, { Keys: Key[] }> }).RequestItems.table!.Keys;
  const itemOf = (key: Key) => ({ ...key, entity: 'finance', revenue: 500, captainFee: 100, platformFee: 50, currency: 'USD', version: 1 });

  it('sends the unprocessed keys again until every one is read, 100 keys a call at most', async () => {
    const asked = ids(150);
    const refusedOnce = new Set(asked.filter((_, i) => i % 3 === 0).map((id) => `BOOKING#${id}`));
    const seen = new Map<string, number>();
    mock.on(BatchGetCommand).callsFake((input) => {
      const keys = keysOf(input);
      const processed: Key[] = [];
      const unprocessed: Key[] = [];
      for (const key of keys) {
        seen.set(key.pk, (seen.get(key.pk) ?? 0) + 1);
        (refusedOnce.has(key.pk) && seen.get(key.pk) === 1 ? unprocessed : processed).push(key);
      }
      return {
        Responses: { table: processed.map(itemOf) },
        ...(unprocessed.length ? { UnprocessedKeys: { table: { Keys: unprocessed, ConsistentRead: true } } } : {}),
      };
    });

    const found = await repo.getFinanceMany(asked);

    expect([...found.keys()].sort()).toEqual(asked);
    expect(found.get('b0003')).toEqual({ revenue: 500, captainFee: 100, platformFee: 50, currency: 'USD', version: 1 });
    const calls = mock.commandCalls(BatchGetCommand).map((c) => keysOf(c.args[0].input));
    // Two first calls (100 + 50), then each sends its refused keys again (34 of the first, 16 of the second).
    expect(calls.map((keys) => keys.length).sort((a, b) => a - b)).toEqual([16, 34, 50, 100]);
    for (const pk of refusedOnce) expect(seen.get(pk)).toBe(2);
    expect([...seen.entries()].filter(([pk]) => !refusedOnce.has(pk)).every(([, n]) => n === 1)).toBe(true);
  });

  it('gives up with a typed, retryable error when keys stay unprocessed', async () => {
    mock.on(BatchGetCommand).callsFake((input) => ({ Responses: { table: [] }, UnprocessedKeys: { table: { Keys: keysOf(input) } } }));
    const error = await repo.getFinanceMany(['b1', 'b2']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect((error as Error).cause).toBeInstanceOf(UnprocessedKeysError);
    expect(mock.commandCalls(BatchGetCommand)).toHaveLength(6);
  });
});
