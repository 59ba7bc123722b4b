import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NotificationClaim, NotificationRepository } from '@scc/core';
import { callDynamo } from './errors';

const key = (eventId: string, crewId: string, kind: string) => ({
  pk: `EVENT#${eventId}`,
  sk: `NOTIFY#${crewId}#${kind}`,
});

/**
 * One item per message a crew member should get once. The conditional put is the claim: of
 * any number of concurrent senders exactly one wins, and a sent message is never sent again.
 */
export class DynamoNotificationRepository implements NotificationRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(eventId: string, crewId: string, kind: string, now: Date): Promise<NotificationClaim> {
    try {
      await callDynamo('claimNotification', () =>
        this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...key(eventId, crewId, kind), entity: 'notification', status: 'sending', claimedAt: now.toISOString() },
            ConditionExpression: 'attribute_not_exists(pk) OR #status = :released',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':released': 'released' },
          }),
        ),
      );
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const { Item } = await callDynamo('getNotification', () =>
      this.db.send(new GetCommand({ TableName: this.tableName, Key: key(eventId, crewId, kind), ConsistentRead: true })),
    );
    return Item?.status === 'sent' ? 'sent' : 'unconfirmed';
  }

  async markSent(eventId: string, crewId: string, kind: string, messageId: string, now: Date): Promise<void> {
    await callDynamo('markNotificationSent', () =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(eventId, crewId, kind),
          UpdateExpression: 'SET #status = :sent, sentAt = :now, messageId = :messageId',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': 'sent', ':now': now.toISOString(), ':messageId': messageId },
        }),
      ),
    );
  }

  async release(eventId: string, crewId: string, kind: string): Promise<void> {
    await callDynamo('releaseNotification', () =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(eventId, crewId, kind),
          UpdateExpression: 'SET #status = :released',
          ConditionExpression: '#status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':released': 'released', ':sending': 'sending' },
        }),
      ),
    ).catch((error: unknown) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
  }
}
