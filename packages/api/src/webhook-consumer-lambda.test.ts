import type { DeliveryHandler, DeliveryMessage, DeliveryVerdict } from '@scc/core';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { createConsumer, MAX_HOLD_SECONDS } from './webhook-consumer-lambda';

const QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:scc-test-SccWebhookDeliveries.fifo';

function record(id: string, group: string, options: { receives?: number; body?: string } = {}): SQSRecord {
  const message: DeliveryMessage = { webhookId: 'wh_1', deliveryId: `dlv_${id}`, groupId: group };
  return {
    messageId: `m-${id}`,
    receiptHandle: `rh-${id}`,
    body: options.body ?? JSON.stringify(message),
    attributes: {
      ApproximateReceiveCount: String(options.receives ?? 1),
      SentTimestamp: '1814464800000',
      SenderId: 'AROAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1814464800001',
      MessageGroupId: group,
      MessageDeduplicationId: `dlv_${id}`,
      SequenceNumber: '18849496460467696128',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: QUEUE_ARN,
    awsRegion: 'us-east-1',
  };
}

const event = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

/** A handler answering per delivery id (delivered when not listed), recording each call. */
function handlerWith(verdicts: Record<string, DeliveryVerdict | Error> = {}) {
  const calls: { deliveryId: string; attempt: number }[] = [];
  const handler: DeliveryHandler = {
    async handle(message, attempt) {
      calls.push({ deliveryId: message.deliveryId, attempt });
      const verdict = verdicts[message.deliveryId] ?? { outcome: 'delivered' };
      if (verdict instanceof Error) throw verdict;
      return verdict;
    },
  };
  return { handler, calls };
}

function consumer(verdicts: Record<string, DeliveryVerdict | Error> = {}, holdFails = false) {
  const { handler, calls } = handlerWith(verdicts);
  const holds: { receiptHandle: string; seconds: number }[] = [];
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const consume = createConsumer({
    deliveryHandler: () => handler,
    visibility: () => ({
      hold: async (receiptHandle, seconds) => {
        if (holdFails) throw new Error('SQS is unavailable');
        holds.push({ receiptHandle, seconds });
      },
    }),
    logger,
  });
  return { consume, calls, holds, logger };
}

const failures = (ids: string[]) => ({ batchItemFailures: ids.map((id) => ({ itemIdentifier: `m-${id}` })) });

describe('the webhook consumer', () => {
  it('lets SQS delete delivered and dropped messages, passing the receive count as the attempt', async () => {
    const c = consumer({ dlv_2: { outcome: 'dropped', reason: 'the endpoint is disabled' } });
    const result = await c.consume(event(record('1', 'A', { receives: 3 }), record('2', 'B')));
    expect(result).toEqual(failures([]));
    expect(c.calls).toEqual([
      { deliveryId: 'dlv_1', attempt: 3 },
      { deliveryId: 'dlv_2', attempt: 1 },
    ]);
    expect(c.holds).toEqual([]);
  });

  it('holds a message to retry back for its delay in seconds and reports it as failed', async () => {
    const c = consumer({ dlv_1: { outcome: 'retry', delayMs: 30_000 }, dlv_2: { outcome: 'retry', delayMs: 1500 } });
    const result = await c.consume(event(record('1', 'A', { receives: 2 }), record('2', 'B')));
    expect(result).toEqual(failures(['1', '2']));
    expect(c.holds).toEqual([
      { receiptHandle: 'rh-1', seconds: 30 },
      { receiptHandle: 'rh-2', seconds: 2 },
    ]);
  });

  it('holds for at most 12 hours, the longest SQS allows', async () => {
    const c = consumer({ dlv_1: { outcome: 'retry', delayMs: 24 * 3600_000 } });
    await c.consume(event(record('1', 'A')));
    expect(c.holds).toEqual([{ receiptHandle: 'rh-1', seconds: MAX_HOLD_SECONDS }]);
    expect(MAX_HOLD_SECONDS).toBe(43_200);
  });

  it('stops a group at its first unfinished message: the later ones are failed unhandled and held as long', async () => {
    const c = consumer({ dlv_a1: { outcome: 'retry', delayMs: 120_000 } });
    const result = await c.consume(event(record('a1', 'A'), record('a2', 'A'), record('b1', 'B'), record('a3', 'A'), record('b2', 'B')));
    expect(result).toEqual(failures(['a1', 'a2', 'a3']));
    expect(c.calls.map((call) => call.deliveryId).sort()).toEqual(['dlv_a1', 'dlv_b1', 'dlv_b2']);
    expect(c.holds).toEqual([
      { receiptHandle: 'rh-a1', seconds: 120 },
      { receiptHandle: 'rh-a2', seconds: 120 },
      { receiptHandle: 'rh-a3', seconds: 120 },
    ]);
  });

  it('handles a group in order, and only the messages before the unfinished one', async () => {
    const c = consumer({ dlv_2: { outcome: 'retry', delayMs: 30_000 } });
    const result = await c.consume(event(record('1', 'A'), record('2', 'A'), record('3', 'A')));
    expect(result).toEqual(failures(['2', '3']));
    expect(c.calls.map((call) => call.deliveryId)).toEqual(['dlv_1', 'dlv_2']);
  });

  it('reports a handler that threw, and the rest of its group, without holding them (the queue timeout applies)', async () => {
    const c = consumer({ dlv_1: new Error('DynamoDB is unavailable') });
    const result = await c.consume(event(record('1', 'A'), record('2', 'A'), record('3', 'B')));
    expect(result).toEqual(failures(['1', '2']));
    expect(c.holds).toEqual([]);
    expect(c.logger.error).toHaveBeenCalledWith('webhook delivery failed unexpectedly', expect.objectContaining({ deliveryId: 'dlv_1' }));
  });

  it.each([['not json'], ['{"webhookId":"wh_1"}'], ['null'], ['{"webhookId":1,"deliveryId":"d","groupId":"g"}']])(
    'drops a malformed body %j: logged, deleted, and its group goes on',
    async (body) => {
      const c = consumer();
      const result = await c.consume(event(record('1', 'A', { body }), record('2', 'A')));
      expect(result).toEqual(failures([]));
      expect(c.calls.map((call) => call.deliveryId)).toEqual(['dlv_2']);
      expect(c.logger.error).toHaveBeenCalledWith('webhook message dropped: malformed body', expect.objectContaining({ messageId: 'm-1' }));
    },
  );

  it('still reports a retry as failed when it cannot be held back (it returns after the queue timeout)', async () => {
    const c = consumer({ dlv_1: { outcome: 'retry', delayMs: 30_000 } }, true);
    const result = await c.consume(event(record('1', 'A'), record('2', 'A')));
    expect(result).toEqual(failures(['1', '2']));
    expect(c.logger.warn).toHaveBeenCalledWith('could not hold a webhook message back for its retry', expect.objectContaining({ messageId: 'm-1' }));
  });

  it('asks for its dependencies only when a batch arrives', async () => {
    const deliveryHandler = vi.fn(() => handlerWith().handler);
    const consume = createConsumer({ deliveryHandler, visibility: () => ({ hold: async () => {} }), logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() } });
    expect(deliveryHandler).not.toHaveBeenCalled();
    await consume(event(record('1', 'A')));
    expect(deliveryHandler).toHaveBeenCalledTimes(1);
  });
});
