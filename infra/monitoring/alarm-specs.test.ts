import { describe, expect, it } from 'vitest';
import { alarmSpecs, reminderAlarmSpecs, SES_MIN_DAILY_SENDS, webhookAlarmSpecs } from './alarm-specs';

const watched = {
  stage: 'production',
  functionName: 'scc-production-SccApiRouteAbcdHandlerFunction',
  apiId: 'a1b2c3d4e5',
  tableName: 'scc-production-SccTableTable',
  indexName: 'gsi1',
  configSet: 'scc-production-sccemailconfig',
};
const specs = alarmSpecs(watched);
const spec = (key: string) => {
  const found = specs.find((s) => s.key === key);
  if (!found) throw new Error(`no alarm ${key}`);
  return found;
};

/** Evaluates the small metric-math subset the specs use, for one period's values. */
function evaluate(expression: string, values: Record<string, number | undefined>): number {
  const js = expression
    .replace(/FILL\((\w+), 0\)/g, (_, id: string) => String(values[id] ?? 0))
    .replace(/\b([a-z]+)\b/g, (id: string) => (id in values ? String(values[id]) : id))
    .replace(/^IF\((.*), (.*), (.*)\)$/, '($1) ? ($2) : ($3)');
  return Function(`return (${js});`)() as number;
}

describe('alarms', () => {
  it('cover function errors and throttles, API 5xx, DynamoDB throttles, SES bounces and complaints', () => {
    expect(specs.map((s) => s.key)).toEqual([
      'FunctionErrors',
      'FunctionThrottles',
      'Api5xx',
      'TableThrottles',
      'EmailBounceRate',
      'EmailComplaintRate',
    ]);
  });

  it('watch the deployed function, API and table by name', () => {
    expect(spec('FunctionErrors')).toMatchObject({
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: { FunctionName: watched.functionName },
      statistic: 'Sum',
      threshold: 1,
    });
    expect(spec('FunctionThrottles')).toMatchObject({ metricName: 'Throttles', dimensions: { FunctionName: watched.functionName } });
    expect(spec('Api5xx')).toMatchObject({ namespace: 'AWS/ApiGateway', metricName: '5xx', dimensions: { ApiId: 'a1b2c3d4e5' } });
    const tableMetrics = spec('TableThrottles').metricQueries!.flatMap((q) => (q.metric ? [q.metric] : []));
    expect(tableMetrics.map((m) => [m.metricName, m.dimensions])).toEqual([
      ['ReadThrottleEvents', { TableName: watched.tableName }],
      ['WriteThrottleEvents', { TableName: watched.tableName }],
      ['ReadThrottleEvents', { TableName: watched.tableName, GlobalSecondaryIndexName: 'gsi1' }],
      ['WriteThrottleEvents', { TableName: watched.tableName, GlobalSecondaryIndexName: 'gsi1' }],
    ]);
  });

  it('treat no data as fine and fire on a single bad period', () => {
    for (const s of specs) {
      expect(s.treatMissingData, s.key).toBe('notBreaching');
      expect(s.evaluationPeriods, s.key).toBe(1);
      expect(s.datapointsToAlarm, s.key).toBe(1);
    }
  });

  it('each alarm has either one metric or metric math with exactly one returned series', () => {
    for (const s of specs) {
      if (s.metricQueries) {
        expect(s.metricName, s.key).toBeUndefined();
        expect(s.metricQueries.filter((q) => q.returnData).length, s.key).toBe(1);
        // CloudWatch: query ids start with a lower-case letter.
        for (const q of s.metricQueries) expect(q.id).toMatch(/^[a-z][a-zA-Z0-9_]*$/);
      } else {
        expect(s.metricName, s.key).toBeDefined();
      }
    }
  });

  it('the table alarm adds throttles of the table and its index, missing series counting as 0', () => {
    const expression = spec('TableThrottles').metricQueries!.find((q) => q.returnData)!.expression!;
    expect(evaluate(expression, { tr: 2, tw: undefined, ir: 1, iw: undefined })).toBe(3);
    expect(evaluate(expression, {})).toBe(0);
  });

  it('SES rates: bounces and complaints of the configuration set per day, quiet below the minimum of sends', () => {
    const bounce = spec('EmailBounceRate');
    expect(bounce.threshold).toBe(0.05);
    expect(spec('EmailComplaintRate').threshold).toBe(0.001);
    const metrics = bounce.metricQueries!.flatMap((q) => (q.metric ? [q.metric] : []));
    expect(metrics.map((m) => [m.namespace, m.metricName, m.dimensions, m.period])).toEqual([
      ['AWS/SES', 'Send', { 'ses:configuration-set': watched.configSet }, 86400],
      ['AWS/SES', 'Bounce', { 'ses:configuration-set': watched.configSet }, 86400],
    ]);
    const expression = bounce.metricQueries!.find((q) => q.returnData)!.expression!;
    // 2 bounces of 25 sends: 8%, over the threshold.
    expect(evaluate(expression, { sent: 25, events: 2 })).toBeCloseTo(0.08);
    expect(evaluate(expression, { sent: 25, events: 2 }) >= bounce.threshold).toBe(true);
    // 1 of 40: 2.5%, fine.
    expect(evaluate(expression, { sent: 40, events: 1 }) >= bounce.threshold).toBe(false);
    // 1 bounce of 5 sends is 20% but too few sends to mean anything.
    expect(evaluate(expression, { sent: SES_MIN_DAILY_SENDS - 1, events: 1 })).toBe(0);
    expect(evaluate(expression, { sent: undefined, events: undefined })).toBe(0);
  });
});

