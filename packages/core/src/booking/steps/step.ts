import type { CrewMember } from '../../schemas/crew';
import type { BookingRecord, StepMemory, StepName, StepState } from '../schema';
import type { StepResult } from '../step-runner';

export type Roster = ReadonlyMap<string, CrewMember>;

/** What a step sees: the booking at the version it converges to, and what its system holds. */
export interface StepContext {
  record: BookingRecord;
  roster: Roster;
  /** What the step last brought its system to; absent before its first success. */
  memory: StepMemory | undefined;
  now: Date;
}

/** A step's outcome as data: its state (the protocol adds the version) and its new memory. */
export interface StepOutcome {
  state: DistributiveOmit<StepState, 'version'>;
  memory?: Omit<StepMemory, 'version'>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * One system a booking reaches. `converge` brings it to what the booking says now, whatever it
 * held before (nothing, an older version, a cancelled trip), so create, change, cancel and
 * retry are the same call. It never throws: failures are outcomes, shown to the operator.
 */
export interface BookingStep {
  name: StepName;
  converge(context: StepContext): Promise<StepOutcome>;
}

export function outcomeOf(result: StepResult<unknown>, at: Date, memory?: StepOutcome['memory']): StepOutcome {
  const time = at.toISOString();
  if (result.ok) return { state: { status: 'succeeded', at: time }, ...(memory ? { memory } : {}) };
  return { state: { status: 'failed', at: time, reason: result.reason, retryable: result.retryable, attempts: result.attempts } };
}
