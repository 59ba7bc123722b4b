import type { DeliveryRecord, WebhookRecord } from './webhook-schema';

/** Endpoints and their deliveries (one item each, on the endpoint's partition). */
export interface WebhookRepository {
  create(webhook: WebhookRecord): Promise<void>;
  get(webhookId: string): Promise<WebhookRecord | undefined>;
  list(): Promise<WebhookRecord[]>;
  /** Throws VersionConflictError when the stored version is not `expectedVersion`. */
  replace(webhook: WebhookRecord, expectedVersion: number): Promise<void>;
  delete(webhookId: string): Promise<void>;
  /** Creates the delivery unless it exists (the same event relayed twice is one delivery). */
  createDelivery(delivery: DeliveryRecord): Promise<boolean>;
  getDelivery(webhookId: string, deliveryId: string): Promise<DeliveryRecord | undefined>;
  saveDelivery(delivery: DeliveryRecord): Promise<void>;
  /** Newest first. */
  listDeliveries(webhookId: string, limit: number): Promise<DeliveryRecord[]>;
}