describe('webhook alarms', () => {
  const w = {
    stage: 'production',
    consumerFunctionName: 'scc-production-SccWebhookConsumerFunction-abc',
    queueName: 'scc-production-SccWebhookDeliveriesQueue-abc.fifo',
    deadLetterQueueName: 'scc-production-SccWebhookDeliveriesDlqQueue-abc.fifo',
  };
  const webhookSpecs = webhookAlarmSpecs(w);
  const find = (key: string) => webhookSpecs.find((s) => s.key === key);

  it('cover dead letters, consumer errors and the oldest waiting message', () => {
    expect(webhookSpecs.map((s) => s.key)).toEqual(['WebhookDeadLetters', 'WebhookConsumerErrors', 'WebhookQueueAge']);
    expect(webhookSpecs.map((s) => s.key).filter((key) => specs.some((s) => s.key === key))).toEqual([]);
  });

  it('fire on any message in the dead-letter queue', () => {
    expect(find('WebhookDeadLetters')).toMatchObject({
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: w.deadLetterQueueName },
      statistic: 'Maximum',
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
    });
  });

  it('fire on any consumer error', () => {
    expect(find('WebhookConsumerErrors')).toMatchObject({
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: { FunctionName: w.consumerFunctionName },
      statistic: 'Sum',
      threshold: 1,
    });
  });

  it('fire when the oldest message has waited an hour', () => {
    expect(find('WebhookQueueAge')).toMatchObject({
      namespace: 'AWS/SQS',
      metricName: 'ApproximateAgeOfOldestMessage',
      dimensions: { QueueName: w.queueName },
      statistic: 'Maximum',
      threshold: 3600,
    });
  });

  it('treat no data as fine and fire on a single bad period, like the others', () => {
    for (const s of webhookSpecs) {
      expect(s.treatMissingData, s.key).toBe('notBreaching');
      expect([s.evaluationPeriods, s.datapointsToAlarm], s.key).toEqual([1, 1]);
      expect(s.alarmDescription, s.key).toMatch(/^SCC production: /);
    }
  });
});

describe('reminder alarms', () => {
  const r = { stage: 'production', reminderFunctionName: 'scc-production-reminder', deadLetterQueueName: 'scc-production-SccRemindersDlqQueue-abc' };
  const reminderSpecs = reminderAlarmSpecs(r);

  it('fire on any reminder in the dead-letter queue and on any reminder Lambda error', () => {
    expect(reminderSpecs.map((s) => s.key)).toEqual(['ReminderDeadLetters', 'ReminderErrors']);
    expect(reminderSpecs.find((s) => s.key === 'ReminderDeadLetters')).toMatchObject({
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: r.deadLetterQueueName },
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
    });
    expect(reminderSpecs.find((s) => s.key === 'ReminderErrors')).toMatchObject({
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: { FunctionName: r.reminderFunctionName },
      statistic: 'Sum',
      threshold: 1,
    });
  });
});
