import { afterEach, describe, expect, it, vi } from 'vitest';
import { DependencyRejectedError, DependencyUnavailableError } from '../../errors';
import type { PlannedReminder, ReminderScheduler } from '../../reminders/ports';
import { DEFAULT_SETTINGS } from '../../settings/operator-settings';
import type { BookingRecord } from '../schema';
import { remindersStep } from './reminders-step';

const NOW = new Date('2026-07-01T12:00:00Z');
const ID = 'bk_0123456789abcdefghijklmnop';

function record(version: number, extra: Partial<BookingRecord> = {}): BookingRecord {
  return {
    bookingId: ID,
    source: 'boatsetter',
    externalId: 'S1',
    payloadHash: 'h',
    request: {
      source: 'boatsetter',
      externalId: 'S1',
      title: 'Sunset sail',
      start: '2026-07-04T18:00:00-07:00',
      end: '2026-07-04T21:00:00-07:00',
      timezone: 'America/Los_Angeles',
      boat: 'JADA',
      meetingPoint: 'Dock C',
      guest: { name: 'Kim', email: 'kim@example.com', count: 2 },
      notes: '',
      crew: [{ crewId: 'ana', role: 'captain' }],
      crewTasks: [],
    },
    eventId: 'evt_1',
    slug: 's',
    steps: {} as BookingRecord['steps'],
    version,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    ...extra,
  };
}

/** A scheduler whose calls can fail, recording what it holds. */
function fakeScheduler() {
  const held = new Map<string, PlannedReminder>();
  const fail = { upsert: undefined as Error | undefined, remove: undefined as Error | undefined };
  const scheduler: ReminderScheduler = {
    async upsert(reminder) {
      if (fail.upsert) throw fail.upsert;
      held.set(reminder.name, reminder);
    },
    async remove(name) {
      if (fail.remove) throw fail.remove;
      held.delete(name);
    },
  };
  return { scheduler, held, fail };
}

const FAST = { timeoutMs: 200, attempts: 1, backoffMs: 0 };

