import { beforeEach, describe, expect, it } from 'vitest';
import { sunsetBooking } from './testing/sunset-booking';
import type { CrewMember } from '../schemas/crew';
import type { StepClaim } from './repository';
import { RunProtocol } from './run-protocol';
import type { BookingRecord, HistoryEntry, StepMemory, StepName, StepState } from './schema';
import type { StepPolicy } from './step-runner';
import type { BookingStep, Roster, StepContext, StepOutcome } from './steps/step';
import { MemoryBookings } from './testing/memory-ports';

const NOW = new Date('2027-06-01T12:00:00.000Z');
const ms = (date: Date, plus: number) => new Date(date.getTime() + plus).toISOString();
const PENDING = { status: 'pending' } as const;
/** calendar: 3 × 1000 + 200 × 2³ + 5000 = 9600 ms. */
const CALENDAR: StepPolicy = { timeoutMs: 1000, attempts: 3, backoffMs: 200 };
const CALENDAR_LEASE_MS = 9_600;
const POLICIES: Record<StepName, StepPolicy> = {
  event: { timeoutMs: 100, attempts: 1, backoffMs: 0 },
  calendar: CALENDAR,
  guestPage: { timeoutMs: 2000, attempts: 2, backoffMs: 50 },
  crewNotices: CALENDAR,
  guestNotices: CALENDAR,
  reminders: CALENDAR,
};

const recordOf = (overrides: Partial<BookingRecord> = {}): BookingRecord => sunsetBooking({ guest: { name: 'Dana Reyes', count: 4 }, crew: [] }, overrides);

const ROSTER: Roster = new Map<string, CrewMember>();

/** A calendar step that answers with the given outcomes in turn and remembers what it saw. */
function stepOf(...outcomes: (StepOutcome | ((context: StepContext) => StepOutcome | Promise<StepOutcome>))[]) {
  const seen: StepContext[] = [];
  const step: BookingStep = {
    name: 'calendar',
    async converge(context) {
      seen.push(structuredClone(context));
      const next = outcomes[Math.min(seen.length, outcomes.length) - 1]!;
      return typeof next === 'function' ? next(context) : next;
    },
  };
  return { step, seen };
}

const succeeded = (at = NOW): StepOutcome => ({ state: { status: 'succeeded', at: at.toISOString() } });

let bookings: MemoryBookings;
let now: Date;
let protocol: RunProtocol;

beforeEach(() => {
  bookings = new MemoryBookings();
  now = NOW;
  protocol = new RunProtocol({ bookings, clock: () => now, policies: POLICIES });
});

async function stored(record: BookingRecord): Promise<BookingRecord> {
  await bookings.createOrGet(record);
  return (await bookings.get(record.bookingId))!;
}

/** Claims the calendar step as the run with id `claimId` would before `run(…, claimId)`. */
async function claimed(record: BookingRecord, claimId = 'run_given'): Promise<BookingRecord> {
  await stored(record);
  await bookings.claimStep(record.bookingId, 'calendar', { claimId, version: record.version }, now, protocol.leaseUntil('calendar', now));
  return (await bookings.get(record.bookingId))!;
}

describe('RunProtocol.leaseUntil', () => {
  it('covers every attempt, the longest backoff and 5 s of slack', () => {
    // Act
    const lease = protocol.leaseUntil('calendar', NOW);
    // Assess: 3 × 1000 + 200 × 2³ + 5000
    expect(lease.toISOString()).toBe(ms(NOW, 9_600));
  });

  it("follows each step's own policy", () => {
    // Act
    const event = protocol.leaseUntil('event', NOW);
    const guestPage = protocol.leaseUntil('guestPage', NOW);
    // Assess: 1 × 100 + 0 + 5000; 2 × 2000 + 50 × 2² + 5000
    expect(event.toISOString()).toBe(ms(NOW, 5_100));
    expect(guestPage.toISOString()).toBe(ms(NOW, 9_200));
  });

  it('counts from the clock when no time is given', () => {
    // Prepare
    now = new Date('2027-06-02T08:30:00.000Z');
    // Act
    const lease = protocol.leaseUntil('calendar');
    // Assess
    expect(lease.toISOString()).toBe(ms(now, CALENDAR_LEASE_MS));
  });
});

