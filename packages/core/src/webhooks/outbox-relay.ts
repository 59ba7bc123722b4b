import type { FinanceRecord } from '../booking/schema';
import type { DeliveryMessage, DeliveryQueue, OutboxEvent, OutboxRef, OutboxRepository } from './ports';
import { TEST_EVENT_TYPE } from './event-schema';
import type { WebhookRepository } from './webhook-repository';
import type { DeliveryRecord, WebhookRecord } from './webhook-schema';

export interface OutboxRelayDependencies {
  outbox: OutboxRepository;
  webhooks: WebhookRepository;
  queue: DeliveryQueue;
  /** Money for `includeFinance` endpoints, read when the event is relayed. */
  finance: (bookingId: string) => Promise<FinanceRecord | undefined>;
  clock?: () => Date;
}

const SWEEP_BATCH = 25;
/**
 * Endpoints change a few times a year and every booking write asks for them: kept for half a
 * minute. A change made through this instance is seen at once (WebhookService forgets them).
 */
const ENDPOINTS_TTL_MS = 30_000;

/** The delivery id: stable per endpoint and event, so relaying an event twice is one delivery. */
export const deliveryIdOf = (webhookId: string, eventId: string) => `${eventId}.${webhookId}`;

/**
 * Moves events from the outboxes they were written to (with the changes they report) onto the
 * delivery queue: one delivery per subscribed endpoint, its body fixed once. After a crash at
 * any point the same events are relayed again; deliveries already made are not made twice, and
 * the consumer sends each delivery once.
 */
export class OutboxRelay {
  private endpointsCache: { endpoints: WebhookRecord[]; until: number } | undefined;

  constructor(private readonly deps: OutboxRelayDependencies) {}

  /** After an endpoint was made, changed or removed here. */
  forgetEndpoints(): void {
    this.endpointsCache = undefined;
  }

  /**
   * Right after a write: with no endpoint enabled there is nobody to tell, and the sweep
   * clears the outbox within a minute without holding up the request that wrote it.
   */
  async flushIfSubscribed(ref: OutboxRef): Promise<number> {
    return (await this.endpoints()).length > 0 ? this.flush(ref) : 0;
  }

  /** Every outbox with events waiting (the scheduled sweep that catches up after a crash). */
  async sweep(): Promise<number> {
    let relayed = 0;
    for (;;) {
      const refs = await this.deps.outbox.pending(SWEEP_BATCH);
      for (const ref of refs) relayed += await this.flush(ref);
      if (refs.length < SWEEP_BATCH) return relayed;
    }
  }

  /** One item's outbox, right after a write to it. */
  async flush(ref: OutboxRef): Promise<number> {
    const events = await this.deps.outbox.read(ref);
    if (events.length === 0) {
      await this.deps.outbox.take(ref, []);
      return 0;
    }
    const endpoints = await this.endpoints();
    const messages: DeliveryMessage[] = [];
    for (const event of events) {
      for (const webhook of endpoints.filter((w) => subscribes(w, event))) {
        const delivery = await this.deliveryOf(webhook, event);
        await this.deps.webhooks.createDelivery(delivery);
        messages.push({ webhookId: webhook.webhookId, deliveryId: delivery.deliveryId, groupId: delivery.groupId });
      }
    }
    // Queued before the outbox lets go of them: a crash in between queues them again, and the
    // consumer skips a delivery already made.
    if (messages.length > 0) await this.deps.queue.send(messages);
    await this.deps.outbox.take(ref, events);
    return events.length;
  }

  /** A delivery of any event to one endpoint, queued now (a test event, a resend). */
  async enqueue(webhook: WebhookRecord, event: OutboxEvent): Promise<DeliveryRecord> {
    const delivery = await this.deliveryOf(webhook, event);
    if (!(await this.deps.webhooks.createDelivery(delivery))) {
      return (await this.deps.webhooks.getDelivery(webhook.webhookId, delivery.deliveryId)) ?? delivery;
    }
    await this.deps.queue.send([{ webhookId: webhook.webhookId, deliveryId: delivery.deliveryId, groupId: delivery.groupId }]);
    return delivery;
  }

  /** A stored delivery queued again as it is (a resend from the console), not deduplicated away. */
  async requeue(webhook: WebhookRecord, delivery: DeliveryRecord, sendId: string): Promise<void> {
    await this.deps.queue.send([{ webhookId: webhook.webhookId, deliveryId: delivery.deliveryId, groupId: delivery.groupId, sendId }]);
  }

  private async endpoints(): Promise<WebhookRecord[]> {
    const now = (this.deps.clock ?? (() => new Date()))().getTime();
    if (!this.endpointsCache || this.endpointsCache.until < now) {
      const endpoints = (await this.deps.webhooks.list()).filter((w) => w.enabled);
      this.endpointsCache = { endpoints, until: now + ENDPOINTS_TTL_MS };
    }
    return this.endpointsCache.endpoints;
  }

  private async deliveryOf(webhook: WebhookRecord, event: OutboxEvent): Promise<DeliveryRecord> {
    const finance = webhook.includeFinance && event.bookingId && event.type !== 'booking.step_failed' ? await this.deps.finance(event.bookingId) : undefined;
    const money = finance && { revenue: finance.revenue, captainFee: finance.captainFee, platformFee: finance.platformFee, currency: finance.currency };
    const body = JSON.stringify({ type: event.type, timestamp: event.at, data: { ...event.data, ...(money ? { finance: money } : {}) } });
    return {
      deliveryId: deliveryIdOf(webhook.webhookId, event.eventId),
      webhookId: webhook.webhookId,
      eventId: event.eventId,
      type: event.type,
      body,
      // One booking's events reach an endpoint in version order, one at a time.
      groupId: `${webhook.webhookId}.${event.bookingId ?? event.eventId}`,
      status: 'pending',
      attempts: 0,
      createdAt: event.at,
    };
  }
}

function subscribes(webhook: WebhookRecord, event: OutboxEvent): boolean {
  return event.type === TEST_EVENT_TYPE || (webhook.events as string[]).includes(event.type);
}
