/** In-memory webhook stores with the DynamoDB stores' conditions. Test support only. */
import { VersionConflictError } from '../../errors';
import type { MemoryBookings } from '../../booking/testing/memory-ports';
import type { DeliveryMessage, DeliveryQueue, OutboxEvent, OutboxRef, OutboxRepository } from '../ports';
import type { WebhookRepository } from '../webhook-repository';
import type { DeliveryRecord, WebhookRecord } from '../webhook-schema';

const copy = <T>(value: T): T => structuredClone(value);

export class MemoryWebhooks implements WebhookRepository {
  readonly webhooks = new Map<string, WebhookRecord>();
  readonly deliveries = new Map<string, DeliveryRecord>();

  async create(webhook: WebhookRecord) {
    this.webhooks.set(webhook.webhookId, copy(webhook));
  }
  async get(webhookId: string) {
    const found = this.webhooks.get(webhookId);
    return found && copy(found);
  }
  async list() {
    return [...this.webhooks.values()].map(copy);
  }
  async replace(webhook: WebhookRecord, expectedVersion: number) {
    if (this.webhooks.get(webhook.webhookId)?.version !== expectedVersion) throw new VersionConflictError('changed');
    this.webhooks.set(webhook.webhookId, copy(webhook));
  }
  async delete(webhookId: string) {
    this.webhooks.delete(webhookId);
  }
  async createDelivery(delivery: DeliveryRecord) {
    const key = `${delivery.webhookId}/${delivery.deliveryId}`;
    if (this.deliveries.has(key)) return false;
    this.deliveries.set(key, copy(delivery));
    return true;
  }
  async getDelivery(webhookId: string, deliveryId: string) {
    const found = this.deliveries.get(`${webhookId}/${deliveryId}`);
    return found && copy(found);
  }
  async saveDelivery(delivery: DeliveryRecord) {
    this.deliveries.set(`${delivery.webhookId}/${delivery.deliveryId}`, copy(delivery));
  }
  async listDeliveries(webhookId: string, limit: number) {
    return [...this.deliveries.values()]
      .filter((d) => d.webhookId === webhookId)
      .sort((a, b) => b.deliveryId.localeCompare(a.deliveryId))
      .slice(0, limit)
      .map(copy);
  }
}

/** The memory bookings' outboxes, as the outbox store sees the booking items'. */
export class MemoryOutbox implements OutboxRepository {
  constructor(private readonly bookings: MemoryBookings) {}

  async pending(limit: number): Promise<OutboxRef[]> {
    return [...this.bookings.outbox.entries()]
      .filter(([, events]) => events.length > 0)
      .slice(0, limit)
      .map(([bookingId]) => ({ pk: `BOOKING#${bookingId}`, sk: 'BOOKING' }));
  }
  async read(ref: OutboxRef): Promise<OutboxEvent[]> {
    return copy(this.bookings.outbox.get(ref.pk.replace('BOOKING#', '')) ?? []);
  }
  async take(ref: OutboxRef, events: readonly OutboxEvent[]) {
    const id = ref.pk.replace('BOOKING#', '');
    const current = this.bookings.outbox.get(id) ?? [];
    if (events.length > 0 && current[0]?.eventId === events[0]?.eventId) this.bookings.outbox.set(id, current.slice(events.length));
  }
}

/** Records what was queued; `drain` hands it to a consumer in order. */
export class MemoryQueue implements DeliveryQueue {
  readonly sent: DeliveryMessage[] = [];
  async send(messages: readonly DeliveryMessage[]) {
    this.sent.push(...copy(messages));
  }
}
