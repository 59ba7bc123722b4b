import { createHash } from 'node:crypto';
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { type DeliveryMessage, type DeliveryQueue, DependencyUnavailableError } from '@scc/core';
import { callAws } from '../aws-errors';

/** SQS takes at most 10 entries per SendMessageBatch. */
export const SQS_BATCH_SIZE = 10;

// What SQS accepts as a FIFO MessageGroupId or MessageDeduplicationId: 1 to 128 of these.
const SQS_ID = /^[0-9A-Za-z!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]{1,128}$/;

/**
 * An id as SQS will take it: unchanged when it already fits, else its SHA-256 in hex (64
 * characters). The same input always gives the same id, so a group stays one group and a
 * delivery sent twice within SQS's five-minute window is kept once.
 */
export function sqsId(id: string): string {
  return SQS_ID.test(id) ? id : createHash('sha256').update(id, 'utf8').digest('hex');
}

/**
 * The webhook delivery queue in AWS: a FIFO queue, one message group per `groupId` (endpoint
 * and booking), so SQS hands a group's deliveries to the consumer in order and one at a time;
 * deduplicated by delivery id, so a relay that sends the same outbox events again after a
 * crash does not deliver them twice.
 */
export class SqsDeliveryQueue implements DeliveryQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(messages: readonly DeliveryMessage[]): Promise<void> {
    // In order, batch after batch: entries of one group keep their order within a batch and
    // across batches only if a later batch is not sent before an earlier one.
    for (let start = 0; start < messages.length; start += SQS_BATCH_SIZE) {
      await this.sendBatch(messages.slice(start, start + SQS_BATCH_SIZE));
    }
  }

  private async sendBatch(batch: readonly DeliveryMessage[]): Promise<void> {
    const entries = batch.map((message, index) => entry(message, index));
    let failed = await this.attempt(entries);
    if (failed.length === 0) return;
    // One more go for the entries SQS did not take (throttled or an internal error on its side);
    // the outbox keeps them if that fails too, and the next sweep sends them again.
    const retry = entries.filter((e) => failed.some((f) => f.id === e.Id));
    failed = await this.attempt(retry);
    if (failed.length === 0) return;
    throw new DependencyUnavailableError('SQS did not take every webhook delivery; try again', {
      details: {
        dependency: 'sqs',
        operation: 'SendMessageBatch',
        failed: failed.length,
        codes: [...new Set(failed.map((f) => f.code))],
        deliveryIds: failed.map((f) => batch[Number(f.id.slice(1))]?.deliveryId),
      },
    });
  }

  /** Sends `entries`; resolves with those SQS reported as failed. */
  private async attempt(entries: SendMessageBatchRequestEntry[]): Promise<{ id: string; code: string }[]> {
    const output = await callAws('sqs', 'SendMessageBatch', () =>
      this.sqs.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries })),
    );
    return (output.Failed ?? []).map((f) => ({ id: f.Id ?? '', code: f.Code ?? 'unknown' }));
  }
}

function entry(message: DeliveryMessage, index: number): SendMessageBatchRequestEntry {
  // Only the message's own fields: the consumer reads everything else from the delivery item.
  const body: DeliveryMessage = { webhookId: message.webhookId, deliveryId: message.deliveryId, groupId: message.groupId };
  return {
    // Unique within the batch, and maps a failure back to its message.
    Id: `m${index}`,
    MessageBody: JSON.stringify(body),
    MessageGroupId: sqsId(message.groupId),
    MessageDeduplicationId: sqsId(message.sendId ?? message.deliveryId),
  };
}
