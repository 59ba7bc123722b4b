// The webhook delivery queue: SQS FIFO, one message group per endpoint and booking, so a
// group's deliveries go out in order and one at a time (packages/aws/src/sqs/delivery-queue.ts
// sends, packages/api/src/webhook-consumer-lambda.ts receives). Created before the function
// (infra/lambda.ts) because every function built on `functionBase` is given its URL; the
// consumer, the sweeper and the alarms are in infra/webhooks.ts.

/** The consumer's timeout: up to 10 deliveries a batch, 10 seconds each at worst. */
export const CONSUMER_TIMEOUT_SECONDS = 120;

/**
 * How many times SQS hands out one message before moving it to the dead-letter queue. The
 * domain's backoff (packages/core/src/webhooks/webhook-delivery.ts, BACKOFF_MS) waits after
 * attempts 1 to 10 for 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h, 8 h, 8 h, so attempts
 * start at 0, 0:00:30, 0:02:30, 0:12:30, 0:42:30, 1:42:30, 3:42:30, 7:42:30, 15:42:30 and
 * 23:42:30, and attempt 11 (31:42:30) is past the 24 hours a delivery is tried for: the domain
 * answers `dropped` then, and the message is deleted, not dead-lettered. That is 11 receives for
 * a group's first message. The messages behind it in the same group come in the same batches
 * and are handed back unhandled, so each receive of the first counts for them too: up to 9 more
 * (a batch holds 10). The remaining 5 absorb consumer crashes (each one a visibility timeout,
 * 12 minutes, before the next receive). Only a message the consumer keeps failing on for good
 * reaches the dead-letter queue, which alarms.
 */
export const MAX_RECEIVES = 25;

/** SQS's longest retention, for someone to look at what was dead-lettered. */
const FOURTEEN_DAYS = 14 * 86400;
/** Longer than the 24 hours (plus a last 8-hour wait) that a delivery is tried for. */
const FOUR_DAYS = 4 * 86400;

export const deliveryDeadLetters = new sst.aws.Queue('SccWebhookDeliveriesDlq', {
  // A FIFO queue's dead-letter queue must be FIFO too.
  fifo: true,
  transform: { queue: { messageRetentionSeconds: FOURTEEN_DAYS } },
});

export const deliveryQueue = new sst.aws.Queue('SccWebhookDeliveries', {
  // Off: two deliveries may carry the same body; the delivery id is the deduplication id.
  fifo: { contentBasedDeduplication: false },
  // At least six times the consumer's timeout (AWS's advice for Lambda event sources), so a
  // batch still being worked on is not handed out again. A retried delivery sets its own
  // timeout (its backoff) with ChangeMessageVisibility.
  visibilityTimeout: `${CONSUMER_TIMEOUT_SECONDS * 6} seconds`,
  dlq: { queue: deliveryDeadLetters.arn, retry: MAX_RECEIVES },
  transform: { queue: { messageRetentionSeconds: FOUR_DAYS } },
});
