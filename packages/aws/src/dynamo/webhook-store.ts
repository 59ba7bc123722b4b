import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DeliveryRecord, WebhookRecord, WebhookRepository } from '@scc/core';
import { callDynamo } from './errors';
import { SingleTable, type StoredItem } from './single-table';

const ALL_WEBHOOKS = 'WEBHOOKS';
const webhookKey = (webhookId: string) => ({ pk: `WEBHOOK#${webhookId}`, sk: 'WEBHOOK' });
/** Delivery ids start with the event id, which starts with its time: the sort key orders them. */
const deliveryKey = (webhookId: string, deliveryId: string) => ({ pk: `WEBHOOK#${webhookId}`, sk: `DELIVERY#${deliveryId}` });

/** Webhook endpoints and, on each endpoint's partition, its deliveries. */
export class DynamoWebhookRepository implements WebhookRepository {
  private readonly table: SingleTable;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.table = new SingleTable(db, tableName);
  }

  async create(webhook: WebhookRecord): Promise<void> {
    await this.table.create({ ...webhookKey(webhook.webhookId), gsi1pk: ALL_WEBHOOKS, gsi1sk: webhook.webhookId, entity: 'webhook', ...webhook }, `Webhook ${webhook.webhookId}`);
  }

  async get(webhookId: string): Promise<WebhookRecord | undefined> {
    const item = await this.table.get(webhookKey(webhookId));
    return item && webhookOf(item);
  }

  async list(): Promise<WebhookRecord[]> {
    const all: WebhookRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.table.queryIndex(ALL_WEBHOOKS, { limit: 100, ...(cursor ? { cursor } : {}) });
      all.push(...page.items.map(webhookOf));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  }

  async replace(webhook: WebhookRecord, expectedVersion: number): Promise<void> {
    await this.table.replace(
      { ...webhookKey(webhook.webhookId), gsi1pk: ALL_WEBHOOKS, gsi1sk: webhook.webhookId, entity: 'webhook', ...webhook },
      expectedVersion,
      `Webhook ${webhook.webhookId}`,
    );
  }

  /** The endpoint and its deliveries. */
  async delete(webhookId: string): Promise<void> {
    await this.table.deleteMany(await this.table.partition(`WEBHOOK#${webhookId}`));
  }

  async createDelivery(delivery: DeliveryRecord): Promise<boolean> {
    try {
      await callDynamo('createDelivery', () =>
        this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...deliveryKey(delivery.webhookId, delivery.deliveryId), entity: 'delivery', version: 1, ...delivery },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async getDelivery(webhookId: string, deliveryId: string): Promise<DeliveryRecord | undefined> {
    const item = await this.table.get(deliveryKey(webhookId, deliveryId));
    return item && deliveryOf(item);
  }

  async saveDelivery(delivery: DeliveryRecord): Promise<void> {
    await callDynamo('saveDelivery', () =>
      this.db.send(
        new PutCommand({ TableName: this.tableName, Item: { ...deliveryKey(delivery.webhookId, delivery.deliveryId), entity: 'delivery', version: 1, ...delivery } }),
      ),
    );
  }

  async listDeliveries(webhookId: string, limit: number): Promise<DeliveryRecord[]> {
    const result = await callDynamo('listDeliveries', () =>
      this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :deliveries)',
          ExpressionAttributeValues: { ':pk': `WEBHOOK#${webhookId}`, ':deliveries': 'DELIVERY#' },
          ScanIndexForward: false,
          Limit: limit,
          ConsistentRead: true,
        }),
      ),
    );
    return (result.Items ?? []).map((item) => deliveryOf(item as StoredItem));
  }
}

function webhookOf(item: StoredItem): WebhookRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, entity: _e, ...rest } = item;
  return rest as unknown as WebhookRecord;
}

function deliveryOf(item: StoredItem): DeliveryRecord {
  const { pk: _pk, sk: _sk, entity: _e, version: _v, ...rest } = item;
  return rest as unknown as DeliveryRecord;
}
