import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ClientRate, OutboxEvent, PhotoRecord, PhotoRepository } from '@scc/core';
import { callDynamo } from './errors';
import { DynamoOutboxRepository } from './outbox-store';
import { SingleTable } from './single-table';

const photoKey = (eventId: string, photoId: string) => ({ pk: `EVENT#${eventId}`, sk: `PHOTO#${photoId}` });
/**
 * The count of an event's completed uploads, its cap's only measure. (The earlier `PHOTOSLOTS`
 * item counted uploads when they started, including ones never sent; it is no longer read.)
 */
const completedKey = (eventId: string) => ({ pk: `EVENT#${eventId}`, sk: 'PHOTOSCOMPLETED' });
/** Rate-limit buckets expire on their own (the table's TTL attribute is `expiresAt`), this long after they are full again. */
const RATE_TTL_SECONDS = 10 * 60;

/** Guest uploads: one item per photo under its event, plus counters for the limits. */
export class DynamoPhotoRepository implements PhotoRepository {
  private readonly outbox: DynamoOutboxRepository;
  private readonly table: SingleTable;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.outbox = new DynamoOutboxRepository(db, tableName);
    this.table = new SingleTable(db, tableName);
  }

  async countCompleted(eventId: string): Promise<number> {
    const { Item } = await callDynamo('countCompletedPhotos', () =>
      this.db.send(new GetCommand({ TableName: this.tableName, Key: completedKey(eventId), ConsistentRead: true })),
    );
    return typeof Item?.taken === 'number' ? Item.taken : 0;
  }

  /** One conditional ADD on one item: DynamoDB serialises them, so `max` holds under any concurrency. */
  takeSlot(eventId: string, max: number): Promise<boolean> {
    return this.table.conditional('takePhotoSlot', {
      Key: completedKey(eventId),
      UpdateExpression: 'ADD taken :one',
      ConditionExpression: 'attribute_not_exists(taken) OR taken < :max',
      ExpressionAttributeValues: { ':one': 1, ':max': max },
    });
  }

  async releaseSlot(eventId: string): Promise<void> {
    // A refused condition means nothing to give back: the count is already zero.
    await this.table.conditional('releasePhotoSlot', {
      Key: completedKey(eventId),
      UpdateExpression: 'ADD taken :minusOne',
      ConditionExpression: 'taken > :zero',
      ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
    });
  }

  /**
   * The guest's token bucket as GCRA (core policy.ts `takeToken`), with no read first and no
   * retry loop: one number, `tat`, the time the bucket is full again. Either the bucket is full
   * (`tat` is past: it becomes now + one interval) or there is room (`tat` within burst − 1
   * intervals of now: it moves on one interval); each is one conditional write, and DynamoDB
   * serialises them, so concurrent starts never take more than the bucket holds. Refused by
   * both, one read says how long until a start fits. The item expires once the bucket is full.
   */
  async takeClientToken(clientKey: string, now: Date, rate: ClientRate): Promise<{ allowed: true } | { allowed: false; retryAfterMs: number }> {
    const key = { pk: `RATE#${clientKey}`, sk: 'BUCKET' };
    const at = now.getTime();
    const limit = at + (rate.burst - 1) * rate.intervalMs;
    const expiresAt = Math.ceil((at + rate.burst * rate.intervalMs) / 1000) + RATE_TTL_SECONDS;
    const conditional = (operation: string, update: string, condition: string, values: Record<string, unknown>) =>
      this.table.conditional(operation, {
        Key: key,
        UpdateExpression: `${update}, expiresAt = :expiresAt`,
        ConditionExpression: condition,
        ExpressionAttributeValues: { ...values, ':expiresAt': expiresAt },
      });
    if (await conditional('refillClientBucket', 'SET tat = :next', 'attribute_not_exists(tat) OR tat < :now', { ':next': at + rate.intervalMs, ':now': at })) {
      return { allowed: true };
    }
    if (await conditional('takeClientToken', 'SET tat = tat + :interval', 'tat <= :limit', { ':interval': rate.intervalMs, ':limit': limit })) {
      return { allowed: true };
    }
    const { Item } = await callDynamo('readClientBucket', () =>
      this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true })),
    );
    const tat = typeof Item?.tat === 'number' ? Item.tat : limit + rate.intervalMs;
    return { allowed: false, retryAfterMs: Math.max(1, tat - limit) };
  }

  async create(photo: PhotoRecord): Promise<void> {
    await callDynamo('createPhoto', () =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...photoKey(photo.eventId, photo.photoId), entity: 'photo', ...photo },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async get(eventId: string, photoId: string): Promise<PhotoRecord | undefined> {
    const { Item } = await callDynamo('getPhoto', () =>
      this.db.send(new GetCommand({ TableName: this.tableName, Key: photoKey(eventId, photoId), ConsistentRead: true })),
    );
    return Item ? fromItem(Item) : undefined;
  }

  /** Conditional on the upload still pending, so two concurrent completes count it once. */
  async markComplete(eventId: string, photoId: string, completedAt: string, events?: readonly OutboxEvent[]): Promise<PhotoRecord | undefined> {
    // The outbox's marker goes first (outbox-store.ts says why).
    if (events?.length) await this.outbox.mark(photoKey(eventId, photoId));
    try {
      const { Attributes } = await callDynamo('completePhoto', () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: photoKey(eventId, photoId),
            UpdateExpression: `SET #status = :complete, completedAt = :at${events?.length ? ', outbox = list_append(if_not_exists(outbox, :noEvents), :events)' : ''}`,
            ConditionExpression: 'attribute_exists(pk) AND #status <> :complete',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':complete': 'complete', ':at': completedAt, ...(events?.length ? { ':noEvents': [], ':events': events } : {}) },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return Attributes ? fromItem(Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async listComplete(eventId: string): Promise<PhotoRecord[]> {
    const photos: PhotoRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await callDynamo('listPhotos', () =>
        this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :photo)',
            FilterExpression: '#status = :complete',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':pk': `EVENT#${eventId}`, ':photo': 'PHOTO#', ':complete': 'complete' },
            ExclusiveStartKey: start,
          }),
        ),
      );
      photos.push(...(page.Items ?? []).map(fromItem));
      start = page.LastEvaluatedKey;
    } while (start);
    return photos.sort((a, b) => (b.completedAt ?? '').localeCompare(a.completedAt ?? ''));
  }
}

function fromItem(item: Record<string, unknown>): PhotoRecord {
  const photo: PhotoRecord = {
    photoId: item.photoId as string,
    eventId: item.eventId as string,
    key: item.key as string,
    contentType: item.contentType as string,
    size: item.size as number,
    filename: item.filename as string,
    status: item.status as PhotoRecord['status'],
    createdAt: item.createdAt as string,
  };
  if (typeof item.uploadId === 'string') photo.uploadId = item.uploadId;
  if (typeof item.partSize === 'number') photo.partSize = item.partSize;
  if (typeof item.completedAt === 'string') photo.completedAt = item.completedAt;
  return photo;
}
