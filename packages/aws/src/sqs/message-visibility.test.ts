import { ChangeMessageVisibilityCommand, SQSClient, SQSServiceException } from '@aws-sdk/client-sqs';
import { DependencyUnavailableError } from '@scc/core';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_VISIBILITY_SECONDS, SqsMessageVisibility } from './message-visibility';

const client = new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const mock = mockClient(client);
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/q.fifo';
const visibility = new SqsMessageVisibility(client, QUEUE_URL);
afterEach(() => mock.reset());

describe('SqsMessageVisibility', () => {
  it.each([
    [30, 30],
    [0.2, 1],
    [-5, 0],
    [MAX_VISIBILITY_SECONDS + 1, MAX_VISIBILITY_SECONDS],
  ])('holds the message for %s s as %i s', async (asked, sent) => {
    mock.on(ChangeMessageVisibilityCommand).resolves({});
    await visibility.hold('rh-1', asked);
    expect(mock.commandCalls(ChangeMessageVisibilityCommand)[0]?.args[0].input).toEqual({
      QueueUrl: QUEUE_URL,
      ReceiptHandle: 'rh-1',
      VisibilityTimeout: sent,
    });
  });

  it('turns an SQS outage into DependencyUnavailableError', async () => {
    mock
      .on(ChangeMessageVisibilityCommand)
      .rejects(new SQSServiceException({ name: 'InternalError', $fault: 'server', $metadata: { httpStatusCode: 500 }, message: 'oops' }));
    await expect(visibility.hold('rh-1', 30)).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});
