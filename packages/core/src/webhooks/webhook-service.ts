import { randomBytes } from 'node:crypto';
import { NotFoundError } from '../errors';
import { newId } from '../ids';
import type { Clock } from '../ports';
import { TEST_EVENT_TYPE } from './event-schema';
import { newEventId } from './booking-events';
import type { OutboxRelay } from './outbox-relay';
import type { WebhookRepository } from './webhook-repository';
import { type DeliveryRecord, type WebhookCreate, type WebhookRecord, type WebhookView, webhookView } from './webhook-schema';

/** How long a rotated-out secret keeps signing beside the new one. */
export const ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/** The operator's webhook endpoints: made, listed, rotated, tested, and their deliveries. */
export class WebhookService {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  /** The secret is in this answer and in the rotation's, never again. */
  async create(input: WebhookCreate): Promise<WebhookView & { secret: string }> {
    const now = this.clock().toISOString();
    const secret = newSecret();
    const record: WebhookRecord = { ...input, webhookId: newId('wh'), secrets: [{ secret, createdAt: now }], enabled: true, version: 1, createdAt: now, updatedAt: now };
    await this.webhooks.create(record);
    this.relay.forgetEndpoints();
    return { ...webhookView(record), secret };
  }

  async list(): Promise<WebhookView[]> {
    return (await this.webhooks.list()).sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map(webhookView);
  }

  async get(webhookId: string): Promise<WebhookView> {
    return webhookView(await this.record(webhookId));
  }

  async delete(webhookId: string): Promise<void> {
    await this.record(webhookId);
    await this.webhooks.delete(webhookId);
    this.relay.forgetEndpoints();
  }

  /** Turns an endpoint back on (after it was disabled) or off. */
  async setEnabled(webhookId: string, enabled: boolean): Promise<WebhookView> {
    const current = await this.record(webhookId);
    const { disabled: _, failingSince: _f, ...rest } = current;
    const next: WebhookRecord = enabled
      ? { ...rest, enabled: true }
      : { ...current, enabled: false, disabled: { reason: 'Disabled by the operator', at: this.clock().toISOString() } };
    return webhookView(await this.save(current, next));
  }

  /**
   * A new secret signs from now on; the old one signs too for 24 hours, so the receiver can
   * switch without missing a delivery. Secrets rotated out before are dropped.
   */
  async rotate(webhookId: string): Promise<WebhookView & { secret: string }> {
    const current = await this.record(webhookId);
    const now = this.clock();
    const secret = newSecret();
    const until = new Date(now.getTime() + ROTATION_GRACE_MS).toISOString();
    const kept = current.secrets.filter((s) => !s.until).map((s) => ({ ...s, until }));
    const next = { ...current, secrets: [{ secret, createdAt: now.toISOString() }, ...kept] };
    return { ...webhookView(await this.save(current, next)), secret };
  }

  /** A `webhook.test` event to this endpoint, now, whatever it subscribed to. */
  async test(webhookId: string): Promise<DeliveryRecord> {
    const webhook = await this.record(webhookId);
    const at = this.clock().toISOString();
    return this.relay.enqueue(webhook, {
      eventId: newEventId(this.clock),
      type: TEST_EVENT_TYPE,
      at,
      data: { webhookId, message: 'A test event from ShipCaptainCrew' },
    });
  }

  async deliveries(webhookId: string, limit = 50): Promise<DeliveryRecord[]> {
    await this.record(webhookId);
    return this.webhooks.listDeliveries(webhookId, limit);
  }

  /** Sends a delivery again (same webhook-id and body, so a receiver that has it can skip it). */
  async resend(webhookId: string, deliveryId: string): Promise<DeliveryRecord> {
    const webhook = await this.record(webhookId);
    const delivery = await this.webhooks.getDelivery(webhookId, deliveryId);
    if (!delivery) throw new NotFoundError(`No delivery ${deliveryId}`, { details: { webhookId, deliveryId } });
    const again: DeliveryRecord = { ...delivery, status: 'pending', createdAt: this.clock().toISOString() };
    await this.webhooks.saveDelivery(again);
    await this.relay.requeue(webhook, again, `${deliveryId}.resent-${Date.parse(again.createdAt).toString(36)}`);
    return again;
  }

  private async save(current: WebhookRecord, next: WebhookRecord): Promise<WebhookRecord> {
    const saved = { ...next, version: current.version + 1, updatedAt: this.clock().toISOString() };
    await this.webhooks.replace(saved, current.version);
    this.relay.forgetEndpoints();
    return saved;
  }

  private async record(webhookId: string): Promise<WebhookRecord> {
    const found = await this.webhooks.get(webhookId);
    if (!found) throw new NotFoundError(`No webhook ${webhookId}`, { details: { webhookId } });
    return found;
  }
}
