import type { CrewMember } from './schemas/crew';
import type { CrewEvent, CrewTask } from './schemas/event';
import type { InstantRange, Page, PageRequest } from './schemas/paging';

/**
 * Persistence ports. Implementations throw the typed errors from `errors.ts`:
 * AlreadyExistsError on create of an existing id, VersionConflictError when `expectedVersion`
 * is not the stored version, DependencyUnavailableError when the store is throttling or down.
 */
export interface CrewRepository {
  create(member: CrewMember): Promise<void>;
  get(crewId: string): Promise<CrewMember | undefined>;
  getMany(crewIds: readonly string[]): Promise<CrewMember[]>;
  list(page: PageRequest): Promise<Page<CrewMember>>;
  replace(member: CrewMember, expectedVersion: number): Promise<void>;
}

export interface EventRepository {
  create(event: CrewEvent): Promise<void>;
  get(eventId: string): Promise<CrewEvent | undefined>;
  /** Events whose start lies in the range, earliest first. */
  listByStart(range: InstantRange, page: PageRequest): Promise<Page<CrewEvent>>;
  replace(event: CrewEvent, expectedVersion: number): Promise<void>;
  /** The event whose guest page is `/g/{slug}`. */
  findBySlug(slug: string): Promise<CrewEvent | undefined>;
  /**
   * Sets one task's state in place, only if the task at `index` is still `taskId`: ticks on
   * different tasks never overwrite each other. Answers the event as stored afterwards, or
   * undefined when the task moved (re-read and try again).
   */
  setTaskState(eventId: string, index: number, task: CrewTask): Promise<CrewEvent | undefined>;
}

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
