import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  AlreadyExistsError,
  type BookingOrigin,
  type BookingRecord,
  type CrewResponse,
  type FeedAlert,
  type NeededDetail,
  type OutboxEvent,
  type BookingRepository,
  type CreateOutcome,
  type Finance,
  type FinanceRecord,
  type HistoryEntry,
  type InstantRange,
  NotFoundError,
  type Page,
  type PageRequest,
  type StepClaim,
  type StepMemory,
  type StepName,
  type StepState,
  StepHeldError,
  toUtcInstant,
  VersionConflictError,
} from '@scc/core';
import { callDynamo } from './errors';
import { DynamoOutboxRepository } from './outbox-store';
import { SingleTable, type StoredItem, type UpdateInput } from './single-table';

/** Bookings by trip start, for the office's day and month views. */
const BY_START = 'BOOKINGS';
const bookingKey = (bookingId: string) => ({ pk: `BOOKING#${bookingId}`, sk: 'BOOKING' });
const financeKey = (bookingId: string) => ({ pk: `BOOKING#${bookingId}`, sk: 'FINANCE' });
/** History lines sort by version, then time: a query backwards reads newest first. */
const historyKey = (bookingId: string, entry: HistoryEntry) => ({
  pk: `BOOKING#${bookingId}`,
  sk: `HIST#${String(entry.version).padStart(8, '0')}#${entry.at}#${entry.kind}${entry.step ? `#${entry.step.name}` : ''}`,
});

