import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { OutboxEvent, OutboxRef, OutboxRepository } from '@scc/core';
import { callDynamo } from './errors';

/**
 * Outboxes live on the items whose changes they report (an `outbox` list, appended in the
 * same conditional write as the change). To find them without a scan, a marker item under
 * `OUTBOX` is put *before* each appending write: a crash after the write leaves the marker,
 * so the sweep finds the events; a crash before it leaves a marker over an empty outbox,
 * which reports nothing. Markers stay an hour after their last write, so a writer between
 * its marker and its append is never left without one.
 */
const MARKERS = 'OUTBOX';
export const MARKER_KEEP_MS = 60 * 60 * 1000;

type Ref = OutboxRef & { markerAt?: string };

export class DynamoOutboxRepository implements OutboxRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Before a write that appends to `ref`'s outbox. */
  async mark(ref: OutboxRef): Promise<void> {
    await callDynamo('markOutbox', () =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: MARKERS, sk: `${ref.pk}#${ref.sk}`, itemPk: ref.pk, itemSk: ref.sk, at: this.clock().toISOString(), entity: 'outbox-marker', version: 1 },
        }),
      ),
    );
  }

  async pending(limit: number): Promise<Ref[]> {
    const result = await callDynamo('listOutboxes', () =>
      this.db.send(new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': MARKERS }, Limit: limit })),
    );
    return (result.Items ?? []).map((item) => ({ pk: item.itemPk as string, sk: item.itemSk as string, markerAt: item.at as string }));
  }

  async read(ref: OutboxRef): Promise<OutboxEvent[]> {
    const result = await callDynamo('readOutbox', () =>
      this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: ref.pk, sk: ref.sk }, ProjectionExpression: 'outbox', ConsistentRead: true })),
    );
    return (result.Item?.outbox as OutboxEvent[] | undefined) ?? [];
  }

  async take(ref: Ref, events: readonly OutboxEvent[]): Promise<void> {
    // Nothing taken and no marker to clear (a flush right after a write): nothing to do.
    if (events.length === 0 && !ref.markerAt) return;
    let left = events.length === 0 ? (await this.read(ref)).length : undefined;
    if (events.length > 0) {
      try {
        const result = await callDynamo('takeOutbox', () =>
          this.db.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: { pk: ref.pk, sk: ref.sk },
              // Highest index first: DynamoDB reads every index against the list as it was,
              // the embedded local DynamoDB one removal after another; both agree this way.
              UpdateExpression: `REMOVE ${events.map((_, i) => `outbox[${events.length - 1 - i}]`).join(', ')}`,
              // Still the events read: appends go after them, and nobody else took them.
              ConditionExpression: 'outbox[0].eventId = :first AND outbox[' + (events.length - 1) + '].eventId = :last',
              ExpressionAttributeValues: { ':first': events[0]!.eventId, ':last': events[events.length - 1]!.eventId },
              ReturnValues: 'ALL_NEW',
            }),
          ),
        );
        left = ((result.Attributes?.outbox as unknown[] | undefined) ?? []).length;
      } catch (error) {
        // Another relay took them first: they are queued either way.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        return;
      }
    }
    if (left === 0 && ref.markerAt && this.clock().getTime() - Date.parse(ref.markerAt) > MARKER_KEEP_MS) {
      await this.unmark(ref, ref.markerAt);
    }
  }

  private async unmark(ref: OutboxRef, at: string): Promise<void> {
    try {
      await callDynamo('unmarkOutbox', () =>
        this.db.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: { pk: MARKERS, sk: `${ref.pk}#${ref.sk}` },
            ConditionExpression: '#at = :at',
            ExpressionAttributeNames: { '#at': 'at' },
            ExpressionAttributeValues: { ':at': at },
          }),
        ),
      );
    } catch (error) {
      // Marked again meanwhile: a new event may be on its way, so the marker stays.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
