// Loaded on first use (aws-outside.ts): a booking's one-time reminder schedules.
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { EventBridgeReminderScheduler, type ReminderSchedulerTarget } from '@scc/aws/scheduler/reminder-scheduler';

export const createReminderScheduler = (target: ReminderSchedulerTarget) => new EventBridgeReminderScheduler(new SchedulerClient({}), target);
