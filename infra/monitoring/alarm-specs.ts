// What SCC alarms on, and when: plain data in the shape of aws.cloudwatch.MetricAlarm's
// arguments, so infra/monitoring/alarm-specs.test.ts can assert it; infra/monitoring/alarms.ts
// creates them. Every alarm notifies the SccAlarms SNS topic when it fires and when it clears.
//
// The thresholds are for one small charter operator: tens of bookings a day, a handful of
// crew emails per booking. Any Lambda error or throttle is worth a look at that volume.

/** The names the alarms watch, filled in by infra/monitoring/alarms.ts: strings here and in
 * tests, Pulumi outputs there (`N`). */
export interface Watched<N = string> {
  stage: string;
  functionName: N;
  /** The HTTP API's id (API Gateway v2). */
  apiId: N;
  tableName: N;
  /** The table's global secondary index. */
  indexName: N;
  /** The SES configuration set whose events go to CloudWatch (infra/monitoring/alarms.ts). */
  configSet: N;
}

export interface MetricQuery<N = string> {
  id: string;
  expression?: string;
  label?: string;
  returnData?: boolean;
  metric?: {
    namespace: string;
    metricName: string;
    dimensions: Record<string, N>;
    stat: string;
    period: number;
  };
}

export interface AlarmSpec<N = string> {
  /** Pulumi name suffix and CloudWatch alarm name part. */
  key: string;
  alarmDescription: string;
  comparisonOperator: 'GreaterThanOrEqualToThreshold';
  threshold: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  // No data means nothing happened (no invocations, no emails): not a breach.
  treatMissingData: 'notBreaching';
  namespace?: string;
  metricName?: string;
  dimensions?: Record<string, N>;
  statistic?: 'Sum' | 'Maximum' | 'Average';
  period?: number;
  metricQueries?: MetricQuery<N>[];
}

const FIVE_MINUTES = 300;
const ONE_DAY = 86400;

/** SES puts an account under review at a 5% bounce rate and at a 0.1% complaint rate. */
export const SES_BOUNCE_RATE = 0.05;
export const SES_COMPLAINT_RATE = 0.001;
/** Below this many sends in a day a rate says nothing (one bounce of ten is 10%). */
export const SES_MIN_DAILY_SENDS = 20;

function sumOver5Minutes<N>(namespace: string, metricName: string, dimensions: Record<string, N>) {
  return { namespace, metricName, dimensions, statistic: 'Sum' as const, period: FIVE_MINUTES };
}

const base = {
  comparisonOperator: 'GreaterThanOrEqualToThreshold' as const,
  treatMissingData: 'notBreaching' as const,
};

export function alarmSpecs<N = string>(w: Watched<N>): AlarmSpec<N>[] {
  return [
    {
      ...base,
      key: 'FunctionErrors',
      alarmDescription: `SCC ${w.stage}: the API Lambda failed (an uncaught error or a timeout); see its log group`,
      ...sumOver5Minutes('AWS/Lambda', 'Errors', { FunctionName: w.functionName }),
      threshold: 1,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
    },
    {
      ...base,
      key: 'FunctionThrottles',
      alarmDescription: `SCC ${w.stage}: the API Lambda was throttled (account concurrency exhausted)`,
      ...sumOver5Minutes('AWS/Lambda', 'Throttles', { FunctionName: w.functionName }),
      threshold: 1,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
    },
    {
      ...base,
      key: 'Api5xx',
      // 5xx from API Gateway itself: the Lambda failing or timing out (30 s) as seen by callers.
      alarmDescription: `SCC ${w.stage}: the API answered 5xx at least 3 times in 5 minutes`,
      ...sumOver5Minutes('AWS/ApiGateway', '5xx', { ApiId: w.apiId }),
      threshold: 3,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
    },
    {
      ...base,
      key: 'TableThrottles',
      // On-demand tables throttle only past their previous peak doubled or the table limits:
      // a runaway loop, not guests.
      alarmDescription: `SCC ${w.stage}: DynamoDB throttled reads or writes on the table or its index`,
      threshold: 1,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      metricQueries: [
        throttleQuery('tr', 'ReadThrottleEvents', { TableName: w.tableName }),
        throttleQuery('tw', 'WriteThrottleEvents', { TableName: w.tableName }),
        throttleQuery('ir', 'ReadThrottleEvents', { TableName: w.tableName, GlobalSecondaryIndexName: w.indexName }),
        throttleQuery('iw', 'WriteThrottleEvents', { TableName: w.tableName, GlobalSecondaryIndexName: w.indexName }),
        {
          id: 'throttles',
          expression: 'FILL(tr, 0) + FILL(tw, 0) + FILL(ir, 0) + FILL(iw, 0)',
          label: 'throttled requests',
          returnData: true,
        },
      ],
    },
    sesRate(w, 'EmailBounceRate', 'Bounce', SES_BOUNCE_RATE, 'bounced'),
    sesRate(w, 'EmailComplaintRate', 'Complaint', SES_COMPLAINT_RATE, 'were marked as spam'),
  ];
}