export class DynamoBookingRepository implements BookingRepository {
  private readonly table: SingleTable;
  private readonly outbox: DynamoOutboxRepository;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.table = new SingleTable(db, tableName);
    this.outbox = new DynamoOutboxRepository(db, tableName);
  }

  /** The outbox's marker goes first (outbox-store.ts says why). */
  private async markOutbox(bookingId: string, events: readonly OutboxEvent[] | undefined): Promise<void> {
    if (events && events.length > 0) await this.outbox.mark(bookingKey(bookingId));
  }

  async createOrGet(record: BookingRecord, events?: readonly OutboxEvent[], finance?: Finance): Promise<CreateOutcome> {
    // The money and the outbox's marker at once, both before the booking: a marker without its
    // booking is cleared by the sweep, and a booking never exists without its finance.
    const [financeStored] = await Promise.all([
      finance ? this.putFinance(record.bookingId, finance, record.payloadHash) : true,
      this.markOutbox(record.bookingId, events),
    ]);
    if (!financeStored) return { created: false, record: await this.get(record.bookingId) };
    try {
      await this.table.create({ ...toItem(record), ...(events?.length ? { outbox: events } : {}) }, `Booking ${record.bookingId}`);
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

  async saveChange(next: BookingRecord, expectedVersion: number, claimed: readonly StepName[] = [], events?: readonly OutboxEvent[]): Promise<void> {
    await this.markOutbox(next.bookingId, events);
    const outbox = events?.length ? [{ set: 'outbox = list_append(if_not_exists(outbox, :noEvents), :events)', values: { ':noEvents': [], ':events': events } }] : [];
    const optional = { cancellation: next.cancellation, needsDetails: next.needsDetails };
    const set = Object.entries(optional).filter(([, v]) => v !== undefined).map(([k]) => `#${k} = :${k}`);
    const remove = Object.entries(optional).filter(([, v]) => v === undefined).map(([k]) => `#${k}`);
    // Someone taken off the trip leaves their answer with it: put back later, they are asked again.
    const assigned = new Set(next.request.crew.map((a) => a.crewId));
    const gone = Object.keys(next.crewResponses ?? {}).filter((crewId) => !assigned.has(crewId));
    remove.push(...gone.map((_, i) => `crewResponses.#gone${i}`));
    // Each claimed step is set only if no run holds it now; the others are not touched.
    const claims = claimed.map((name, i) => ({
      set: `steps.#claim${i} = :claim${i}`,
      free: `(steps.#claim${i}.#stepStatus <> :running OR steps.#claim${i}.leaseUntil < :now)`,
      names: { [`#claim${i}`]: name },
      values: { [`:claim${i}`]: next.steps[name] },
    }));
    try {
      await this.table.update('saveChange', {
        Key: bookingKey(next.bookingId),
        UpdateExpression:
          `SET #request = :request, tasks = :tasks, #status = :status, payloadHash = :hash, lastChange = :lastChange, ` +
          `version = :version, updatedAt = :updatedAt, gsi1sk = :gsi1sk` +
          [...set, ...claims.map((c) => c.set), ...outbox.map((o) => o.set)].map((part) => `, ${part}`).join('') +
          `${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: ['attribute_exists(pk) AND version = :expected', ...claims.map((c) => c.free)].join(' AND '),
        ExpressionAttributeNames: {
          '#request': 'request',
          '#status': 'status',
          '#cancellation': 'cancellation',
          '#needsDetails': 'needsDetails',
          ...(claims.length > 0 ? { '#stepStatus': 'status' } : {}),
          ...Object.assign({}, ...claims.map((c) => c.names)),
          ...Object.fromEntries(gone.map((crewId, i) => [`#gone${i}`, crewId])),
        },
        ExpressionAttributeValues: {
          ':request': next.request,
          ':tasks': next.tasks ?? [],
          ':status': next.status ?? 'active',
          ':hash': next.payloadHash,
          ':lastChange': next.lastChange ?? null,
          ':version': next.version,
          ':updatedAt': next.updatedAt,
          ':gsi1sk': startKey(next),
          ':expected': expectedVersion,
          ...(next.cancellation ? { ':cancellation': next.cancellation } : {}),
          ...(next.needsDetails ? { ':needsDetails': next.needsDetails } : {}),
          ...(claims.length > 0 ? { ':running': 'running', ':now': next.updatedAt } : {}),
          ...Object.assign({}, ...claims.map((c) => c.values)),
          ...Object.assign({}, ...outbox.map((o) => o.values)),
        },
      });
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const current = await this.get(next.bookingId);
      if (!current) throw new NotFoundError(`No booking ${next.bookingId}`, { cause: error });
      if (current.version === expectedVersion) {
        throw new StepHeldError('A step was claimed by another run meanwhile', { details: { claimed }, cause: error });
      }
      throw new VersionConflictError(`Booking ${next.bookingId} was changed by someone else`, {
        details: { currentVersion: current.version, expectedVersion },
        cause: error,
      });
    }
  }

  async claimStep(bookingId: string, step: StepName, claim: StepClaim, now: Date, leaseUntil: Date): Promise<boolean> {
    const running: StepState = {
      status: 'running',
      startedAt: now.toISOString(),
      leaseUntil: leaseUntil.toISOString(),
      claimId: claim.claimId,
      version: claim.version,
    };
    return this.table.conditional('claimStep', {
      Key: bookingKey(bookingId),
      UpdateExpression: 'SET steps.#step = :running',
      // Free unless another run holds an unexpired lease, or it already reached this version.
      ConditionExpression:
        'attribute_exists(pk) AND (steps.#step.#status <> :runningStatus OR steps.#step.leaseUntil < :now) AND ' +
        '(steps.#step.#status <> :succeeded OR attribute_not_exists(steps.#step.#version) OR steps.#step.#version < :target)',
      ExpressionAttributeNames: { '#step': step, '#status': 'status', '#version': 'version' },
      ExpressionAttributeValues: {
        ':running': running,
        ':now': now.toISOString(),
        ':runningStatus': 'running',
        ':succeeded': 'succeeded',
        ':target': claim.version,
      },
    });
  }

  async extendClaim(bookingId: string, step: StepName, claim: StepClaim, leaseUntil: Date): Promise<boolean> {
    return this.table.conditional('extendClaim', {
      Key: bookingKey(bookingId),
      UpdateExpression: 'SET steps.#step.#version = :version, steps.#step.leaseUntil = :lease',
      ConditionExpression: 'steps.#step.#status = :running AND steps.#step.claimId = :claim',
      ExpressionAttributeNames: { '#step': step, '#status': 'status', '#version': 'version' },
      ExpressionAttributeValues: { ':version': claim.version, ':lease': leaseUntil.toISOString(), ':running': 'running', ':claim': claim.claimId },
    });
  }

  async recordStep(
    bookingId: string,
    step: StepName,
    state: StepState,
    memory: StepMemory | undefined,
    claim: StepClaim,
    events?: readonly OutboxEvent[],
  ): Promise<boolean> {
    await this.markOutbox(bookingId, events);
    const appends = events?.length ? ', outbox = list_append(if_not_exists(outbox, :noEvents), :events)' : '';
    const input = (): UpdateInput => ({
      Key: bookingKey(bookingId),
      UpdateExpression: (memory ? 'SET steps.#step = :state, converged.#step = :memory' : 'SET steps.#step = :state') + appends,
      // Only the run that holds the step, and only while the booking is at the version it reached.
      ConditionExpression: 'steps.#step.claimId = :claim AND version = :version',
      ExpressionAttributeNames: { '#step': step },
      ExpressionAttributeValues: {
        ':state': state,
        ':claim': claim.claimId,
        ':version': claim.version,
        ...(memory ? { ':memory': memory } : {}),
        ...(appends ? { ':noEvents': [], ':events': events } : {}),
      },
    });
    try {
      return await this.table.conditional('recordStep', input());
    } catch (error) {
      // Bookings stored before steps had a memory lack the map the path goes into.
      if (!memory || (error as Error).name !== 'ValidationException') throw error;
      await this.table.update('addConvergedMap', {
        Key: bookingKey(bookingId),
        UpdateExpression: 'SET converged = if_not_exists(converged, :empty)',
        ExpressionAttributeValues: { ':empty': {} },
      });
      return this.table.conditional('recordStep', input());
    }
  }

  async putFinance(bookingId: string, finance: Finance, payloadHash: string): Promise<boolean> {
    try {
      await callDynamo('putFinance', () =>
        this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...financeKey(bookingId), entity: 'finance', bookingId, payloadHash, version: 1, ...finance },
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

  async setFinance(bookingId: string, finance: FinanceRecord, version: number): Promise<void> {
    const { version: _, ...amounts } = finance;
    try {
      await callDynamo('setFinance', () =>
        this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...financeKey(bookingId), entity: 'finance', bookingId, ...amounts, version },
            // A slower writer for an older version never overwrites a newer one.
            ConditionExpression: 'attribute_not_exists(pk) OR attribute_not_exists(version) OR version < :version',
            ExpressionAttributeValues: { ':version': version },
          }),
        ),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async getFinance(bookingId: string): Promise<FinanceRecord | undefined> {
    const item = await this.table.get(financeKey(bookingId));
    return item ? financeOf(item) : undefined;
  }

  /**
   * BatchGetItem, 100 keys a call, a few calls at once (SingleTable.getAll), strongly consistent
   * like getFinance. The month's report reads its bookings from the start index and then their
   * finance items here, rather than finding amounts copied onto the booking items: the booking
   * item is what crew-facing code (crew page, calendar, reminders, webhooks without
   * includeFinance) reads, and money is kept off it so that none of those paths can leak it.
   */
  async getFinanceMany(bookingIds: readonly string[]): Promise<Map<string, FinanceRecord>> {
    const items = await this.table.getAll(bookingIds.map(financeKey));
    return new Map(items.map((item) => [item.pk.slice('BOOKING#'.length), financeOf(item)]));
  }

  async setFeedAlert(bookingId: string, alert: FeedAlert | undefined): Promise<void> {
    await this.table.update('setFeedAlert', {
      Key: bookingKey(bookingId),
      UpdateExpression: alert ? 'SET feedAlert = :alert' : 'REMOVE feedAlert',
      ConditionExpression: 'attribute_exists(pk)',
      ...(alert ? { ExpressionAttributeValues: { ':alert': alert } } : {}),
    });
  }

  async setCrewResponse(bookingId: string, crewId: string, response: CrewResponse, previous: CrewResponse | undefined): Promise<boolean> {
    const input = (): UpdateInput => ({
      Key: bookingKey(bookingId),
      UpdateExpression: 'SET crewResponses.#crew = :response',
      // Only on the version the person was checked against, over the answer that was read.
      ConditionExpression: previous
        ? 'version = :version AND crewResponses.#crew.#at = :previousAt'
        : 'version = :version AND attribute_not_exists(crewResponses.#crew)',
      ExpressionAttributeNames: { '#crew': crewId, ...(previous ? { '#at': 'at' } : {}) },
      ExpressionAttributeValues: { ':response': response, ':version': response.version, ...(previous ? { ':previousAt': previous.at } : {}) },
    });
    try {
      return await this.table.conditional('setCrewResponse', input());
    } catch (error) {
      // The first answer on a booking: the map the path goes into is not there yet.
      if ((error as Error).name !== 'ValidationException') throw error;
      const made = await this.table.conditional('addCrewResponsesMap', {
        Key: bookingKey(bookingId),
        UpdateExpression: 'SET crewResponses = if_not_exists(crewResponses, :empty)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':empty': {} },
      });
      return made && this.table.conditional('setCrewResponse', input());
    }
  }

  async appendHistory(bookingId: string, entry: HistoryEntry): Promise<void> {
    try {
      await callDynamo('appendHistory', () =>
        this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...historyKey(bookingId, entry), entity: 'history', entry },
            // Append-only: a repeated line is the same line.
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async listHistory(bookingId: string): Promise<HistoryEntry[]> {
    const entries: HistoryEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const result = await callDynamo('listHistory', () =>
        this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :hist)',
            ExpressionAttributeValues: { ':pk': `BOOKING#${bookingId}`, ':hist': 'HIST#' },
            ScanIndexForward: false,
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        ),
      );
      entries.push(...(result.Items ?? []).map((item) => item.entry as HistoryEntry));
      start = result.LastEvaluatedKey;
    } while (start);
    return entries;
  }

}