describe('the reminders step', () => {
  it('is the reminders step', () => {
    // Act / Assess
    expect(remindersStep({ clock: () => NOW }).name).toBe('reminders');
  });

  it('upserts the version’s schedules, removes the previous version’s, and remembers the names', async () => {
    const { scheduler, held } = fakeScheduler();
    const step = remindersStep({ scheduler, clock: () => NOW, settings: async () => DEFAULT_SETTINGS, policy: FAST, sleep: async () => {} });

    const first = await step.converge({ record: record(1), roster: new Map(), memory: undefined, now: NOW });
    const second = await step.converge({ record: record(2), roster: new Map(), memory: { version: 1, ...first.memory }, now: NOW });

    expect(first.memory).toEqual({ scheduled: [`scc.${ID}.crew.v1`, `scc.${ID}.guest.v1`] });
    expect(second.state).toMatchObject({ status: 'succeeded', note: 'crew at 2026-07-04T01:00:00.000Z, guest at 2026-07-03T17:00:00.000Z' });
    expect(second.memory).toEqual({ scheduled: [`scc.${ID}.crew.v2`, `scc.${ID}.guest.v2`] });
    expect([...held.keys()]).toEqual([`scc.${ID}.crew.v2`, `scc.${ID}.guest.v2`]);
  });

  it('fails visibly when the scheduler does, keeping every name that may still exist for the retry', async () => {
    const { scheduler, held, fail } = fakeScheduler();
    const step = remindersStep({ scheduler, clock: () => NOW, settings: async () => DEFAULT_SETTINGS, policy: FAST, sleep: async () => {} });
    const first = await step.converge({ record: record(1), roster: new Map(), memory: undefined, now: NOW });
    fail.remove = new DependencyUnavailableError('Scheduler is throttling');

    const cancelled = await step.converge({ record: record(2, { status: 'cancelled' }), roster: new Map(), memory: { version: 1, ...first.memory }, now: NOW });
    fail.remove = undefined;
    const retried = await step.converge({ record: record(2, { status: 'cancelled' }), roster: new Map(), memory: { version: 2, ...cancelled.memory }, now: NOW });

    expect(cancelled.state).toMatchObject({ status: 'failed', retryable: true });
    expect(cancelled.memory).toEqual({ scheduled: [`scc.${ID}.crew.v1`, `scc.${ID}.guest.v1`] });
    expect(retried.state).toMatchObject({ status: 'succeeded', note: 'nothing to remind' });
    expect(retried.memory).toEqual({ scheduled: [] });
    expect(held.size).toBe(0);
  });

  it('a refusal is not retryable; without a scheduler the step is skipped, saying so', async () => {
    const { scheduler, fail } = fakeScheduler();
    fail.upsert = new DependencyRejectedError('Scheduler refused the schedule: bad role');
    const refused = await remindersStep({ scheduler, clock: () => NOW, policy: FAST, sleep: async () => {} }).converge({ record: record(1), roster: new Map(), memory: undefined, now: NOW });
    const none = await remindersStep({ clock: () => NOW }).converge({ record: record(1), roster: new Map(), memory: undefined, now: NOW });

    expect(refused.state).toMatchObject({ status: 'failed', retryable: false });
    expect(refused.state.status === 'failed' && refused.state.reason).toContain('bad role');
    expect(none.state).toEqual({ status: 'skipped', at: NOW.toISOString(), reason: 'no reminder scheduler is configured' });
  });

  it('plans by the default settings without a settings store, and says when each reminder goes', async () => {
    // Prepare: a first run, with nothing scheduled before
    const { scheduler } = fakeScheduler();
    const removed: string[] = [];
    scheduler.remove = async (name) => void removed.push(name);
    // Act
    const outcome = await remindersStep({ scheduler, clock: () => NOW, policy: FAST, sleep: async () => {} }).converge({ record: record(1), roster: new Map(), memory: undefined, now: NOW });
    // Assess
    expect(outcome).toEqual({
      state: { status: 'succeeded', at: NOW.toISOString(), note: 'crew at 2026-07-04T01:00:00.000Z, guest at 2026-07-03T17:00:00.000Z' },
      memory: { scheduled: [`scc.${ID}.crew.v1`, `scc.${ID}.guest.v1`] },
    });
    expect(removed).toEqual([]);
  });

  it('names every problem, and says a retry may help when one of them may pass', async () => {
    // Prepare: the upserts refused for good, the old version's removal throttled
    const { scheduler, fail } = fakeScheduler();
    const step = remindersStep({ scheduler, clock: () => NOW, settings: async () => DEFAULT_SETTINGS, policy: FAST, sleep: async () => {} });
    const first = await step.converge({ record: record(1), roster: new Map(), memory: undefined, now: NOW });
    fail.upsert = new DependencyRejectedError('bad role');
    fail.remove = new DependencyUnavailableError('throttled');
    // Act
    const outcome = await step.converge({ record: record(2), roster: new Map(), memory: { version: 1, ...first.memory }, now: NOW });
    // Assess
    expect(outcome.state).toEqual({
      status: 'failed',
      at: NOW.toISOString(),
      reason: [
        `could not schedule scc.${ID}.crew.v2: bad role`,
        `could not schedule scc.${ID}.guest.v2: bad role`,
        `could not remove scc.${ID}.crew.v1: throttled`,
        `could not remove scc.${ID}.guest.v1: throttled`,
      ].join('; '),
      retryable: true,
      attempts: 1,
    });
  });

  describe('without a policy of its own', () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('tries each schedule call 3 times, sleeping a jittered 250 ms backoff that doubles, through the sleep it is given', async () => {
      // Prepare: the scheduler throttles every call
      vi.spyOn(Math, 'random').mockReturnValue(0.5);
      const { scheduler, fail } = fakeScheduler();
      fail.upsert = new DependencyUnavailableError('throttled');
      const sleeps: number[] = [];
      // Act
      const outcome = await remindersStep({ scheduler, clock: () => NOW, sleep: async (ms) => void sleeps.push(ms) }).converge({ record: record(1), roster: new Map(), memory: undefined, now: NOW });
      // Assess: two reminders, each slept 125 then 250 ms
      expect(sleeps.sort((a, b) => a - b)).toEqual([125, 125, 250, 250]);
      expect(outcome.state).toMatchObject({ status: 'failed', retryable: true });
    });

    it('sleeps for real when given no sleep', async () => {
      // Prepare: a draw of 0 sleeps 0 ms
      vi.spyOn(Math, 'random').mockReturnValue(0);
      const { scheduler } = fakeScheduler();
      let calls = 0;
      scheduler.upsert = async () => {
        calls++;
        if (calls <= 2) throw new DependencyUnavailableError('throttled');
      };
      // Act
      const outcome = await remindersStep({ scheduler, clock: () => NOW }).converge({ record: record(1), roster: new Map(), memory: undefined, now: NOW });
      // Assess
      expect(calls).toBe(4);
      expect(outcome.state.status).toBe('succeeded');
    });
  });
});
