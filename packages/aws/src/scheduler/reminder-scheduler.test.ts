import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  ThrottlingException,
  UpdateScheduleCommand,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { DependencyRejectedError, DependencyUnavailableError, type PlannedReminder } from '@scc/core';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { atExpression, EventBridgeReminderScheduler, RETRY_POLICY } from './reminder-scheduler';

// No Scheduler emulator exists; the SDK client is stubbed at `send`.
const client = new SchedulerClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const mock = mockClient(client);
afterEach(() => mock.reset());

const target = {
  groupName: 'scc-production-reminders',
  targetArn: 'arn:aws:lambda:us-east-1:123456789012:function:scc-production-SccReminder',
  roleArn: 'arn:aws:iam::123456789012:role/scc-production-SccReminderInvoker',
  deadLetterArn: 'arn:aws:sqs:us-east-1:123456789012:scc-production-SccRemindersDlq',
};
const scheduler = new EventBridgeReminderScheduler(client, target);

const reminder: PlannedReminder = {
  name: 'scc.bk_0123456789abcdefghijklmnop.crew.v3',
  // 18:00 in Los Angeles on 3 July (PDT, UTC−7).
  at: new Date('2026-07-04T01:00:00.000Z'),
  payload: { bookingId: 'bk_0123456789abcdefghijklmnop', kind: 'crewReminder', version: 3 },
};

const expectedInput = {
  Name: 'scc.bk_0123456789abcdefghijklmnop.crew.v3',
  GroupName: 'scc-production-reminders',
  ScheduleExpression: 'at(2026-07-04T01:00:00)',
  ScheduleExpressionTimezone: 'UTC',
  FlexibleTimeWindow: { Mode: 'OFF' },
  ActionAfterCompletion: 'DELETE',
  State: 'ENABLED',
  Target: {
    Arn: target.targetArn,
    RoleArn: target.roleArn,
    Input: '{"bookingId":"bk_0123456789abcdefghijklmnop","kind":"crewReminder","version":3}',
    DeadLetterConfig: { Arn: target.deadLetterArn },
    RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 21600 },
  },
};

const meta = { $metadata: { httpStatusCode: 409 } };

describe('EventBridgeReminderScheduler', () => {
  it('creates a one-time schedule at the UTC instant, deleted after it fires, with the payload, role and dead-letter queue', async () => {
    mock.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:aws:scheduler:us-east-1:123456789012:schedule/g/n' });

    await scheduler.upsert(reminder);

    const calls = mock.commandCalls(CreateScheduleCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual(expectedInput);
    expect(mock.commandCalls(UpdateScheduleCommand)).toHaveLength(0);
    expect(RETRY_POLICY).toEqual(expectedInput.Target.RetryPolicy);
  });

  it('updates the schedule with the same request when the name exists already (ConflictException)', async () => {
    mock.on(CreateScheduleCommand).rejects(new ConflictException({ message: 'Schedule already exists.', Message: 'Schedule already exists.', ...meta }));
    mock.on(UpdateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    const moved = { ...reminder, at: new Date('2026-07-05T01:00:00.000Z') };

    await scheduler.upsert(moved);

    const updates = mock.commandCalls(UpdateScheduleCommand);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.args[0].input).toEqual({ ...expectedInput, ScheduleExpression: 'at(2026-07-05T01:00:00)' });
  });

  it('deletes by name in the group, and a schedule already gone is fine', async () => {
    mock.on(DeleteScheduleCommand).resolvesOnce({}).rejectsOnce(new ResourceNotFoundException({ message: 'Schedule not found', Message: 'Schedule not found', $metadata: { httpStatusCode: 404 } }));

    await scheduler.remove(reminder.name);
    await scheduler.remove(reminder.name);

    const calls = mock.commandCalls(DeleteScheduleCommand);
    expect(calls.map((c) => c.args[0].input)).toEqual([
      { Name: reminder.name, GroupName: target.groupName },
      { Name: reminder.name, GroupName: target.groupName },
    ]);
  });

  it('passes the caller’s abort signal to the SDK', async () => {
    mock.on(CreateScheduleCommand).resolves({});
    const signal = new AbortController().signal;

    await scheduler.upsert(reminder, signal);

    expect((mock.commandCalls(CreateScheduleCommand)[0]?.args as unknown[] | undefined)?.[1]).toEqual({ abortSignal: signal });
  });

  it('maps throttling to DependencyUnavailableError and a refusal to DependencyRejectedError, with the cause', async () => {
    const throttled = new ThrottlingException({ message: 'Rate exceeded', Message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } });
    const invalid = new ValidationException({ message: 'The expression is in the past', Message: 'The expression is in the past', $metadata: { httpStatusCode: 400 } });
    mock.on(CreateScheduleCommand).rejectsOnce(throttled).rejectsOnce(invalid);
    mock.on(DeleteScheduleCommand).rejects(throttled);

    const first = await scheduler.upsert(reminder).catch((e: unknown) => e);
    const second = await scheduler.upsert(reminder).catch((e: unknown) => e);
    const third = await scheduler.remove(reminder.name).catch((e: unknown) => e);

    expect(first).toBeInstanceOf(DependencyUnavailableError);
    expect((first as DependencyUnavailableError).cause).toBe(throttled);
    expect((first as DependencyUnavailableError).details).toEqual({ dependency: 'scheduler', operation: 'CreateSchedule', awsError: 'ThrottlingException' });
    expect(second).toBeInstanceOf(DependencyRejectedError);
    expect((second as Error).message).toBe('EventBridge Scheduler refused the schedule: The expression is in the past');
    expect(third).toBeInstanceOf(DependencyUnavailableError);
    expect((third as DependencyUnavailableError).details.operation).toBe('DeleteSchedule');
  });

  it('writes the instant in UTC to the second', () => {
    expect(atExpression(new Date('2026-03-08T09:59:59.999Z'))).toBe('at(2026-03-08T09:59:59)');
  });
});
