// Loaded on first use (aws-outside.ts): webhook deliveries, queued.
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsDeliveryQueue } from '@scc/aws/sqs/delivery-queue';

export const createDeliveryQueue = (queueUrl: string) => new SqsDeliveryQueue(new SQSClient({}), queueUrl);
