import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleInput,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { DependencyRejectedError, DependencyUnavailableError, type PlannedReminder, type ReminderScheduler } from '@scc/core';
import { awsErrorName, classifyAwsError } from '../aws-errors';

/** Where every reminder schedule lives and what it invokes (infra/reminders.ts makes them). */
export interface ReminderSchedulerTarget {
  groupName: string;
  /** The reminder Lambda. */
  targetArn: string;
  /** The role Scheduler assumes to invoke it (and to dead-letter). */
  roleArn: string;
  /** The SQS queue a firing goes to once Scheduler gives up on it. */
  deadLetterArn: string;
}

/** Scheduler's own retries when the Lambda fails, before the dead-letter queue. */
export const RETRY_POLICY = { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 6 * 60 * 60 };

/** `at(2026-07-03T01:00:00)`: Scheduler's one-time expression, read in the zone given beside it (UTC). */
export function atExpression(at: Date): string {
  return `at(${at.toISOString().slice(0, 19)})`;
}

/**
 * Reminders as EventBridge Scheduler one-time schedules: created (or, when the name exists,
 * updated to the new time and payload), deleted by Scheduler itself once fired
 * (`ActionAfterCompletion: DELETE`), and deleted by name when a booking moves on.
 */
export class EventBridgeReminderScheduler implements ReminderScheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly target: ReminderSchedulerTarget,
  ) {}

  async upsert(reminder: PlannedReminder, signal?: AbortSignal): Promise<void> {
    const input = this.inputOf(reminder);
    try {
      await this.client.send(new CreateScheduleCommand(input), { abortSignal: signal });
      return;
    } catch (error) {
      if (!(error instanceof ConflictException)) throw mapped('CreateSchedule', error);
    }
    try {
      await this.client.send(new UpdateScheduleCommand(input), { abortSignal: signal });
    } catch (error) {
      throw mapped('UpdateSchedule', error);
    }
  }

  async remove(name: string, signal?: AbortSignal): Promise<void> {
    try {
      await this.client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.target.groupName }), { abortSignal: signal });
    } catch (error) {
      // Fired (and deleted by Scheduler), or never made: either way it is gone.
      if (error instanceof ResourceNotFoundException) return;
      throw mapped('DeleteSchedule', error);
    }
  }

  private inputOf(reminder: PlannedReminder): CreateScheduleInput {
    const { groupName, targetArn, roleArn, deadLetterArn } = this.target;
    const { bookingId, kind, version } = reminder.payload;
    return {
      Name: reminder.name,
      GroupName: groupName,
      ScheduleExpression: atExpression(reminder.at),
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Target: {
        Arn: targetArn,
        RoleArn: roleArn,
        // The payload's own fields only: the reminder Lambda reads everything else afresh.
        Input: JSON.stringify({ bookingId, kind, version }),
        DeadLetterConfig: { Arn: deadLetterArn },
        RetryPolicy: RETRY_POLICY,
      },
    };
  }
}

function mapped(operation: string, error: unknown): unknown {
  const details = { dependency: 'scheduler', operation, awsError: awsErrorName(error) };
  switch (classifyAwsError(error)) {
    case 'unavailable':
      return new DependencyUnavailableError('EventBridge Scheduler is unavailable or throttling; try again', { details, cause: error });
    case 'rejected': {
      const message = error instanceof Error && error.message ? error.message : (details.awsError ?? 'no reason given');
      return new DependencyRejectedError(`EventBridge Scheduler refused the schedule: ${message}`, { details, cause: error });
    }
    default:
      return error;
  }
}
