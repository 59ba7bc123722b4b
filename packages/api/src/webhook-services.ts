import type { Services } from './services';
import type { OutboxFlusher } from './outbox-sweeper-lambda';
import type { DeliveryHandler } from '@scc/core';

// Where the webhook entry points (the SQS consumer, the outbox sweeper, the local queue) find
// their domain services.
//
// TODO(integrator): once createServices returns `webhookDelivery` and `outboxRelay`, return
// `services.webhookDelivery` / `services.outboxRelay` here and delete `lookUp`.

export class WebhookWiringError extends Error {
  constructor(name: string) {
    super(`services.${name} is not wired: createServices must build it`);
    this.name = 'WebhookWiringError';
  }
}

export function deliveryHandlerOf(services: Services): DeliveryHandler {
  return lookUp<DeliveryHandler>(services, 'webhookDelivery');
}

export function outboxRelayOf(services: Services): OutboxFlusher {
  return lookUp<OutboxFlusher>(services, 'outboxRelay');
}

function lookUp<T>(services: Services, name: string): T {
  const found = (services as unknown as Record<string, T | undefined>)[name];
  if (!found) throw new WebhookWiringError(name);
  return found;
}
