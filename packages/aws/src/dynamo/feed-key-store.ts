import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AlreadyExistsError, type FeedKeyRecord, type FeedKeyRepository, type FeedKind, type FeedRef } from '@scc/core';
import { callDynamo } from './errors';
import { SingleTable, type StoredItem } from './single-table';

/**
 * Every rotated feed shares one index partition, so the console can list them: a few boats
 * and a roster's worth of people, far below one partition's limits.
 */
const FEEDS = 'FEEDS';
const ENTITY = 'feedKey';
const key = ({ kind, id }: FeedRef) => ({ pk: `FEED#${kind}#${id}`, sk: 'FEED' });

/**
 * The key generation of each outgoing feed (the keys themselves are derived, never stored).
 * No item means generation 1, so a feed works before anyone rotates it.
 */
export class DynamoFeedKeyRepository implements FeedKeyRepository {
  private readonly table: SingleTable;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.table = new SingleTable(db, tableName);
  }

  async get(feed: FeedRef): Promise<FeedKeyRecord | undefined> {
    const item = await this.table.get(key(feed));
    return item && fromItem(item);
  }

  /**
   * One atomic update: two rotations at once both count, and neither can hand out a URL the
   * other has already cut off. The condition keeps it from writing over another kind of item.
   */
  async rotate(feed: FeedRef, name: string, now: Date): Promise<FeedKeyRecord> {
    try {
      const result = await callDynamo('rotateFeedKey', () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key(feed),
            UpdateExpression:
              'SET generation = if_not_exists(generation, :one) + :one, version = if_not_exists(version, :zero) + :one, ' +
              'rotatedAt = :now, #name = :name, #kind = :kind, feedId = :id, entity = :entity, gsi1pk = :feeds, gsi1sk = :sortKey',
            ConditionExpression: 'attribute_not_exists(pk) OR entity = :entity',
            ExpressionAttributeNames: { '#name': 'name', '#kind': 'kind' },
            ExpressionAttributeValues: {
              ':one': 1,
              ':zero': 0,
              ':now': now.toISOString(),
              ':name': name,
              ':kind': feed.kind,
              ':id': feed.id,
              ':entity': ENTITY,
              ':feeds': FEEDS,
              ':sortKey': `${feed.kind}#${feed.id}`,
            },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return fromItem(result.Attributes as StoredItem);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new AlreadyExistsError(`Another item holds the key of feed ${feed.kind} ${feed.id}`, { cause: error });
      }
      throw error;
    }
  }

  async list(): Promise<FeedKeyRecord[]> {
    const records: FeedKeyRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.table.queryIndex(FEEDS, { limit: 100, ...(cursor ? { cursor } : {}) });
      records.push(...page.items.map(fromItem));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return records;
  }
}

/** An explicit projection, so table bookkeeping never leaks out. */
function fromItem(item: StoredItem): FeedKeyRecord {
  return {
    kind: item.kind as FeedKind,
    id: item.feedId as string,
    name: item.name as string,
    generation: item.generation as number,
    rotatedAt: item.rotatedAt as string,
  };
}
