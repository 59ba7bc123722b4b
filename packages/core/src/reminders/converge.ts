import type { BookingRecord } from '../booking/schema';
import { runStep, type Sleep, type StepPolicy } from '../booking/step-runner';
import type { OperatorSettings } from '../settings/operator-settings';
import { planReminders } from './plan';
import type { ReminderScheduler } from './ports';

export interface ConvergeInput {
  scheduler: ReminderScheduler;
  record: BookingRecord;
  /** The schedule names the step left in place last time. */
  previous: readonly string[];
  settings: OperatorSettings;
  now: Date;
  policy: StepPolicy;
  sleep: Sleep;
}

export interface Converged {
  /** Every schedule that may exist now: the next run removes what is not planned by then. */
  scheduled: string[];
  planned: { name: string; at: string }[];
  problems: { reason: string; retryable: boolean }[];
}

/**
 * Brings the scheduler to the booking's current version: its planned reminders upserted, every
 * other schedule the step made before removed (an older version's, or all of them for a
 * cancelled or finished trip). Names carry the version, so an old schedule is never reused.
 */
export async function convergeReminders(input: ConvergeInput): Promise<Converged> {
  const { scheduler, policy, sleep } = input;
  const plan = planReminders(input.record, input.settings, input.now);
  const wanted = new Set(plan.map((r) => r.name));
  const stale = input.previous.filter((name) => !wanted.has(name));
  const [upserts, removals] = await Promise.all([
    Promise.all(plan.map((reminder) => runStep(policy, (signal) => scheduler.upsert(reminder, signal), sleep))),
    Promise.all(stale.map((name) => runStep(policy, (signal) => scheduler.remove(name, signal), sleep))),
  ]);
  const problems = [
    ...upserts.flatMap((r, i) => (r.ok ? [] : [{ reason: `could not schedule ${plan[i]?.name}: ${r.reason}`, retryable: r.retryable }])),
    ...removals.flatMap((r, i) => (r.ok ? [] : [{ reason: `could not remove ${stale[i]}: ${r.reason}`, retryable: r.retryable }])),
  ];
  // A failed upsert may still have created its schedule, and a failed removal left its own.
  const kept = stale.filter((_, i) => !removals[i]?.ok);
  return {
    scheduled: [...plan.map((r) => r.name), ...kept],
    planned: plan.map((r) => ({ name: r.name, at: r.at.toISOString() })),
    problems,
  };
}