describe('RunProtocol.claimedState', () => {
  it('is a running state for the claim, started now, with the lease of the step', () => {
    // Act
    const state = protocol.claimedState('calendar', 'run_abc', 7, NOW);
    // Assess
    expect(state).toEqual({
      status: 'running',
      startedAt: NOW.toISOString(),
      leaseUntil: ms(NOW, CALENDAR_LEASE_MS),
      claimId: 'run_abc',
      version: 7,
    });
  });

  it('starts at the clock when no time is given', () => {
    // Prepare
    now = new Date('2027-06-03T00:00:00.000Z');
    // Act
    const state = protocol.claimedState('event', 'run_abc', 1);
    // Assess
    expect(state).toMatchObject({ startedAt: now.toISOString(), leaseUntil: ms(now, 5_100) });
  });
});

describe('RunProtocol.newClaimId', () => {
  it('makes a fresh run id each time', () => {
    // Act
    const first = protocol.newClaimId();
    const second = protocol.newClaimId();
    // Assess
    expect(first).toMatch(/^run_[0-9a-z]{16}$/);
    expect(second).toMatch(/^run_[0-9a-z]{16}$/);
    expect(first).not.toBe(second);
  });
});

describe('RunProtocol.isHeld', () => {
  const running = (leaseUntil: string): StepState => ({ status: 'running', startedAt: NOW.toISOString(), leaseUntil, claimId: 'run_x' });

  it('holds a running step until and including the last millisecond of its lease', () => {
    // Act / Assess
    expect(protocol.isHeld(running(ms(NOW, 1)), NOW)).toBe(true);
    expect(protocol.isHeld(running(NOW.toISOString()), NOW)).toBe(true);
    expect(protocol.isHeld(running(ms(NOW, -1)), NOW)).toBe(false);
  });

  it('does not hold a step that is not running, whatever lease it still carries', () => {
    // Prepare: a state whose store kept the lease attribute of the run that finished it
    const finished = { status: 'succeeded', at: NOW.toISOString(), leaseUntil: ms(NOW, 60_000) } as StepState;
    // Act / Assess
    expect(protocol.isHeld(finished, NOW)).toBe(false);
    expect(protocol.isHeld(PENDING, NOW)).toBe(false);
  });

  it('reads the clock when no time is given', () => {
    // Prepare
    now = new Date('2027-06-05T00:00:00.000Z');
    // Act / Assess
    expect(protocol.isHeld(running(ms(NOW, 1)))).toBe(false);
    expect(protocol.isHeld(running(now.toISOString()))).toBe(true);
  });
});

describe('RunProtocol.isConverged', () => {
  it('is converged only when the step succeeded for the current version', () => {
    // Prepare
    const at = NOW.toISOString();
    const of = (calendar: StepState) => recordOf({ version: 3, steps: { ...recordOf().steps, calendar } });
    // Act / Assess
    expect(protocol.isConverged(of({ status: 'succeeded', at, version: 3 }), 'calendar')).toBe(true);
    expect(protocol.isConverged(of({ status: 'succeeded', at, version: 2 }), 'calendar')).toBe(false);
    expect(protocol.isConverged(of({ status: 'failed', at, reason: 'x', retryable: true, attempts: 1, version: 3 }), 'calendar')).toBe(false);
    expect(protocol.isConverged(of({ status: 'succeeded', at, version: 3 }), 'event')).toBe(false);
  });
});

