import * as z from 'zod';
import { WEBHOOK_EVENT_TYPES } from './event-schema';

export const webhookCreateSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'Use the endpoint’s https:// address' }).max(2048),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, 'Subscribe to at least one event').max(WEBHOOK_EVENT_TYPES.length),
  /** Money (revenue, fees) in booking events; off unless asked for when the endpoint is made. */
  includeFinance: z.boolean().default(false),
  description: z.string().trim().max(200).optional(),
  /** Told when the endpoint is disabled (it answered 410, or failed for 3 days). */
  notifyEmail: z.email().optional(),
});
export type WebhookCreate = z.output<typeof webhookCreateSchema>;

export interface WebhookSecret {
  /** `whsec_` + base64 of 24 random bytes, as the Standard Webhooks libraries expect. */
  secret: string;
  createdAt: string;
  /** A rotated-out secret still signs until then, so receivers can switch without a gap. */
  until?: string;
}

export interface WebhookRecord extends WebhookCreate {
  webhookId: string;
  secrets: WebhookSecret[];
  enabled: boolean;
  disabled?: { reason: string; at: string };
  /** The first failure since the last success: 3 days of it disables the endpoint. */
  failingSince?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** An endpoint as listed: its secrets are shown once, when made or rotated, never again. */
export type WebhookView = Omit<WebhookRecord, 'secrets'>;

export function webhookView({ secrets: _, ...rest }: WebhookRecord): WebhookView {
  return rest;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'dropped';

/** One event sent (or being sent) to one endpoint. */
export interface DeliveryRecord {
  deliveryId: string;
  webhookId: string;
  eventId: string;
  type: string;
  /** The exact body signed and sent. */
  body: string;
  groupId: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatus?: number;
  lastError?: string;
  lastAttemptAt?: string;
  deliveredAt?: string;
  createdAt: string;
}