function startKey(record: BookingRecord): string {
  return `${toUtcInstant(record.request.start)}#${record.bookingId}`;
}

function toItem(record: BookingRecord): StoredItem {
  return {
    ...bookingKey(record.bookingId),
    gsi1pk: BY_START,
    gsi1sk: startKey(record),
    entity: 'booking',
    converged: {},
    ...record,
  };
}

function fromItem(item: StoredItem): BookingRecord {
  const steps = item.steps as Record<string, StepState>;
  return {
    bookingId: item.bookingId as string,
    source: item.source as string,
    externalId: item.externalId as string,
    payloadHash: item.payloadHash as string,
    request: item.request as BookingRecord['request'],
    ...(Array.isArray(item.tasks) ? { tasks: item.tasks as BookingRecord['tasks'] } : {}),
    status: (item.status as BookingRecord['status']) ?? 'active',
    ...(item.cancellation ? { cancellation: item.cancellation as BookingRecord['cancellation'] } : {}),
    eventId: item.eventId as string,
    slug: item.slug as string,
    steps: {
      event: steps.event ?? { status: 'pending' },
      calendar: steps.calendar ?? { status: 'pending' },
      guestPage: steps.guestPage ?? { status: 'pending' },
      // Stored before the step was renamed from `crewEmails`.
      crewNotices: steps.crewNotices ?? steps.crewEmails ?? { status: 'pending' },
      // Bookings stored before these steps existed converge them on their next run.
      guestNotices: steps.guestNotices ?? { status: 'pending' },
      reminders: steps.reminders ?? { status: 'pending' },
    },
    ...(item.converged ? { converged: item.converged as BookingRecord['converged'] } : {}),
    ...(item.lastChange ? { lastChange: item.lastChange as HistoryEntry } : {}),
    ...(Array.isArray(item.needsDetails) ? { needsDetails: item.needsDetails as NeededDetail[] } : {}),
    ...(item.origin ? { origin: item.origin as BookingOrigin } : {}),
    ...(item.feedAlert ? { feedAlert: item.feedAlert as FeedAlert } : {}),
    ...(item.crewResponses ? { crewResponses: item.crewResponses as Record<string, CrewResponse> } : {}),
    version: item.version,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
  };
}

function financeOf(item: StoredItem): FinanceRecord {
  return {
    revenue: item.revenue as number,
    captainFee: item.captainFee as number,
    platformFee: item.platformFee as number,
    currency: item.currency as string,
    ...(typeof item.version === 'number' ? { version: item.version } : {}),
    ...(item.cancelled ? { cancelled: item.cancelled as FinanceRecord['cancelled'] } : {}),
  };
}
