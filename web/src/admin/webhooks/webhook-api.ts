import type { InferRequestType, InferResponseType } from 'hono/client';
import type { ApiClient } from '../../api-client';
import { data, send } from '../session';
import type { Ctx } from '../ui';

type Webhooks = ApiClient['webhooks'];
type One = Webhooks[':webhookId'];

/** An endpoint as listed: never its secret. */
export type WebhookView = InferResponseType<Webhooks['$get'], 200>['items'][number];
export type WebhookCreate = InferRequestType<Webhooks['$post']>['json'];
/** An endpoint with its signing secret: the only time the secret is shown. */
export type WebhookWithSecret = InferResponseType<Webhooks['$post'], 201>;
export type DeliveryView = InferResponseType<One['deliveries']['$get'], 200>['items'][number];

export async function listWebhooks(ctx: Ctx): Promise<WebhookView[]> {
  return (await data(ctx.api.webhooks.$get())).items;
}

export function getWebhook(ctx: Ctx, webhookId: string): Promise<WebhookView> {
  return data(ctx.api.webhooks[':webhookId'].$get({ param: { webhookId } }));
}

export function createWebhook(ctx: Ctx, json: WebhookCreate): Promise<WebhookWithSecret> {
  return data(ctx.api.webhooks.$post({ json }));
}

/** On again after it was disabled (410, 3 days of failures), or off. */
export function setEnabled(ctx: Ctx, webhookId: string, enabled: boolean): Promise<WebhookView> {
  return data(ctx.api.webhooks[':webhookId'].$patch({ param: { webhookId }, json: { enabled } }));
}

export async function deleteWebhook(ctx: Ctx, webhookId: string): Promise<void> {
  await send(ctx.api.webhooks[':webhookId'].$delete({ param: { webhookId } }));
}

/** A new secret, shown once; the old one keeps signing for 24 hours. */
export function rotateSecret(ctx: Ctx, webhookId: string): Promise<WebhookWithSecret> {
  return data(ctx.api.webhooks[':webhookId'].rotate.$post({ param: { webhookId } }));
}

/** A `webhook.test` event to this endpoint, now. */
export function sendTest(ctx: Ctx, webhookId: string): Promise<DeliveryView> {
  return data(ctx.api.webhooks[':webhookId'].test.$post({ param: { webhookId } }));
}

/** Newest first. */
export async function listDeliveries(ctx: Ctx, webhookId: string, limit = 50): Promise<DeliveryView[]> {
  return (await data(ctx.api.webhooks[':webhookId'].deliveries.$get({ param: { webhookId }, query: { limit: String(limit) } }))).items;
}

/** The same event again (same webhook-id and body, so a receiver that has it can skip it). */
export function resendDelivery(ctx: Ctx, webhookId: string, deliveryId: string): Promise<DeliveryView> {
  return data(ctx.api.webhooks[':webhookId'].deliveries[':deliveryId'].resend.$post({ param: { webhookId, deliveryId } }));
}
