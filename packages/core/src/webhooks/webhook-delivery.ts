import { Webhook } from 'standardwebhooks';
import type { Mailer, OutgoingEmail } from '../booking/ports';
import { VersionConflictError } from '../errors';
import type { Clock } from '../ports';
import type { DeliveryMessage, DeliveryVerdict, WebhookSender } from './ports';
import type { WebhookRepository } from './webhook-repository';
import type { DeliveryRecord, WebhookRecord } from './webhook-schema';

/** The queue's consumer: one attempt at one delivery. */
export interface DeliveryHandler {
  handle(message: DeliveryMessage, attempt: number): Promise<DeliveryVerdict>;
}

/** What the operator is told when an endpoint is disabled. */
export interface WebhookDisabledView {
  url: string;
  reason: string;
  /** Where the endpoint is turned back on. */
  consoleUrl: string;
}

export interface WebhookDeliveryDependencies {
  webhooks: WebhookRepository;
  sender: WebhookSender;
  mailer: Mailer;
  /** The operator's email, drawn by the pages package like every other email. */
  renderDisabled: (view: WebhookDisabledView) => Omit<OutgoingEmail, 'to'>;
  clock: Clock;
  /** Where the operator reads about it in the console. */
  consoleUrl: (webhookId: string) => string;
}

export const DELIVERY_TIMEOUT_MS = 10_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/**
 * Waits after each failed attempt: about 16 h of retries in 9 attempts, then one more 8 h
 * wait, so a delivery is tried for up to 24 h before it is given up.
 */
export const BACKOFF_MS = [30_000, 2 * MINUTE, 10 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR, 8 * HOUR] as const;
export const GIVE_UP_AFTER_MS = 24 * HOUR;
export const DISABLE_AFTER_MS = 3 * 24 * HOUR;

/** The delay before attempt `attempt + 1`: the schedule above, its last step repeated. */
export function backoffMs(attempt: number): number {
  return BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length) - 1] ?? BACKOFF_MS[0];
}

/**
 * Sends a delivery, signed per Standard Webhooks with every live secret of the endpoint, and
 * records the attempt. 2xx delivers; 410 disables the endpoint; anything else is retried with
 * backoff for up to 24 hours, and an endpoint failing for 3 days is disabled. The operator is
 * emailed when an endpoint is disabled.
 */
export class WebhookDelivery implements DeliveryHandler {
  constructor(private readonly deps: WebhookDeliveryDependencies) {}

  async handle(message: DeliveryMessage, _attempt: number): Promise<DeliveryVerdict> {
    const { webhooks, clock } = this.deps;
    const [webhook, delivery] = await Promise.all([webhooks.get(message.webhookId), webhooks.getDelivery(message.webhookId, message.deliveryId)]);
    if (!webhook || !delivery) return { outcome: 'dropped', reason: 'the endpoint or the delivery no longer exists' };
    // The consumer is idempotent by delivery (and so by webhook-id): a message seen twice sends once.
    if (delivery.status === 'delivered') return { outcome: 'delivered' };
    if (!webhook.enabled) return this.finish(delivery, 'dropped', 'the endpoint is disabled');
    const now = clock();
    let status: number | undefined;
    let error: string | undefined;
    try {
      ({ status } = await this.deps.sender.post(webhook.url, this.headersFor(webhook, delivery, now), delivery.body, DELIVERY_TIMEOUT_MS));
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
    // The last* fields describe this attempt alone: an answer clears an earlier attempt's
    // connection error, and a connection error an earlier attempt's status.
    const { lastStatus: _status, lastError: _error, ...before } = delivery;
    const tried: DeliveryRecord = {
      ...before,
      attempts: delivery.attempts + 1,
      lastAttemptAt: now.toISOString(),
      ...(status !== undefined ? { lastStatus: status } : {}),
      ...(error !== undefined ? { lastError: error } : {}),
    };
    if (status !== undefined && status >= 200 && status < 300) {
      const { lastError: _, ...ok } = tried;
      await webhooks.saveDelivery({ ...ok, status: 'delivered', deliveredAt: now.toISOString() });
      if (webhook.failingSince) await this.updateWebhook(webhook, (w) => ({ ...w, failingSince: undefined }));
      return { outcome: 'delivered' };
    }
    if (status === 410) {
      await this.disable(webhook, 'The endpoint answered 410 Gone');
      return this.finish(tried, 'dropped', 'the endpoint answered 410 Gone');
    }
    const failingSince = webhook.failingSince ?? now.toISOString();
    if (now.getTime() - Date.parse(failingSince) >= DISABLE_AFTER_MS) {
      await this.disable(webhook, 'Every delivery failed for 3 days');
      return this.finish(tried, 'dropped', 'the endpoint failed for 3 days and was disabled');
    }
    if (!webhook.failingSince) await this.updateWebhook(webhook, (w) => ({ ...w, failingSince }));
    if (now.getTime() - Date.parse(delivery.createdAt) >= GIVE_UP_AFTER_MS) {
      return this.finish(tried, 'failed', 'no success within 24 hours');
    }
    await webhooks.saveDelivery({ ...tried, status: 'pending' });
    // The delivery's own count: a queue's receive count also rises while a message waits
    // behind another of its group.
    return { outcome: 'retry', delayMs: backoffMs(tried.attempts) };
  }

  /** The Standard Webhooks headers; during a rotation's grace both secrets sign. */
  headersFor(webhook: WebhookRecord, delivery: DeliveryRecord, now: Date): Record<string, string> {
    const live = webhook.secrets.filter((s) => !s.until || Date.parse(s.until) > now.getTime());
    const signatures = live.map((s) => new Webhook(s.secret).sign(delivery.eventId, now, delivery.body));
    return {
      'content-type': 'application/json',
      'webhook-id': delivery.eventId,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signatures.join(' '),
    };
  }

  private async finish(delivery: DeliveryRecord, status: 'failed' | 'dropped', reason: string): Promise<DeliveryVerdict> {
    await this.deps.webhooks.saveDelivery({ ...delivery, status, lastError: delivery.lastError ?? reason });
    return { outcome: 'dropped', reason };
  }

  private async disable(webhook: WebhookRecord, reason: string): Promise<void> {
    const at = this.deps.clock().toISOString();
    const changed = await this.updateWebhook(webhook, (w) => (w.enabled ? { ...w, enabled: false, disabled: { reason, at } } : w));
    if (changed && webhook.notifyEmail) {
      const email = this.deps.renderDisabled({ url: webhook.url, reason, consoleUrl: this.deps.consoleUrl(webhook.webhookId) });
      await this.deps.mailer.send({ to: webhook.notifyEmail, ...email }).catch(() => undefined);
    }
  }

  /** A read-modify-write of the endpoint; `true` when this call changed it. */
  private async updateWebhook(webhook: WebhookRecord, change: (w: WebhookRecord) => WebhookRecord): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = attempt === 0 ? webhook : await this.deps.webhooks.get(webhook.webhookId);
      if (!current) return false;
      const next = change(current);
      if (next === current) return false;
      try {
        await this.deps.webhooks.replace({ ...stripUndefined(next), version: current.version + 1, updatedAt: this.deps.clock().toISOString() }, current.version);
        return true;
      } catch (error) {
        // Someone else changed it meanwhile: read again.
        if (!(error instanceof VersionConflictError)) throw error;
      }
    }
    return false;
  }
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
