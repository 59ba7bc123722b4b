import { convergeReminders } from '../../reminders/converge';
import type { ReminderScheduler } from '../../reminders/ports';
import { DEFAULT_SETTINGS, type OperatorSettings } from '../../settings/operator-settings';
import { realSleep, type Sleep, type StepPolicy } from '../step-runner';
import type { BookingStep } from './step';

export interface ReminderStepDeps {
  /** Absent when no scheduler is configured: the step is skipped, saying so. */
  scheduler?: ReminderScheduler;
  clock: () => Date;
  /** The reminder times and the upload grace; the defaults without a settings store. */
  settings?: () => Promise<OperatorSettings>;
  /** Per schedule call. */
  policy?: StepPolicy;
  sleep?: Sleep;
}

const DEFAULT_POLICY: StepPolicy = { timeoutMs: 8_000, attempts: 3, backoffMs: 250 };

/**
 * Keeps the booking's reminders planned for its current version: the version's schedules
 * upserted, the previous versions' removed (all of them on cancel), the names kept in the
 * step's memory. What a schedule sends is decided when it fires (ReminderService).
 */
export function remindersStep(deps: ReminderStepDeps): BookingStep {
  return {
    name: 'reminders',
    async converge({ record, memory, now }) {
      const at = () => deps.clock().toISOString();
      const { scheduler } = deps;
      if (!scheduler) return { state: { status: 'skipped', at: at(), reason: 'no reminder scheduler is configured' } };
      const settings = (await deps.settings?.()) ?? DEFAULT_SETTINGS;
      const result = await convergeReminders({
        scheduler,
        record,
        previous: memory?.scheduled ?? [],
        settings,
        now,
        policy: deps.policy ?? DEFAULT_POLICY,
        sleep: deps.sleep ?? realSleep,
      });
      const remembered = { scheduled: result.scheduled };
      if (result.problems.length > 0) {
        return {
          state: {
            status: 'failed',
            at: at(),
            reason: result.problems.map((p) => p.reason).join('; '),
            retryable: result.problems.some((p) => p.retryable),
            attempts: 1,
          },
          memory: remembered,
        };
      }
      const note = result.planned.length === 0 ? 'nothing to remind' : result.planned.map((p) => `${p.name.split('.').at(-2)} at ${p.at}`).join(', ');
      return { state: { status: 'succeeded', at: at(), note }, memory: remembered };
    },
  };
}
