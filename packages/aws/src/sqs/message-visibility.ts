import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { callAws } from '../aws-errors';

/** SQS's longest visibility timeout: 12 hours. */
export const MAX_VISIBILITY_SECONDS = 43_200;

/**
 * Holds a received message back for a while: the webhook consumer's backoff. The message stays
 * in flight (and, on a FIFO queue, so does its group) until the timeout ends, then SQS hands
 * it out again with its receive count one higher.
 */
export class SqsMessageVisibility {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  /** `seconds` is rounded up and kept within SQS's 0 to 12 hours. */
  async hold(receiptHandle: string, seconds: number): Promise<void> {
    const timeout = Math.min(MAX_VISIBILITY_SECONDS, Math.max(0, Math.ceil(seconds)));
    await callAws('sqs', 'ChangeMessageVisibility', () =>
      this.sqs.send(
        new ChangeMessageVisibilityCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: timeout }),
      ),
    );
  }
}
