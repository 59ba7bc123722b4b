import { type BookingRecord, type CrewResponse, STEP_NAMES, type Steps } from '@scc/core';
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

const NOW = '2027-01-01T00:00:00.000Z';

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
      crew: [{ crewId: 'ana', role: 'captain' }, { crewId: 'ben', role: 'mate' }],
      crewTasks: [],
    },
    status: 'active',
    eventId: `evt_${bookingId}`,
    slug: `slug-${bookingId}`,
    steps: Object.fromEntries(STEP_NAMES.map((name) => [name, { status: 'pending' }])) as Steps,
    version: 1,
    createdAt: NOW,
    updatedAt: NOW,
  };
}

const answer = (status: CrewResponse['status'], at: string, version = 1, note?: string): CrewResponse => ({ status, at, version, ...(note ? { note } : {}) });

describe('DynamoBookingRepository.setCrewResponse: one map key, no new version', () => {
  it('stores the first answer on a booking without answers, and leaves the version and content alone', async () => {
    await repo.createOrGet(record('r1'));
    const declined = answer('declined', '2027-01-02T10:00:00.000Z', 1, 'Sick kid <b>');

    expect(await repo.setCrewResponse('r1', 'ana', declined, undefined)).toBe(true);

    const stored = await repo.get('r1');
    expect(stored?.crewResponses).toEqual({ ana: declined });
    expect(stored?.version).toBe(1);
    expect(stored?.updatedAt).toBe(NOW);
  });

  it('a second person answers beside the first without touching it', async () => {
    await repo.createOrGet(record('r2'));
    const ana = answer('confirmed', '2027-01-02T10:00:00.000Z');
    const ben = answer('declined', '2027-01-02T10:01:00.000Z');

    await repo.setCrewResponse('r2', 'ana', ana, undefined);
    expect(await repo.setCrewResponse('r2', 'ben', ben, undefined)).toBe(true);

    expect((await repo.get('r2'))?.crewResponses).toEqual({ ana, ben });
  });

  it('changes an answer only over the one that was read (a double tap writes once)', async () => {
    await repo.createOrGet(record('r3'));
    const first = answer('declined', '2027-01-02T10:00:00.000Z');
    const racing = answer('declined', '2027-01-02T10:00:00.500Z');
    const later = answer('confirmed', '2027-01-02T11:00:00.000Z');

    expect(await repo.setCrewResponse('r3', 'ana', first, undefined)).toBe(true);
    expect(await repo.setCrewResponse('r3', 'ana', racing, undefined)).toBe(false);
    expect(await repo.setCrewResponse('r3', 'ana', later, racing)).toBe(false);
    expect(await repo.setCrewResponse('r3', 'ana', later, first)).toBe(true);

    expect((await repo.get('r3'))?.crewResponses?.ana).toEqual(later);
  });

  it('refuses an answer checked against an older version (a swap or a cancel came in between)', async () => {
    const base = record('r4');
    await repo.createOrGet(base);
    await repo.saveChange({ ...base, version: 2, updatedAt: '2027-01-03T00:00:00.000Z' }, 1);

    expect(await repo.setCrewResponse('r4', 'ana', answer('confirmed', '2027-01-03T01:00:00.000Z', 1), undefined)).toBe(false);
    expect(await repo.setCrewResponse('r4', 'ana', answer('confirmed', '2027-01-03T01:00:00.000Z', 2), undefined)).toBe(true);
  });

  it('answers false for a booking that does not exist, and creates nothing', async () => {
    expect(await repo.setCrewResponse('nope', 'ana', answer('confirmed', NOW), undefined)).toBe(false);
    expect(await repo.get('nope')).toBeUndefined();
  });

  it('a change of the booking keeps the answers', async () => {
    const base = record('r5');
    await repo.createOrGet(base);
    const ana = answer('confirmed', '2027-01-02T10:00:00.000Z');
    await repo.setCrewResponse('r5', 'ana', ana, undefined);

    await repo.saveChange({ ...base, request: { ...base.request, notes: 'Cake' }, version: 2, updatedAt: '2027-01-03T00:00:00.000Z' }, 1);

    expect((await repo.get('r5'))?.crewResponses).toEqual({ ana });
  });
});

describe('DynamoBookingRepository.saveChange and answers', () => {
  it('a change that takes someone off drops their answer, so put back later they are asked again', async () => {
    const base = record('r6');
    await repo.createOrGet(base);
    const ana = answer('confirmed', '2027-01-02T10:00:00.000Z');
    const ben = answer('declined', '2027-01-02T10:01:00.000Z');
    await repo.setCrewResponse('r6', 'ana', ana, undefined);
    await repo.setCrewResponse('r6', 'ben', ben, undefined);
    const read = (await repo.get('r6')) as BookingRecord;

    await repo.saveChange({ ...read, request: { ...read.request, crew: [{ crewId: 'ana', role: 'captain' }] }, version: 2, updatedAt: '2027-01-03T00:00:00.000Z' }, 1);
    const afterSwap = (await repo.get('r6')) as BookingRecord;
    await repo.saveChange({ ...afterSwap, request: { ...afterSwap.request, crew: base.request.crew }, version: 3, updatedAt: '2027-01-04T00:00:00.000Z' }, 2);

    expect((await repo.get('r6'))?.crewResponses).toEqual({ ana });
  });
});
