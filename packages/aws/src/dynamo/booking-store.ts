import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  AlreadyExistsError,
  type BookingRecord,
  type BookingRepository,
  type Finance,
  type InstantRange,
  type Page,
  type PageRequest,
  type StepName,
  type StepState,
  toUtcInstant,
} from '@scc/core';
import { callDynamo } from './errors';
import { SingleTable, type StoredItem } from './single-table';

/** Bookings by trip start, for the office's day and month views. */
const BY_START = 'BOOKINGS';
const bookingKey = (bookingId: string) => ({ pk: `BOOKING#${bookingId}`, sk: 'BOOKING' });
const financeKey = (bookingId: string) => ({ pk: `BOOKING#${bookingId}`, sk: 'FINANCE' });

export class DynamoBookingRepository implements BookingRepository {
  private readonly table: SingleTable;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.table = new SingleTable(db, tableName);
  }

  async createOrGet(record: BookingRecord): Promise<{ created: boolean; record: BookingRecord }> {
    try {
      await this.table.create(toItem(record), `Booking ${record.bookingId}`);
      return { created: true, record };
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
      const stored = await this.get(record.bookingId);
      if (!stored) throw error;
      return { created: false, record: stored };
    }
  }

  async get(bookingId: string): Promise<BookingRecord | undefined> {
    const item = await this.table.get(bookingKey(bookingId));
    return item && fromItem(item);
  }

  async listByStart(range: InstantRange, page: PageRequest): Promise<Page<BookingRecord>> {
    const result = await this.table.queryIndex(BY_START, page, range);
    return { items: result.items.map(fromItem), nextCursor: result.nextCursor };
  }

  async claimStep(bookingId: string, step: StepName, now: Date, leaseUntil: Date): Promise<boolean> {
    const running: StepState = { status: 'running', startedAt: now.toISOString(), leaseUntil: leaseUntil.toISOString() };
    try {
      await this.update('claimStep', {
        Key: bookingKey(bookingId),
        UpdateExpression: 'SET steps.#step = :running, updatedAt = :now ADD version :one',
        // Free to claim unless it succeeded or someone holds an unexpired lease on it.
        ConditionExpression:
          'attribute_exists(pk) AND (steps.#step.#status IN (:pending, :failed, :skipped) OR ' +
          '(steps.#step.#status = :runningStatus AND steps.#step.leaseUntil < :now))',
        ExpressionAttributeNames: { '#step': step, '#status': 'status' },
        ExpressionAttributeValues: {
          ':running': running,
          ':now': now.toISOString(),
          ':one': 1,
          ':pending': 'pending',
          ':failed': 'failed',
          ':skipped': 'skipped',
          ':runningStatus': 'running',
        },
      });
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async recordStep(bookingId: string, step: StepName, state: StepState): Promise<void> {
    await this.update('recordStep', {
      Key: bookingKey(bookingId),
      UpdateExpression: 'SET steps.#step = :state, updatedAt = :now ADD version :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#step': step },
      ExpressionAttributeValues: { ':state': state, ':now': new Date().toISOString(), ':one': 1 },
    });
  }

  async putFinance(bookingId: string, finance: Finance, payloadHash: string): Promise<boolean> {
    try {
      await callDynamo('putFinance', () =>
        this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...financeKey(bookingId), entity: 'finance', bookingId, payloadHash, ...finance },
            ConditionExpression: 'attribute_not_exists(pk) OR payloadHash = :hash',
            ExpressionAttributeValues: { ':hash': payloadHash },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async getFinance(bookingId: string): Promise<Finance | undefined> {
    const item = await this.table.get(financeKey(bookingId));
    if (!item) return undefined;
    return {
      revenue: item.revenue as number,
      captainFee: item.captainFee as number,
      platformFee: item.platformFee as number,
      currency: item.currency as string,
    };
  }

  private update(operation: string, input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>) {
    return callDynamo(operation, () => this.db.send(new UpdateCommand({ TableName: this.tableName, ...input })));
  }
}

function toItem(record: BookingRecord): StoredItem {
  return {
    ...bookingKey(record.bookingId),
    gsi1pk: BY_START,
    gsi1sk: `${toUtcInstant(record.request.start)}#${record.bookingId}`,
    entity: 'booking',
    ...record,
  };
}

function fromItem(item: StoredItem): BookingRecord {
  return {
    bookingId: item.bookingId as string,
    source: item.source as string,
    externalId: item.externalId as string,
    payloadHash: item.payloadHash as string,
    request: item.request as BookingRecord['request'],
    eventId: item.eventId as string,
    slug: item.slug as string,
    pageVersion: item.pageVersion as number,
    steps: item.steps as BookingRecord['steps'],
    version: item.version,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
  };
}
