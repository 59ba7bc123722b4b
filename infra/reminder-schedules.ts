// What the reminder schedules need before any function exists: their group, their dead-letter
// queue and the role EventBridge Scheduler assumes to invoke the reminder Lambda. Every
// function built on `functionBase` (infra/lambda.ts) is told these, because any of them may
// run a booking's steps (the API, the channel sync), and the reminders step creates, moves
// and deletes schedules. The reminder Lambda itself is in infra/reminders.ts.
//
// The Lambda's ARN is known here before the Lambda exists, from the name it is given: the
// role's policy and the functions' settings name it, while the Lambda is built from
// `functionBase`, which carries those settings. Deriving the ARN breaks that cycle.

const FOURTEEN_DAYS = 14 * 86400;

const identity = aws.getCallerIdentityOutput({});
const region = aws.getRegionOutput({});

/** `shipcaptaincrew-production-SccReminder`: the reminder Lambda's fixed name (at most 64 characters). */
export const reminderFunctionName = `${$app.name}-${$app.stage}-SccReminder`;
export const reminderFunctionArn = $interpolate`arn:aws:lambda:${region.name}:${identity.accountId}:function:${reminderFunctionName}`;

export const reminderGroup = new aws.scheduler.ScheduleGroup('SccReminderGroup', {
  name: `${$app.name}-${$app.stage}-reminders`,
});

/** The ARN prefix of every schedule in the group: the API may create and delete only these. */
export const reminderSchedulesArn = $interpolate`arn:aws:scheduler:${region.name}:${identity.accountId}:schedule/${reminderGroup.name}`;

// A firing Scheduler gave up on (the Lambda kept failing past the retry policy), kept for
// someone to look at; reminders are not re-sent from it automatically.
export const reminderDeadLetters = new sst.aws.Queue('SccRemindersDlq', {
  transform: { queue: { messageRetentionSeconds: FOURTEEN_DAYS } },
});

// Scheduler assumes this role to invoke the reminder Lambda, and to dead-letter a firing.
// Only Scheduler, and only for schedules of this account.
export const reminderInvoker = new aws.iam.Role('SccReminderInvoker', {
  assumeRolePolicy: $jsonStringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': identity.accountId } },
      },
    ],
  }),
  inlinePolicies: [
    {
      name: 'invoke-reminders',
      policy: $jsonStringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: [reminderFunctionArn, $interpolate`${reminderFunctionArn}:*`] },
          { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: reminderDeadLetters.arn },
        ],
      }),
    },
  ],
});

/** What packages/api/src/aws-settings.ts reads, on every function. */
export const reminderEnvironment = {
  SCC_REMINDER_GROUP: reminderGroup.name,
  SCC_REMINDER_TARGET_ARN: reminderFunctionArn,
  SCC_REMINDER_ROLE_ARN: reminderInvoker.arn,
  SCC_REMINDER_DLQ_ARN: reminderDeadLetters.arn,
};
