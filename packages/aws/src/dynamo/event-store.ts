import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  CrewAssignment,
  CrewEvent,
  CrewTask,
  EventRepository,
  InstantRange,
  Page,
  PageRequest,
} from '@scc/core';
import { AlreadyExistsError, toUtcInstant } from '@scc/core';
import { callDynamo } from './errors';
import { SingleTable, type StoredItem } from './single-table';

/**
 * All events share one index partition sorted by UTC start. A charter operator runs at most
 * a few thousand trips a year, far below one partition's throughput, and one partition keeps
 * date-range paging a single ordered query.
 */
const BY_START = 'EVENTS';
const key = (eventId: string) => ({ pk: `EVENT#${eventId}`, sk: 'EVENT' });
/** A pointer from a guest-page slug to its event, for the public `/g/{slug}/…` routes. */
const slugKey = (slug: string) => ({ pk: `SLUG#${slug}`, sk: 'SLUG' });

export class DynamoEventRepository implements EventRepository {
  private readonly table: SingleTable;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.table = new SingleTable(db, tableName);
  }

  async create(event: CrewEvent): Promise<void> {
    // The pointer first: an event with a slug is never findable by id but not by slug.
    if (event.slug) await this.putSlugPointer(event.slug, event.eventId);
    return this.table.create(toItem(event), `Event ${event.eventId}`);
  }

  async findBySlug(slug: string): Promise<CrewEvent | undefined> {
    const pointer = await this.table.get(slugKey(slug));
    return typeof pointer?.eventId === 'string' ? this.get(pointer.eventId) : undefined;
  }

  async setTaskState(eventId: string, index: number, task: CrewTask): Promise<CrewEvent | undefined> {
    const path = `crewTasks[${index}]`;
    const done = task.done && task.doneBy && task.doneAt;
    try {
      const result = await callDynamo('setTaskState', () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key(eventId),
            UpdateExpression: done
              ? `SET ${path}.done = :true, ${path}.doneBy = :by, ${path}.doneAt = :at, updatedAt = :now ADD version :one`
              : `SET ${path}.done = :false, updatedAt = :now REMOVE ${path}.doneBy, ${path}.doneAt ADD version :one`,
            ConditionExpression: `${path}.taskId = :taskId`,
            ExpressionAttributeValues: {
              ':taskId': task.taskId,
              ':now': new Date().toISOString(),
              ':one': 1,
              ...(done ? { ':true': true, ':by': task.doneBy, ':at': task.doneAt } : { ':false': false }),
            },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return result.Attributes ? fromItem(result.Attributes as StoredItem) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  private async putSlugPointer(slug: string, eventId: string): Promise<void> {
    try {
      await callDynamo('putSlug', () =>
        this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...slugKey(slug), entity: 'slug', slug, eventId, version: 1 },
            ConditionExpression: 'attribute_not_exists(pk) OR eventId = :eventId',
            ExpressionAttributeValues: { ':eventId': eventId },
          }),
        ),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new AlreadyExistsError(`The guest page ${slug} belongs to another event`, { cause: error });
      }
      throw error;
    }
  }

  async get(eventId: string): Promise<CrewEvent | undefined> {
    const item = await this.table.get(key(eventId));
    return item && fromItem(item);
  }

  async listByStart(range: InstantRange, page: PageRequest): Promise<Page<CrewEvent>> {
    const result = await this.table.queryIndex(BY_START, page, range);
    return { items: result.items.map(fromItem), nextCursor: result.nextCursor };
  }

  replace(event: CrewEvent, expectedVersion: number): Promise<void> {
    return this.table.replace(toItem(event), expectedVersion, `Event ${event.eventId}`);
  }
}

function toItem(event: CrewEvent): StoredItem {
  return {
    ...key(event.eventId),
    gsi1pk: BY_START,
    gsi1sk: `${toUtcInstant(event.start)}#${event.eventId}`,
    entity: 'event',
    ...event,
  };
}

const OPTIONAL_TEXT = ['bookingId', 'slug', 'partyName', 'whatToBring'] as const;

function fromItem(item: StoredItem): CrewEvent {
  const event: CrewEvent = {
    eventId: item.eventId as string,
    title: item.title as string,
    start: item.start as string,
    end: item.end as string,
    timezone: item.timezone as string,
    boat: item.boat as string,
    meetingPoint: item.meetingPoint as string,
    guestCount: item.guestCount as number,
    crew: (item.crew as CrewAssignment[]).map(({ crewId, role }) => ({ crewId, role })),
    notes: item.notes as string,
    crewTasks: (item.crewTasks as CrewTask[]).map(toTask),
    version: item.version,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
  };
  for (const field of OPTIONAL_TEXT) {
    if (typeof item[field] === 'string') event[field] = item[field];
  }
  if (item.cancelled === true) event.cancelled = true;
  if (item.linkGenerations) event.linkGenerations = item.linkGenerations as Record<string, number>;
  return event;
}

function toTask(task: CrewTask): CrewTask {
  const copy: CrewTask = { taskId: task.taskId, label: task.label, done: task.done };
  if (task.doneBy !== undefined) copy.doneBy = task.doneBy;
  if (task.doneAt !== undefined) copy.doneAt = task.doneAt;
  return copy;
}
