import { beforeEach, describe, expect, it } from 'vitest';
import { sunsetBooking } from '../testing/sunset-booking';
import { AlreadyExistsError, DependencyRejectedError, VersionConflictError } from '../../errors';
import { crewEventOf } from '../drafts';
import type { BookingRecord } from '../schema';
import { MemoryEvents } from '../testing/memory-ports';
import { eventStep } from './event-step';

const NOW = new Date('2027-06-01T12:00:00.000Z');
const RAN = new Date('2027-06-01T12:00:05.000Z');
const POLICY = { timeoutMs: 1_000, attempts: 1, backoffMs: 0 };

const recordOf = (overrides: Partial<BookingRecord['request']> = {}): BookingRecord =>
  sunsetBooking({ guest: { name: 'Dana Reyes', count: 4 }, crewTasks: ['Fuel up'], ...overrides });

let events: MemoryEvents;
let now: Date;
const context = (record: BookingRecord) => ({ record, roster: new Map(), memory: undefined, now: NOW });

beforeEach(() => {
  events = new MemoryEvents();
  now = RAN;
});

const step = () => eventStep({ events, policy: POLICY, sleep: async () => {}, clock: () => now });

describe('the event step', () => {
  it('is the event step', () => {
    // Act / Assess
    expect(step().name).toBe('event');
  });

  it('creates the crew event the first time, stamped with the time it ran', async () => {
    // Act
    const outcome = await step().converge(context(recordOf()));
    // Assess
    expect(outcome).toEqual({ state: { status: 'succeeded', at: RAN.toISOString() } });
    expect(events.events.get('ev_sunset')).toEqual(crewEventOf({ ...recordOf(), updatedAt: RAN.toISOString() }));
    expect(events.writes).toBe(1);
  });

  it('writes nothing when the event already shows the booking', async () => {
    // Prepare
    await step().converge(context(recordOf()));
    now = new Date(RAN.getTime() + 60_000);
    // Act
    const outcome = await step().converge(context(recordOf()));
    // Assess
    expect(outcome.state).toEqual({ status: 'succeeded', at: now.toISOString() });
    expect(events.writes).toBe(1);
    expect(events.events.get('ev_sunset')!.version).toBe(1);
  });

  it('replaces the event at the version it read when the booking changed, keeping ticks', async () => {
    // Prepare
    await step().converge(context(recordOf()));
    const ticked = events.events.get('ev_sunset')!;
    ticked.crewTasks[0] = { ...ticked.crewTasks[0]!, done: true, doneBy: 'ana' };
    now = new Date(RAN.getTime() + 60_000);
    // Act
    const outcome = await step().converge(context(recordOf({ boat: 'Borealis' })));
    // Assess
    expect(outcome.state.status).toBe('succeeded');
    const stored = events.events.get('ev_sunset')!;
    expect(stored).toMatchObject({ boat: 'Borealis', version: 2, updatedAt: now.toISOString() });
    expect(stored.crewTasks).toEqual([{ taskId: 'task_1', label: 'Fuel up', done: true, doneBy: 'ana' }]);
  });

  it('reads again and merges when a tick got in between', async () => {
    // Prepare
    await step().converge(context(recordOf()));
    const replace = events.replace.bind(events);
    let conflicts = 0;
    events.replace = async (event, expectedVersion) => {
      if (conflicts++ === 0) {
        const stored = events.events.get('ev_sunset')!;
        stored.crewTasks[0] = { ...stored.crewTasks[0]!, done: true };
        stored.version++;
      }
      return replace(event, expectedVersion);
    };
    // Act
    const outcome = await step().converge(context(recordOf({ notes: 'Bring ice' })));
    // Assess
    expect(outcome.state.status).toBe('succeeded');
    expect(events.events.get('ev_sunset')).toMatchObject({ notes: 'Bring ice', version: 3, crewTasks: [{ taskId: 'task_1', done: true }] });
  });

  it('replaces the event another run created first', async () => {
    // Prepare
    const create = events.create.bind(events);
    events.create = async (event) => {
      await create({ ...event, title: 'Other run' });
      throw new AlreadyExistsError('exists');
    };
    // Act
    const outcome = await step().converge(context(recordOf()));
    // Assess
    expect(outcome.state.status).toBe('succeeded');
    expect(events.events.get('ev_sunset')).toMatchObject({ title: 'Sunset sail', version: 2 });
  });

  it('gives up after 5 tries against an event that keeps changing, as a failure a retry may fix', async () => {
    // Prepare
    await step().converge(context(recordOf()));
    let writes = 0;
    events.replace = async () => {
      writes++;
      throw new VersionConflictError('changed');
    };
    // Act
    const outcome = await step().converge(context(recordOf({ boat: 'Borealis' })));
    // Assess
    expect(writes).toBe(5);
    expect(outcome).toEqual({
      state: { status: 'failed', at: RAN.toISOString(), reason: 'The crew event kept changing while it was being updated', retryable: true, attempts: 1 },
    });
  });

  it('fails at once, as final, on a refusal', async () => {
    // Prepare
    let writes = 0;
    events.create = async () => {
      writes++;
      throw new DependencyRejectedError('table is missing');
    };
    // Act
    const outcome = await step().converge(context(recordOf()));
    // Assess
    expect(writes).toBe(1);
    expect(outcome.state).toEqual({ status: 'failed', at: RAN.toISOString(), reason: 'table is missing', retryable: false, attempts: 1 });
  });
});
