import { stepFailedEventOf } from '../webhooks/booking-events';
import { newId } from '../ids';
import type { BookingRepository, StepClaim } from './repository';
import type { BookingRecord, HistoryEntry, StepMemory, StepName, StepState } from './schema';
import type { StepPolicy } from './step-runner';
import type { BookingStep, Roster, StepOutcome } from './steps/step';

/** Rounds a run may follow a booking that keeps changing under it before it lets go. */
const MAX_ROUNDS = 5;

export interface RunProtocolDeps {
  bookings: BookingRepository;
  clock: () => Date;
  policies: Record<StepName, StepPolicy>;
}

/**
 * How one step of one booking runs, whoever starts it (create, change, cancel, retry):
 * claim it with a lease (one writer per system at a time), converge, then record the outcome
 * on the condition that the run still holds the claim and the booking is still at the
 * version it converged to. If the booking moved on meanwhile, the holder converges again to
 * the newer version before it lets go, so a slow run for version 2 never has the last word
 * over version 3; if its claim was taken (its lease ran out), it stops.
 */
export class RunProtocol {
  constructor(private readonly deps: RunProtocolDeps) {}

  newClaimId(): string {
    return newId('run');
  }

  leaseUntil(name: StepName, now = this.deps.clock()): Date {
    const { timeoutMs, attempts, backoffMs } = this.deps.policies[name];
    // Long enough for every attempt and backoff, plus slack for the bookkeeping around them.
    return new Date(now.getTime() + attempts * timeoutMs + backoffMs * 2 ** attempts + 5_000);
  }

  /** A step already claimed by this run (in the write that created the booking). */
  claimedState(name: StepName, claimId: string, version: number, now = this.deps.clock()): StepState {
    return { status: 'running', startedAt: now.toISOString(), leaseUntil: this.leaseUntil(name, now).toISOString(), claimId, version };
  }

  /** Another run is working on it and its lease has not run out. */
  isHeld(state: StepState, now = this.deps.clock()): boolean {
    return state.status === 'running' && Date.parse(state.leaseUntil) >= now.getTime();
  }

  isConverged(record: BookingRecord, name: StepName): boolean {
    const state = record.steps[name];
    return state.status === 'succeeded' && state.version === record.version;
  }

  /**
   * Runs `step` for `record`. `claimId` is given when the step is already claimed by the
   * caller; otherwise it is claimed here, and a step someone else holds is left to them.
   */
  async run(step: BookingStep, record: BookingRecord, roster: () => Promise<Roster>, claimId?: string): Promise<StepState> {
    const { bookings, clock } = this.deps;
    let claim: StepClaim = { claimId: claimId ?? this.newClaimId(), version: record.version };
    if (!claimId) {
      const now = clock();
      if (!(await bookings.claimStep(record.bookingId, step.name, claim, now, this.leaseUntil(step.name, now)))) {
        return (await bookings.get(record.bookingId))?.steps[step.name] ?? record.steps[step.name];
      }
    }
    let current = record;
    for (let round = 1; ; round++) {
      const memory = current.converged?.[step.name];
      const outcome = await this.converge(step, current, await roster(), memory);
      const state = { ...outcome.state, version: current.version } as StepState;
      const nextMemory: StepMemory | undefined = outcome.memory
        ? { ...memory, ...outcome.memory, version: current.version }
        : undefined;
      let recorded: boolean;
      try {
        const failed = stepFailedEventOf(current, step.name, state, clock);
        recorded = await bookings.recordStep(current.bookingId, step.name, state, nextMemory, claim, failed ? [failed] : []);
      } catch (error) {
        return this.unsaved(current, step.name, claim, error);
      }
      if (recorded) {
        await this.appendStepHistory(current, step.name, state);
        return state;
      }
      const latest = await bookings.get(current.bookingId);
      const held = latest?.steps[step.name];
      // Our claim was taken over: whoever holds it now has the last word.
      if (!latest || held?.status !== 'running' || held.claimId !== claim.claimId) return held ?? state;
      if (round >= MAX_ROUNDS) return state;
      claim = { claimId: claim.claimId, version: latest.version };
      if (!(await bookings.extendClaim(latest.bookingId, step.name, claim, this.leaseUntil(step.name)))) {
        return (await bookings.get(latest.bookingId))?.steps[step.name] ?? state;
      }
      current = latest;
    }
  }

  private async converge(step: BookingStep, record: BookingRecord, roster: Roster, memory: StepMemory | undefined): Promise<StepOutcome> {
    try {
      return await step.converge({ record, roster, memory, now: this.deps.clock() });
    } catch (error) {
      // Steps report failures as outcomes; reaching here is a bug, shown on the booking.
      const message = error instanceof Error ? error.message : String(error);
      return {
        state: { status: 'failed', at: this.deps.clock().toISOString(), reason: `Unexpected error: ${message}`, retryable: false, attempts: 1 },
      };
    }
  }

  /**
   * The work is done (and idempotent) but its outcome is not saved: say so and free the step
   * for a retry, which confirms it without repeating any side effect.
   */
  private async unsaved(record: BookingRecord, name: StepName, claim: StepClaim, error: unknown): Promise<StepState> {
    const message = error instanceof Error ? error.message : String(error);
    const state: StepState = {
      status: 'failed',
      at: this.deps.clock().toISOString(),
      reason: `The step ran but its outcome could not be saved (${message}); retry to confirm`,
      retryable: true,
      attempts: 1,
      version: record.version,
    };
    await this.deps.bookings.recordStep(record.bookingId, name, state, undefined, claim).catch(() => undefined);
    return state;
  }

  private async appendStepHistory(record: BookingRecord, name: StepName, state: StepState): Promise<void> {
    if (state.status === 'running' || state.status === 'pending') return;
    const entry: HistoryEntry = {
      version: record.version,
      at: state.at,
      actor: record.lastChange?.actor ?? 'service-key',
      kind: 'step',
      step: {
        name,
        status: state.status,
        ...('reason' in state ? { reason: state.reason } : {}),
        ...('note' in state && state.note ? { reason: state.note } : {}),
        ...('sent' in state && state.sent !== undefined ? { sent: state.sent } : {}),
      },
    };
    // The history is a log for people; a lost line must not fail the booking.
    await this.deps.bookings.appendHistory(record.bookingId, entry).catch(() => undefined);
  }
}
