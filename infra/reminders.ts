import { functionBase } from './lambda';
import { reminderFunctionName } from './reminder-schedules';

// The reminders' two functions. Both run the API's code with its settings and permissions
// (functionBase); the schedule group, dead-letter queue and invoking role are in
// infra/reminder-schedules.ts.

// The target of every one-time reminder schedule: it reads the booking and sends the emails
// (packages/api/src/reminder-lambda.ts). Named, so its ARN is known before it exists.
export const reminderFunction = new sst.aws.Function('SccReminder', {
  ...functionBase,
  name: reminderFunctionName,
  handler: 'packages/api/src/reminder-lambda.handler',
  // One booking's reminder: a few emails, each with the mailer's own timeout.
  timeout: '1 minute',
});

// The operator's morning digest. Every 15 minutes; the handler sends only at or past the
// operator's digest time in their zone, and once a day (the date's claim).
export const digestCron = new sst.aws.Cron('SccDigest', {
  schedule: 'rate(15 minutes)',
  function: {
    ...functionBase,
    handler: 'packages/api/src/digest-lambda.handler',
    timeout: '2 minutes',
  },
});
