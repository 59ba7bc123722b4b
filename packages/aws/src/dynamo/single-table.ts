import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  AlreadyExistsError,
  NotFoundError,
  type Page,
  type PageRequest,
  VersionConflictError,
} from '@scc/core';
import { decodeCursor, encodeCursor } from './cursor';
import { unavailableError } from '../aws-errors';
import { callDynamo } from './errors';
import { GSI1 } from './table';

export type ItemKey = {
  pk: string;
  sk: string;
};

export type UpdateInput = Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>;

export type StoredItem = ItemKey & {
  gsi1pk?: string;
  gsi1sk?: string;
  version: number;
  [attribute: string]: unknown;
};

/** The few single-item operations every entity in the table needs, with conditions. */
export class SingleTable {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(item: StoredItem, label: string): Promise<void> {
    try {
      await callDynamo('create', () =>
        this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: item,
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new AlreadyExistsError(`${label} already exists`, {
          details: { id: label },
          cause: error,
        });
      }
      throw error;
    }
  }

  async get(key: ItemKey): Promise<StoredItem | undefined> {
    const result = await callDynamo('get', () =>
      this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true })),
    );
    return result.Item as StoredItem | undefined;
  }

  /** Up to 100 keys, in any order; unprocessed keys are fetched again. */
  async getMany(keys: ItemKey[]): Promise<StoredItem[]> {
    const items: StoredItem[] = [];
    let pending: Record<string, unknown>[] = dedupe(keys);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await sleep(20 * 2 ** attempt);
      const result = await callDynamo('getMany', () =>
        this.db.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } },
          }),
        ),
      );
      items.push(...((result.Responses?.[this.tableName] ?? []) as StoredItem[]));
      pending = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      if (attempt >= 5 && pending.length > 0) {
        const cause = new UnprocessedKeysError(`BatchGetItem left ${pending.length} of ${keys.length} keys unprocessed after ${attempt + 1} calls`);
        throw unavailableError('dynamodb', 'getMany', cause);
      }
    }
    return items;
  }

  /**
   * Any number of keys: BatchGetItem 100 keys a call (each call sends its unprocessed keys again,
   * as getMany does), at most `parallel` calls in flight. Missing items are simply absent.
   */
  async getAll(keys: readonly ItemKey[], parallel = 4): Promise<StoredItem[]> {
    const unique = dedupe([...keys]);
    const chunks: ItemKey[][] = [];
    for (let i = 0; i < unique.length; i += 100) chunks.push(unique.slice(i, i + 100));
    const found: StoredItem[][] = new Array(chunks.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < chunks.length; i = next++) found[i] = await this.getMany(chunks[i]!);
    };
    await Promise.all(Array.from({ length: Math.min(parallel, chunks.length) }, worker));
    return found.flat();
  }

  /** Overwrites the item only if it still has `expectedVersion` (optimistic locking). */
  async replace(item: StoredItem, expectedVersion: number, label: string): Promise<void> {
    try {
      await callDynamo('replace', () =>
        this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: item,
            ConditionExpression: 'attribute_exists(pk) AND version = :expected',
            ExpressionAttributeValues: { ':expected': expectedVersion },
          }),
        ),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const current = await this.get({ pk: item.pk, sk: item.sk });
      if (!current) throw new NotFoundError(`${label} does not exist`, { cause: error });
      throw new VersionConflictError(`${label} was changed by someone else`, {
        details: { currentVersion: current.version, expectedVersion },
        cause: error,
      });
    }
  }

  /**
   * Items of one GSI partition in sort-key order, optionally only those whose sort key lies
   * between `from` and `to`. Sort keys carry an `#id` suffix, so a bare `to` bound excludes
   * items that start exactly at it: the range is half-open.
   */
  async queryIndex(
    gsi1pk: string,
    page: PageRequest,
    range?: { from: string; to: string },
  ): Promise<Page<StoredItem>> {
    const result = await callDynamo('query', () =>
      this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: GSI1,
          KeyConditionExpression: range
            ? 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to'
            : 'gsi1pk = :pk',
          ExpressionAttributeValues: range
            ? { ':pk': gsi1pk, ':from': range.from, ':to': range.to }
            : { ':pk': gsi1pk },
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor, gsi1pk),
        }),
      ),
    );
    return {
      items: (result.Items ?? []) as StoredItem[],
      nextCursor: encodeCursor(result.LastEvaluatedKey),
    };
  }

  update(operation: string, input: UpdateInput) {
    return callDynamo(operation, () => this.db.send(new UpdateCommand({ TableName: this.tableName, ...input })));
  }

  /** An update whose failed condition is an answer (`false`), not an error. */
  async conditional(operation: string, input: UpdateInput): Promise<boolean> {
    try {
      await this.update(operation, input);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Every item of a partition (`sk` beginning with `prefix`, when given), read consistently. */
  async partition(pk: string, prefix?: string): Promise<StoredItem[]> {
    const items: StoredItem[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const result = await callDynamo('queryPartition', () =>
        this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
            ExpressionAttributeValues: { ':pk': pk, ...(prefix ? { ':prefix': prefix } : {}) },
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      items.push(...((result.Items ?? []) as StoredItem[]));
      start = result.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** Deletes items 25 at a time (BatchWriteItem), sending unprocessed ones again with backoff. */
  async deleteMany(keys: readonly ItemKey[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 25) {
      let pending: Record<string, unknown>[] = keys.slice(i, i + 25).map(({ pk, sk }) => ({ DeleteRequest: { Key: { pk, sk } } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await sleep(20 * 2 ** attempt);
        const result = await callDynamo('deleteMany', () =>
          this.db.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending as never } })),
        );
        pending = (result.UnprocessedItems?.[this.tableName] ?? []) as Record<string, unknown>[];
      }
    }
  }
}

/** DynamoDB kept answering a batch read with some keys unprocessed (throttling, in practice). */
export class UnprocessedKeysError extends Error {
  override readonly name = 'UnprocessedKeysError';
}

function dedupe(keys: ItemKey[]): ItemKey[] {
  const seen = new Map(keys.map((key) => [`${key.pk}\u0000${key.sk}`, key]));
  return [...seen.values()];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
