import type { DeliveryHandler } from '@scc/core';
import type { OutboxFlusher } from './outbox-sweeper-lambda';
import type { Services } from './services';

// Where the webhook entry points (the SQS consumer, the outbox sweeper, the local queue) find
// their domain services.

export function deliveryHandlerOf(services: Services): DeliveryHandler {
  return services.webhookDelivery;
}

export function outboxRelayOf(services: Services): OutboxFlusher {
  return services.outboxRelay;
}
