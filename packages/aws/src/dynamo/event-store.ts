import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  CrewAssignment,
  CrewEvent,
  CrewTask,
  EventRepository,
  InstantRange,
  Page,
  PageRequest,
} from '@scc/core';
import { toUtcInstant } from '@scc/core';
import { SingleTable, type StoredItem } from './single-table';

/**
 * All events share one index partition sorted by UTC start. A charter operator runs at most
 * a few thousand trips a year, far below one partition's throughput, and one partition keeps
 * date-range paging a single ordered query.
 */
const BY_START = 'EVENTS';
const key = (eventId: string) => ({ pk: `EVENT#${eventId}`, sk: 'EVENT' });

export class DynamoEventRepository implements EventRepository {
  private readonly table: SingleTable;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.table = new SingleTable(db, tableName);
  }

  create(event: CrewEvent): Promise<void> {
    return this.table.create(toItem(event), `Event ${event.eventId}`);
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

const OPTIONAL_TEXT = ['bookingId', 'slug', 'partyName'] as const;

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
  return event;
}

function toTask(task: CrewTask): CrewTask {
  const copy: CrewTask = { taskId: task.taskId, label: task.label, done: task.done };
  if (task.doneBy !== undefined) copy.doneBy = task.doneBy;
  if (task.doneAt !== undefined) copy.doneAt = task.doneAt;
  return copy;
}