describe('RunProtocol.run', () => {
  it('claims the step with a lease from now, converges and records the outcome for the version', async () => {
    // Prepare
    const record = await stored(recordOf());
    let during: StepState | undefined;
    const { step, seen } = stepOf(async () => {
      during = (await bookings.get(record.bookingId))!.steps.calendar;
      return { state: { status: 'succeeded', at: NOW.toISOString() }, memory: { fingerprint: 'fp-1' } };
    });
    // Act
    const state = await protocol.run(step, record, async () => ROSTER);
    // Assess
    expect(during).toEqual({
      status: 'running',
      startedAt: NOW.toISOString(),
      leaseUntil: ms(NOW, CALENDAR_LEASE_MS),
      claimId: expect.stringMatching(/^run_[0-9a-z]{16}$/),
      version: 1,
    });
    expect(seen).toEqual([{ record, roster: ROSTER, memory: undefined, now: NOW }]);
    expect(state).toEqual({ status: 'succeeded', at: NOW.toISOString(), version: 1 });
    const after = (await bookings.get(record.bookingId))!;
    expect(after.steps.calendar).toEqual(state);
    expect(after.converged?.calendar).toEqual({ fingerprint: 'fp-1', version: 1 });
    expect(bookings.outbox.get(record.bookingId)).toBeUndefined();
  });

  it('runs a booking as created, before any step remembered anything', async () => {
    // Prepare: the record as the create path holds it, without the store's empty memory
    const record = recordOf();
    await bookings.createOrGet(record);
    const { step, seen } = stepOf(succeeded());
    // Act
    const state = await protocol.run(step, record, async () => ROSTER);
    // Assess
    expect(seen[0]!.memory).toBeUndefined();
    expect(state).toEqual({ status: 'succeeded', at: NOW.toISOString(), version: 1 });
  });

  it('leaves a step another run holds to that run, answering with its state', async () => {
    // Prepare
    const record = await claimed(recordOf(), 'run_other');
    const { step, seen } = stepOf(succeeded());
    // Act
    const state = await protocol.run(step, record, async () => ROSTER);
    // Assess
    expect(seen).toEqual([]);
    expect(state).toEqual({ status: 'running', startedAt: NOW.toISOString(), leaseUntil: ms(NOW, CALENDAR_LEASE_MS), claimId: 'run_other', version: 1 });
  });

  it('answers with the state it was given when it cannot claim a booking that is gone', async () => {
    // Prepare: never stored
    const record = recordOf({ steps: { ...recordOf().steps, calendar: { status: 'failed', at: NOW.toISOString(), reason: 'x', retryable: true, attempts: 1 } } });
    const { step, seen } = stepOf(succeeded());
    // Act
    const state = await protocol.run(step, record, async () => ROSTER);
    // Assess
    expect(seen).toEqual([]);
    expect(state).toEqual(record.steps.calendar);
  });

  it('runs under the claim it is given without claiming again', async () => {
    // Prepare
    const record = await claimed(recordOf(), 'run_given');
    const claims: StepClaim[] = [];
    const claimStep = bookings.claimStep.bind(bookings);
    bookings.claimStep = async (...args) => {
      claims.push(args[2]);
      return claimStep(...args);
    };
    const { step } = stepOf(succeeded());
    // Act
    const state = await protocol.run(step, record, async () => ROSTER, 'run_given');
    // Assess
    expect(claims).toEqual([]);
    expect(state).toEqual({ status: 'succeeded', at: NOW.toISOString(), version: 1 });
    expect((await bookings.get(record.bookingId))!.steps.calendar).toEqual(state);
  });

  it('gives the step what it last brought its system to, and keeps what the outcome does not replace', async () => {
    // Prepare
    const memory: StepMemory = { version: 1, fingerprint: 'fp-old', scheduled: ['a'] };
    const record = await claimed(recordOf({ converged: { calendar: memory } }));
    const { step, seen } = stepOf({ state: { status: 'succeeded', at: NOW.toISOString() }, memory: { fingerprint: 'fp-new' } });
    // Act
    await protocol.run(step, record, async () => ROSTER, 'run_given');
    // Assess
    expect(seen[0]!.memory).toEqual(memory);
    expect((await bookings.get(record.bookingId))!.converged?.calendar).toEqual({ version: 1, fingerprint: 'fp-new', scheduled: ['a'] });
  });

  it('keeps the stored memory when the outcome brings none', async () => {
    // Prepare
    const memory: StepMemory = { version: 1, fingerprint: 'fp-old' };
    const record = await claimed(recordOf({ converged: { calendar: memory } }));
    const { step } = stepOf({ state: { status: 'failed', at: NOW.toISOString(), reason: 'Google said no', retryable: false, attempts: 1 } });
    // Act
    await protocol.run(step, record, async () => ROSTER, 'run_given');
    // Assess
    expect((await bookings.get(record.bookingId))!.converged?.calendar).toEqual(memory);
  });

  it('records a failure with a step_failed event in the same write', async () => {
    // Prepare
    const record = await claimed(recordOf());
    const at = ms(NOW, 2_000);
    const { step } = stepOf({ state: { status: 'failed', at, reason: 'Google Calendar is down', retryable: true, attempts: 3 } });
    // Act
    const state = await protocol.run(step, record, async () => ROSTER, 'run_given');
    // Assess
    expect(state).toEqual({ status: 'failed', at, reason: 'Google Calendar is down', retryable: true, attempts: 3, version: 1 });
    expect(bookings.outbox.get(record.bookingId)).toEqual([
      expect.objectContaining({ type: 'booking.step_failed', at, bookingId: record.bookingId, data: expect.objectContaining({ step: 'calendar', reason: 'Google Calendar is down', retryable: true }) }),
    ]);
  });

  it('records a step that throws as an unexpected, final failure at the time it ran', async () => {
    // Prepare
    const record = await claimed(recordOf());
    const step: BookingStep = {
      name: 'calendar',
      converge: async () => {
        now = new Date(NOW.getTime() + 1_000);
        throw new RangeError('Invalid time value');
      },
    };
    // Act
    const state = await protocol.run(step, record, async () => ROSTER, 'run_given');
    // Assess
    expect(state).toEqual({ status: 'failed', at: ms(NOW, 1_000), reason: 'Unexpected error: Invalid time value', retryable: false, attempts: 1, version: 1 });
  });

  it('shows a thrown non-error by its text', async () => {
    // Prepare
    const record = await claimed(recordOf());
    const step: BookingStep = {
      name: 'calendar',
      converge: async () => {
        throw 'lost';
      },
    };
    // Act
    const state = await protocol.run(step, record, async () => ROSTER, 'run_given');
    // Assess
    expect(state).toMatchObject({ status: 'failed', reason: 'Unexpected error: lost' });
  });

  describe('history', () => {
    async function historyAfter(outcome: StepOutcome, overrides: Partial<BookingRecord> = {}): Promise<HistoryEntry[]> {
      const record = await claimed(recordOf(overrides));
      await protocol.run(stepOf(outcome).step, record, async () => ROSTER, 'run_given');
      return bookings.listHistory(record.bookingId);
    }

    it('leaves out what the outcome does not say, even a count it left undefined', async () => {
      // Act
      const lines = await historyAfter({ state: { status: 'succeeded', at: NOW.toISOString(), sent: undefined } });
      // Assess
      expect(lines).toStrictEqual([{ version: 1, at: NOW.toISOString(), actor: 'service-key', kind: 'step', step: { name: 'calendar', status: 'succeeded' } }]);
    });

    it("adds a line for the outcome, by the change's actor", async () => {
      // Act
      const lines = await historyAfter(
        { state: { status: 'failed', at: ms(NOW, 5), reason: 'refused', retryable: false, attempts: 1 } },
        { version: 1, lastChange: { version: 1, at: NOW.toISOString(), actor: 'console', kind: 'changed' } },
      );
      // Assess
      expect(lines).toStrictEqual([{ version: 1, at: ms(NOW, 5), actor: 'console', kind: 'step', step: { name: 'calendar', status: 'failed', reason: 'refused' } }]);
    });

    it('names the service key when the booking has no recorded change, and shows a note as the reason', async () => {
      // Act
      const lines = await historyAfter({ state: { status: 'succeeded', at: NOW.toISOString(), note: 'nothing to change' } });
      // Assess
      expect(lines).toStrictEqual([
        { version: 1, at: NOW.toISOString(), actor: 'service-key', kind: 'step', step: { name: 'calendar', status: 'succeeded', reason: 'nothing to change' } },
      ]);
    });

    it('shows how many were sent, even none, and no reason for an empty note', async () => {
      // Act
      const lines = await historyAfter({ state: { status: 'succeeded', at: NOW.toISOString(), sent: 0, note: '' } });
      // Assess
      expect(lines[0]!.step).toStrictEqual({ name: 'calendar', status: 'succeeded', sent: 0 });
    });

    it('adds no line for a step left pending', async () => {
      // Act
      const lines = await historyAfter({ state: { status: 'pending' } });
      // Assess
      expect(lines).toEqual([]);
    });

    it('adds no line for a step left running', async () => {
      // Act
      const lines = await historyAfter({ state: { status: 'running', startedAt: NOW.toISOString(), leaseUntil: ms(NOW, 1) } });
      // Assess
      expect(lines).toEqual([]);
    });

    it('does not fail the run when the line cannot be written', async () => {
      // Prepare
      const record = await claimed(recordOf());
      bookings.appendHistory = async () => {
        throw new Error('throttled');
      };
      // Act
      const state = await protocol.run(stepOf(succeeded()).step, record, async () => ROSTER, 'run_given');
      // Assess
      expect(state).toEqual({ status: 'succeeded', at: NOW.toISOString(), version: 1 });
    });
  });

  describe('when the outcome cannot be saved', () => {
    it('says so, frees the step for a retry and records that on the booking', async () => {
      // Prepare
      const record = await claimed(recordOf());
      const recordStep = bookings.recordStep.bind(bookings);
      let calls = 0;
      bookings.recordStep = async (...args) => {
        calls++;
        if (calls === 1) throw new Error('ProvisionedThroughputExceeded');
        return recordStep(...args);
      };
      const { step } = stepOf(() => {
        now = new Date(NOW.getTime() + 3_000);
        return succeeded(NOW);
      });
      // Act
      const state = await protocol.run(step, record, async () => ROSTER, 'run_given');
      // Assess
      const expected = {
        status: 'failed',
        at: ms(NOW, 3_000),
        reason: 'The step ran but its outcome could not be saved (ProvisionedThroughputExceeded); retry to confirm',
        retryable: true,
        attempts: 1,
        version: 1,
      };
      expect(state).toEqual(expected);
      expect(calls).toBe(2);
      const after = (await bookings.get(record.bookingId))!;
      expect(after.steps.calendar).toEqual(expected);
      expect(after.converged?.calendar).toBeUndefined();
    });

    it('answers the same when saving that fails too, naming a thrown non-error by its text', async () => {
      // Prepare
      const record = await claimed(recordOf());
      bookings.recordStep = async () => {
        throw 'connection reset';
      };
      // Act
      const state = await protocol.run(stepOf(succeeded()).step, record, async () => ROSTER, 'run_given');
      // Assess
      expect(state).toMatchObject({
        status: 'failed',
        reason: 'The step ran but its outcome could not be saved (connection reset); retry to confirm',
        retryable: true,
      });
    });
  });

  describe('when the booking moves on during the run', () => {
    /** Stores a newer version of the booking, as a change does while the step runs. */
    async function change(bookingId: string) {
      const current = (await bookings.get(bookingId))!;
      await bookings.saveChange({ ...current, version: current.version + 1, payloadHash: `hash-${current.version + 1}`, updatedAt: now.toISOString() }, current.version);
    }

    it('converges again to the newer version, with a lease from then, and records that', async () => {
      // Prepare
      const record = await claimed(recordOf());
      let leaseInRoundTwo: StepState | undefined;
      const { step, seen } = stepOf(
        async () => {
          now = new Date(NOW.getTime() + 60_000);
          await change(record.bookingId);
          return { state: { status: 'succeeded', at: NOW.toISOString() }, memory: { fingerprint: 'fp-v1' } };
        },
        async () => {
          leaseInRoundTwo = (await bookings.get(record.bookingId))!.steps.calendar;
          return { state: { status: 'succeeded', at: now.toISOString() }, memory: { fingerprint: 'fp-v2' } };
        },
      );
      // Act
      const state = await protocol.run(step, record, async () => ROSTER, 'run_given');
      // Assess
      expect(seen.map((context) => context.record.version)).toEqual([1, 2]);
      expect(leaseInRoundTwo).toMatchObject({ status: 'running', claimId: 'run_given', version: 2, leaseUntil: ms(NOW, 60_000 + CALENDAR_LEASE_MS) });
      expect(state).toEqual({ status: 'succeeded', at: ms(NOW, 60_000), version: 2 });
      const after = (await bookings.get(record.bookingId))!;
      expect(after.steps.calendar).toEqual(state);
      expect(after.converged?.calendar).toEqual({ fingerprint: 'fp-v2', version: 2 });
      expect((await bookings.listHistory(record.bookingId))[0]).toMatchObject({ version: 2, at: ms(NOW, 60_000), step: { name: 'calendar', status: 'succeeded' } });
    });

    it('follows a booking that keeps changing for 5 rounds, then lets go without recording', async () => {
      // Prepare
      const record = await claimed(recordOf());
      const { step, seen } = stepOf(async (context) => {
        await change(context.record.bookingId);
        return succeeded();
      });
      // Act
      const state = await protocol.run(step, record, async () => ROSTER, 'run_given');
      // Assess
      expect(seen.map((context) => context.record.version)).toEqual([1, 2, 3, 4, 5]);
      expect(state).toEqual({ status: 'succeeded', at: NOW.toISOString(), version: 5 });
      const after = (await bookings.get(record.bookingId))!;
      expect(after.version).toBe(6);
      expect(after.steps.calendar).toMatchObject({ status: 'running', claimId: 'run_given', version: 5 });
    });

    it('stops when its lease ran out and another run took the step: that run has the last word', async () => {
      // Prepare
      const record = await claimed(recordOf());
      const { step, seen } = stepOf(async () => {
        now = new Date(NOW.getTime() + CALENDAR_LEASE_MS + 1);
        await bookings.claimStep(record.bookingId, 'calendar', { claimId: 'run_other', version: 1 }, now, protocol.leaseUntil('calendar', now));
        return succeeded();
      });
      // Act
      const state = await protocol.run(step, record, async () => ROSTER, 'run_given');
      // Assess
      expect(seen).toHaveLength(1);
      expect(state).toMatchObject({ status: 'running', claimId: 'run_other' });
      expect((await bookings.get(record.bookingId))!.steps.calendar).toEqual(state);
    });

    it('lets the run that took the step over have the last word even in its last round', async () => {
      // Prepare: four changes, then its lease runs out and another run claims the step
      const record = await claimed(recordOf());
      const { step, seen } = stepOf(async (context) => {
        if (context.record.version < 5) await change(context.record.bookingId);
        else {
          now = new Date(NOW.getTime() + CALENDAR_LEASE_MS + 1);
          await bookings.claimStep(record.bookingId, 'calendar', { claimId: 'run_other', version: 5 }, now, protocol.leaseUntil('calendar', now));
        }
        return succeeded();
      });
      // Act
      const state = await protocol.run(step, record, async () => ROSTER, 'run_given');
      // Assess
      expect(seen).toHaveLength(5);
      expect(state).toMatchObject({ status: 'running', claimId: 'run_other', version: 5 });
    });

    it('stops when the step was finished by another run meanwhile, answering with that outcome', async () => {
      // Prepare
      const record = await claimed(recordOf());
      const finished: StepState = { status: 'succeeded', at: ms(NOW, 10), version: 1 };
      const { step, seen } = stepOf(async () => {
        bookings.records.get(record.bookingId)!.steps.calendar = finished;
        return { state: { status: 'failed', at: NOW.toISOString(), reason: 'late', retryable: true, attempts: 1 } };
      });
      // Act
      const state = await protocol.run(step, record, async () => ROSTER, 'run_given');
      // Assess
      expect(seen).toHaveLength(1);
      expect(state).toEqual(finished);
    });

    it('answers with its own outcome when the booking is gone', async () => {
      // Prepare
      const record = await claimed(recordOf());
      const { step } = stepOf(async () => {
        bookings.records.delete(record.bookingId);
        return succeeded();
      });
      // Act
      const state = await protocol.run(step, record, async () => ROSTER, 'run_given');
      // Assess
      expect(state).toEqual({ status: 'succeeded', at: NOW.toISOString(), version: 1 });
    });

    it('stops when its claim cannot be moved to the newer version, answering with the stored state', async () => {
      // Prepare
      const record = await claimed(recordOf());
      const taken: StepState = { status: 'running', startedAt: ms(NOW, 1), leaseUntil: ms(NOW, 2), claimId: 'run_other', version: 2 };
      bookings.extendClaim = async (bookingId) => {
        bookings.records.get(bookingId)!.steps.calendar = taken;
        return false;
      };
      const { step, seen } = stepOf(async () => {
        await change(record.bookingId);
        return succeeded();
      });
      // Act
      const state = await protocol.run(step, record, async () => ROSTER, 'run_given');
      // Assess
      expect(seen).toHaveLength(1);
      expect(state).toEqual(taken);
    });

    it('answers with its own outcome when its claim cannot be moved and the booking is gone', async () => {
      // Prepare
      const record = await claimed(recordOf());
      bookings.extendClaim = async (bookingId) => {
        bookings.records.delete(bookingId);
        return false;
      };
      const { step } = stepOf(async () => {
        await change(record.bookingId);
        return succeeded();
      });
      // Act
      const state = await protocol.run(step, record, async () => ROSTER, 'run_given');
      // Assess
      expect(state).toEqual({ status: 'succeeded', at: NOW.toISOString(), version: 1 });
    });
  });
});