function throttleQuery<N>(id: string, metricName: string, dimensions: Record<string, N>): MetricQuery<N> {
  return {
    id,
    returnData: false,
    metric: { namespace: 'AWS/DynamoDB', metricName, dimensions, stat: 'Sum', period: FIVE_MINUTES },
  };
}

/**
 * The share of a day's crew emails that bounced (or drew complaints), from the configuration
 * set's own events: SES's account-wide Reputation metrics would also count other senders of
 * the account. 0 on a day with fewer than SES_MIN_DAILY_SENDS sends.
 */
function sesRate<N>(w: Watched<N>, key: string, metricName: string, threshold: number, what: string): AlarmSpec<N> {
  const dimensions = { 'ses:configuration-set': w.configSet };
  const daily = (id: string, name: string): MetricQuery<N> => ({
    id,
    returnData: false,
    metric: { namespace: 'AWS/SES', metricName: name, dimensions, stat: 'Sum', period: ONE_DAY },
  });
  return {
    ...base,
    key,
    alarmDescription:
      `SCC ${w.stage}: ${threshold * 100}% or more of a day's crew emails ${what} ` +
      `(SES reviews the account at this rate); check the crew addresses`,
    threshold,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    metricQueries: [
      daily('sent', 'Send'),
      daily('events', metricName),
      {
        id: 'rate',
        expression: `IF(FILL(sent, 0) >= ${SES_MIN_DAILY_SENDS}, FILL(events, 0) / sent, 0)`,
        label: `${metricName.toLowerCase()} rate`,
        returnData: true,
      },
    ],
  };
}

/** The webhook delivery's resources, filled in by infra/monitoring/alarms.ts. */
export interface WatchedWebhooks<N = string> {
  stage: string;
  /** The SQS consumer (infra/webhooks.ts). */
  consumerFunctionName: N;
  /** The delivery queue's name (FIFO: ends in `.fifo`). */
  queueName: N;
  deadLetterQueueName: N;
}

/** Older than this, a waiting delivery means the consumer is stuck or a backlog is growing. */
export const WEBHOOK_OLDEST_MESSAGE_SECONDS = 3600;

export function webhookAlarmSpecs<N = string>(w: WatchedWebhooks<N>): AlarmSpec<N>[] {
  return [
    {
      ...base,
      key: 'WebhookDeadLetters',
      // The consumer threw on one message until SQS gave up on it (infra/webhook-queue.ts,
      // MAX_RECEIVES); deliveries that run out of time are finished by the consumer, not
      // dead-lettered, so any message here is a fault to look at.
      alarmDescription: `SCC ${w.stage}: a webhook delivery reached the dead-letter queue; see the consumer's log group`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: w.deadLetterQueueName },
      statistic: 'Maximum',
      period: FIVE_MINUTES,
      threshold: 1,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
    },
    {
      ...base,
      key: 'WebhookConsumerErrors',
      alarmDescription: `SCC ${w.stage}: the webhook consumer Lambda failed (an uncaught error or a timeout); see its log group`,
      ...sumOver5Minutes('AWS/Lambda', 'Errors', { FunctionName: w.consumerFunctionName }),
      threshold: 1,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
    },
    {
      ...base,
      key: 'WebhookQueueAge',
      // SQS leaves a message received three times or more out of this metric, so a delivery
      // held back by its own retries does not count; messages waiting behind it unreceived do.
      alarmDescription:
        `SCC ${w.stage}: a webhook delivery has waited in the queue for over an hour ` +
        '(the consumer is failing, or deliveries pile up behind a failing endpoint)',
      namespace: 'AWS/SQS',
      metricName: 'ApproximateAgeOfOldestMessage',
      dimensions: { QueueName: w.queueName },
      statistic: 'Maximum',
      period: FIVE_MINUTES,
      threshold: WEBHOOK_OLDEST_MESSAGE_SECONDS,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
    },
  ];
}

/** The reminders' resources (infra/reminders.ts, infra/reminder-schedules.ts). */
export interface WatchedReminders<N = string> {
  stage: string;
  /** The Lambda every one-time schedule invokes. */
  reminderFunctionName: N;
  /** Where Scheduler puts a reminder it could not deliver after its retries. */
  deadLetterQueueName: N;
}

export function reminderAlarmSpecs<N = string>(r: WatchedReminders<N>): AlarmSpec<N>[] {
  return [
    {
      ...base,
      key: 'ReminderDeadLetters',
      // Scheduler gave up on a reminder (the Lambda kept failing, or was throttled past the
      // retry policy): someone was not reminded, and the message names the booking.
      alarmDescription: `SCC ${r.stage}: a reminder reached the dead-letter queue; its body names the booking, kind and version`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: r.deadLetterQueueName },
      statistic: 'Maximum',
      period: FIVE_MINUTES,
      threshold: 1,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
    },
    {
      ...base,
      key: 'ReminderErrors',
      alarmDescription: `SCC ${r.stage}: the reminder Lambda failed (a send it will retry, or a timeout); see its log group`,
      ...sumOver5Minutes('AWS/Lambda', 'Errors', { FunctionName: r.reminderFunctionName }),
      threshold: 1,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
    },
  ];
}
