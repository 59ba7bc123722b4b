import { ManagedByBookingError, NotFoundError, UnknownCrewError, ValidationError, VersionConflictError } from '../errors';
import { newId } from '../ids';
import { type Clock, type CrewRepository, type EventRepository, systemClock } from '../ports';
import {
  type CrewAssignment,
  type CrewEvent,
  type CrewTask,
  type EventCreateData,
  type EventPatchInput,
  endsAfterStart,
  newlyAssigned,
} from '../schemas/event';
import { type EventRangeQuery, type Page, toInstantRange } from '../schemas/paging';
import { assertVersion } from './crew-service';
import { withVersionRetry } from './version-retry';

export class EventService {
  constructor(
    private readonly events: EventRepository,
    private readonly crew: CrewRepository,
    private readonly clock: Clock = systemClock,
  ) {}

  /** `valid` has passed `eventCreateSchema` (the API validates at its edge). */
  async create(valid: EventCreateData): Promise<CrewEvent> {
    await this.assertCrewAssignable(valid.crew);
    const now = this.clock().toISOString();
    const event: CrewEvent = {
      eventId: valid.eventId ?? newId('evt'),
      title: valid.title,
      start: valid.start,
      end: valid.end,
      timezone: valid.timezone,
      boat: valid.boat,
      meetingPoint: valid.meetingPoint,
      guestCount: valid.guestCount,
      crew: valid.crew,
      notes: valid.notes,
      ...(valid.whatToBring ? { whatToBring: valid.whatToBring } : {}),
      crewTasks: valid.crewTasks.map(newTask),
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await this.events.create(event);
    return event;
  }

  async get(eventId: string): Promise<CrewEvent> {
    const event = await this.events.get(eventId);
    if (!event) throw new NotFoundError(`No event ${eventId}`, { details: { eventId } });
    return event;
  }

  async getBySlug(slug: string): Promise<CrewEvent> {
    const event = await this.events.findBySlug(slug);
    if (!event) throw new NotFoundError(`No trip page ${slug}`, { details: { slug } });
    return event;
  }

  /**
   * Ticks or unticks one task as `crewId`. Only that task is written, on the condition that it
   * is still where it was read, so crew ticking different tasks at once lose nothing.
   */
  async setTaskDone(eventId: string, taskId: string, crewId: string, done: boolean): Promise<CrewEvent> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const event = await this.get(eventId);
      const index = event.crewTasks.findIndex((task) => task.taskId === taskId);
      const task = event.crewTasks[index];
      if (!task) throw new NotFoundError(`No task ${taskId} on this trip`, { details: { eventId, taskId } });
      const next: CrewTask = done
        ? { taskId, label: task.label, done: true, doneBy: crewId, doneAt: this.clock().toISOString() }
        : { taskId, label: task.label, done: false };
      const updated = await this.events.setTaskState(eventId, index, next);
      if (updated) return updated;
      // The list was edited between the read and the write; read it again.
    }
    throw new VersionConflictError('The checklist keeps changing; try again', { details: { eventId, taskId } });
  }

  list(query: EventRangeQuery): Promise<Page<CrewEvent>> {
    return this.events.listByStart(toInstantRange(query), query);
  }

  update(eventId: string, patch: EventPatchInput, expectedVersion?: number): Promise<CrewEvent> {
    return withVersionRetry(expectedVersion, async () => {
      const current = await this.get(eventId);
      if (current.bookingId) {
        // Otherwise the next change of the booking would silently undo this one.
        throw new ManagedByBookingError(`This trip comes from booking ${current.bookingId}; change it there (PATCH /bookings/${current.bookingId})`, {
          details: { bookingId: current.bookingId },
        });
      }
      assertVersion(current.version, expectedVersion, eventId);
      const { crewTasks, ...fields } = patch;
      const next: CrewEvent = {
        ...current,
        ...fields,
        crewTasks: crewTasks ? mergeTasks(current.crewTasks, crewTasks) : current.crewTasks,
        version: current.version + 1,
        updatedAt: this.clock().toISOString(),
      };
      if (!endsAfterStart(next.start, next.end)) {
        throw new ValidationError('end must be after start', {
          details: { issues: [{ path: 'end', message: 'end must be after start' }] },
        });
      }
      if (patch.crew) await this.assertCrewAssignable(newlyAssigned(current.crew, patch.crew));
      await this.events.replace(next, current.version);
      return next;
    });
  }

  /** Only active roster members can be put on a trip. */
  private async assertCrewAssignable(assignments: readonly CrewAssignment[]): Promise<void> {
    if (assignments.length === 0) return;
    const ids = assignments.map((a) => a.crewId);
    const found = new Map((await this.crew.getMany(ids)).map((m) => [m.crewId, m]));
    const unknown = ids.filter((id) => !found.has(id));
    const inactive = ids.filter((id) => found.get(id)?.active === false);
    if (unknown.length > 0 || inactive.length > 0) {
      throw new UnknownCrewError('Every assigned crew member must be on the active roster', {
        details: { unknown, inactive },
      });
    }
  }
}

function newTask(label: string): CrewTask {
  return { taskId: newId('task'), label, done: false };
}

/** Tasks named by id keep their done state; plain labels become new tasks. */
function mergeTasks(
  current: CrewTask[],
  patch: NonNullable<EventPatchInput['crewTasks']>,
): CrewTask[] {
  const byId = new Map(current.map((task) => [task.taskId, task]));
  const unknown: string[] = [];
  const tasks = patch.map((entry) => {
    if (typeof entry === 'string') return newTask(entry);
    const existing = byId.get(entry.taskId);
    if (!existing) unknown.push(entry.taskId);
    return { ...(existing ?? newTask(entry.label)), label: entry.label };
  });
  if (unknown.length > 0) {
    throw new ValidationError('crewTasks names tasks this event does not have', {
      details: {
        issues: [{ path: 'crewTasks', message: `Unknown task ids: ${unknown.join(', ')}` }],
      },
    });
  }
  return tasks;
}
