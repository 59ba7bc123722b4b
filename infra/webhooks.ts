import { functionBase, policyTargets } from './lambda';
import { consumerPolicy } from './permissions';
import { CONSUMER_TIMEOUT_SECONDS, deliveryQueue } from './webhook-queue';

// Webhook delivery: the consumer of the delivery queue (infra/webhook-queue.ts) and the outbox
// sweeper. Both run the API's code with its settings (functionBase); the alarms on them are in
// infra/monitoring/alarms.ts.

// Its own function rather than one SST's queue subscriber builds, so its policy is exactly
// consumerPolicy: the subscriber would add sqs:GetQueueUrl, which nothing here calls.
export const webhookConsumer = new sst.aws.Function('SccWebhookConsumer', {
  ...functionBase,
  handler: 'packages/api/src/webhook-consumer-lambda.handler',
  // A batch is up to 10 deliveries, each posted with a 10-second timeout; groups run side by
  // side, but one group's messages (up to 10) go one after another. The queue's visibility
  // timeout is six times this.
  timeout: `${CONSUMER_TIMEOUT_SECONDS} seconds`,
  permissions: policyTargets.apply(consumerPolicy),
});

deliveryQueue.subscribe(webhookConsumer.arn, {
  // The consumer answers which messages of the batch are not finished (retries, and the rest of
  // their groups), so SQS deletes only the others.
  batch: { size: 10, partialResponses: true },
});

// Changes reach the queue right after they are written; this catches what a crash or an SQS
// outage left in an outbox, within a minute.
export const outboxSweeper = new sst.aws.Cron('SccOutboxSweeper', {
  schedule: 'rate(1 minute)',
  function: {
    ...functionBase,
    handler: 'packages/api/src/outbox-sweeper-lambda.handler',
    // Under the schedule's minute, so runs do not pile up.
    timeout: '50 seconds',
  },
});
