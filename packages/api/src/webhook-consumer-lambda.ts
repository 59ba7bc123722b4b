import type { DeliveryHandler, DeliveryMessage, DeliveryVerdict } from '@scc/core';
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { logger as defaultLogger, type RequestLogger } from './middleware/request-log';
import { consumerWiring } from './webhook-lambdas';

/** Holds a received message back for `seconds` (SqsMessageVisibility in AWS). */
export interface MessageHold {
  hold(receiptHandle: string, seconds: number): Promise<void>;
}

export interface ConsumerDependencies {
  /** Core's WebhookDelivery; asked once per message, so the real one is built on first use. */
  deliveryHandler: () => DeliveryHandler | Promise<DeliveryHandler>;
  visibility: () => MessageHold | Promise<MessageHold>;
  logger?: RequestLogger;
}

/** SQS's longest visibility timeout, 12 hours: the longest a retry can be put off. */
export const MAX_HOLD_SECONDS = 43_200;

const messageSchema = z.object({
  webhookId: z.string().min(1),
  deliveryId: z.string().min(1),
  groupId: z.string().min(1),
});

/** Why a group stops: the rest of it waits, in order, behind its first unfinished message. */
type Blocked = { holdSeconds?: number };

/**
 * The SQS-triggered consumer (FIFO, ReportBatchItemFailures). Each record is one attempt at one
 * delivery: `delivered` and `dropped` let SQS delete it; `retry` holds it back for the
 * verdict's delay with ChangeMessageVisibility and reports it as failed, so SQS keeps it and
 * hands it out again with its receive count (the attempt number) one higher. A group's records
 * are handled in order; once one is not finished, it and every later record of its group are
 * reported as failed without being handled, so nothing overtakes it. Groups run side by side.
 */
export function createConsumer(deps: ConsumerDependencies): (event: SQSEvent) => Promise<SQSBatchResponse> {
  const log = deps.logger ?? defaultLogger;
  return async (event) => {
    const groups = new Map<string, SQSRecord[]>();
    for (const record of event.Records) {
      // Without a group (a standard queue) every message stands alone.
      const group = record.attributes.MessageGroupId ?? record.messageId;
      groups.set(group, [...(groups.get(group) ?? []), record]);
    }
    const failed = new Set<string>();
    await Promise.all([...groups.values()].map((records) => consumeGroup(records, failed)));
    const batchItemFailures: SQSBatchItemFailure[] = event.Records.filter((r) => failed.has(r.messageId)).map((r) => ({
      itemIdentifier: r.messageId,
    }));
    return { batchItemFailures };
  };

  async function consumeGroup(records: SQSRecord[], failed: Set<string>): Promise<void> {
    let blocked: Blocked | undefined;
    for (const record of records) {
      if (blocked) {
        failed.add(record.messageId);
        // Held as long as the one in front, so the group comes back together and in order
        // when its retry is due rather than after the queue's whole visibility timeout.
        if (blocked.holdSeconds !== undefined) await hold(record, blocked.holdSeconds);
        continue;
      }
      blocked = await consumeOne(record);
      if (blocked) failed.add(record.messageId);
    }
  }

  /** Undefined when the record is finished (SQS may delete it). */
  async function consumeOne(record: SQSRecord): Promise<Blocked | undefined> {
    const message = parse(record);
    if (!message) {
      // Retrying cannot repair it; kept only in the log (no secret in it: ids only).
      log.error('webhook message dropped: malformed body', { messageId: record.messageId, body: record.body.slice(0, 500) });
      return undefined;
    }
    const receives = Number(record.attributes.ApproximateReceiveCount);
    const attempt = Number.isInteger(receives) && receives >= 1 ? receives : 1;
    const ids = { messageId: record.messageId, webhookId: message.webhookId, deliveryId: message.deliveryId, attempt };
    let verdict: DeliveryVerdict;
    try {
      verdict = await (await deps.deliveryHandler()).handle(message, attempt);
    } catch (error) {
      // Not a verdict: the message comes back after the queue's visibility timeout, and after
      // too many receives goes to the dead-letter queue, which alarms.
      log.error('webhook delivery failed unexpectedly', { ...ids, error });
      return {};
    }
    switch (verdict.outcome) {
      case 'delivered':
        log.info('webhook delivered', ids);
        return undefined;
      case 'dropped':
        log.warn('webhook delivery dropped', { ...ids, reason: verdict.reason });
        return undefined;
      case 'retry': {
        const seconds = Math.min(Math.max(0, Math.ceil(verdict.delayMs / 1000)), MAX_HOLD_SECONDS);
        log.info('webhook delivery to retry', { ...ids, retryInSeconds: seconds });
        await hold(record, seconds);
        return { holdSeconds: seconds };
      }
    }
  }

  async function hold(record: SQSRecord, seconds: number): Promise<void> {
    try {
      await (await deps.visibility()).hold(record.receiptHandle, seconds);
    } catch (error) {
      // Still reported as failed: it comes back after the queue's visibility timeout instead.
      log.warn('could not hold a webhook message back for its retry', { messageId: record.messageId, seconds, error });
    }
  }
}

function parse(record: SQSRecord): DeliveryMessage | undefined {
  try {
    const parsed = messageSchema.safeParse(JSON.parse(record.body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The Lambda handler: the services are built on the first batch (webhook-lambdas.ts). */
export const handler = createConsumer({
  deliveryHandler: async () => (await consumerWiring()).deliveryHandler,
  visibility: async () => (await consumerWiring()).visibility,
});
