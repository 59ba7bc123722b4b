import { SendMessageBatchCommand, SQSClient, SQSServiceException } from '@aws-sdk/client-sqs';
import { type DeliveryMessage, DependencyRejectedError, DependencyUnavailableError } from '@scc/core';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SqsDeliveryQueue, sqsId } from './delivery-queue';

// There is no SQS emulator in the stack; the SDK client is stubbed at `send`.
const client = new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const mock = mockClient(client);
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/scc-production-SccWebhookDeliveries.fifo';
const queue = new SqsDeliveryQueue(client, QUEUE_URL);
afterEach(() => mock.reset());

function message(n: number, group = 'wh_1#bk_1'): DeliveryMessage {
  return { webhookId: 'wh_1', deliveryId: `dlv_${n}`, groupId: group };
}

const ok = { Successful: [], Failed: [] };

describe('SqsDeliveryQueue', () => {
  it('sends one batch to the FIFO queue: group, deduplication id and the message as JSON', async () => {
    mock.on(SendMessageBatchCommand).resolves(ok);
    await queue.send([message(1), message(2, 'wh_2#bk_9')]);
    const calls = mock.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      QueueUrl: QUEUE_URL,
      Entries: [
        {
          Id: 'm0',
          MessageGroupId: 'wh_1#bk_1',
          MessageDeduplicationId: 'dlv_1',
          MessageBody: JSON.stringify({ webhookId: 'wh_1', deliveryId: 'dlv_1', groupId: 'wh_1#bk_1' }),
        },
        {
          Id: 'm1',
          MessageGroupId: 'wh_2#bk_9',
          MessageDeduplicationId: 'dlv_2',
          MessageBody: JSON.stringify({ webhookId: 'wh_1', deliveryId: 'dlv_2', groupId: 'wh_2#bk_9' }),
        },
      ],
    });
  });

  it('a resend is deduplicated by its own send id, not the delivery (which SQS saw minutes ago)', async () => {
    mock.on(SendMessageBatchCommand).resolves(ok);
    await queue.send([{ ...message(1), sendId: 'dlv_1.resent-abc' }]);
    const [entry] = mock.commandCalls(SendMessageBatchCommand)[0]!.args[0].input.Entries!;
    expect(entry).toMatchObject({ MessageDeduplicationId: 'dlv_1.resent-abc' });
    expect(JSON.parse(entry!.MessageBody!)).toEqual({ webhookId: 'wh_1', deliveryId: 'dlv_1', groupId: 'wh_1#bk_1' });
  });

  it('sends nothing for no messages', async () => {
    await queue.send([]);
    expect(mock.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('sends 10 at a time, in order', async () => {
    mock.on(SendMessageBatchCommand).resolves(ok);
    await queue.send(Array.from({ length: 23 }, (_, n) => message(n)));
    const batches = mock.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input.Entries ?? []);
    expect(batches.map((entries) => entries.length)).toEqual([10, 10, 3]);
    expect(batches.flat().map((e) => e.MessageDeduplicationId)).toEqual(Array.from({ length: 23 }, (_, n) => `dlv_${n}`));
    expect(batches[1]?.map((e) => e.Id)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9']);
  });

  it('keeps only the message fields in the body', async () => {
    mock.on(SendMessageBatchCommand).resolves(ok);
    await queue.send([{ ...message(1), secret: 'whsec_x' } as DeliveryMessage]);
    const body = mock.commandCalls(SendMessageBatchCommand)[0]?.args[0].input.Entries?.[0]?.MessageBody;
    expect(JSON.parse(body ?? '')).toEqual({ webhookId: 'wh_1', deliveryId: 'dlv_1', groupId: 'wh_1#bk_1' });
  });

  it('sends again, once, only the entries SQS did not take', async () => {
    mock
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Successful: [{ Id: 'm0', MessageId: 'a', MD5OfMessageBody: 'x' }], Failed: [{ Id: 'm1', SenderFault: false, Code: 'InternalError' }] })
      .resolves(ok);
    await queue.send([message(1), message(2)]);
    const calls = mock.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.Entries).toEqual([expect.objectContaining({ Id: 'm1', MessageDeduplicationId: 'dlv_2' })]);
  });

  it('throws DependencyUnavailableError when an entry fails twice, and sends no later batch', async () => {
    mock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [{ Id: 'm3', SenderFault: false, Code: 'ServiceUnavailable' }] });
    const error = await queue.send(Array.from({ length: 12 }, (_, n) => message(n))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect((error as DependencyUnavailableError).details).toMatchObject({
      dependency: 'sqs',
      operation: 'SendMessageBatch',
      failed: 1,
      codes: ['ServiceUnavailable'],
      deliveryIds: ['dlv_3'],
    });
    expect(mock.commandCalls(SendMessageBatchCommand)).toHaveLength(2);
  });

  it('reads a failed call the way every adapter does: throttling retryable, a refusal not', async () => {
    const fault = (name: string, status: number, side: 'client' | 'server') =>
      new SQSServiceException({ name, $fault: side, $metadata: { httpStatusCode: status }, message: `${name} happened` });
    mock.on(SendMessageBatchCommand).rejects(fault('RequestThrottled', 400, 'client'));
    await expect(queue.send([message(1)])).rejects.toBeInstanceOf(DependencyUnavailableError);
    mock.reset();
    mock.on(SendMessageBatchCommand).rejects(fault('QueueDoesNotExist', 400, 'client'));
    const refused = await queue.send([message(1)]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DependencyRejectedError);
    expect((refused as Error).message).toBe('SQS refused the message: QueueDoesNotExist happened');
  });
});

describe('sqsId', () => {
  it('keeps an id SQS accepts', () => {
    expect(sqsId('dlv_01J9Z#wh_1')).toBe('dlv_01J9Z#wh_1');
    expect(sqsId('x'.repeat(128))).toBe('x'.repeat(128));
  });

  it.each([['x'.repeat(129)], ['with space'], ['caf\u00e9'], ['']])('hashes %j to 64 hex characters, the same each time', (id) => {
    expect(sqsId(id)).toMatch(/^[0-9a-f]{64}$/);
    expect(sqsId(id)).toBe(sqsId(id));
  });
});
