import type { OutboxEvent } from '../webhooks/ports';
import type { ClientRate } from './policy';
import type { PhotoRecord } from './schema';

export interface PhotoRepository {
  /** How many of an event's uploads have completed: only those count toward its cap. */
  countCompleted(eventId: string): Promise<number>;
  /**
   * Counts one completed upload toward the event's cap, atomically, unless `max` already have;
   * false when the cap is reached. Concurrent callers never take more than `max` between them.
   */
  takeSlot(eventId: string, max: number): Promise<boolean>;
  /** Gives back a slot taken for an upload that another request completed first. */
  releaseSlot(eventId: string): Promise<void>;
  /**
   * Takes one start from a client's token bucket (policy.ts `takeToken` is the rule),
   * atomically: concurrent starts from one client never get more than the bucket holds.
   * Refused, it says how long until one more start fits.
   */
  takeClientToken(clientKey: string, now: Date, rate: ClientRate): Promise<{ allowed: true } | { allowed: false; retryAfterMs: number }>;
  create(photo: PhotoRecord): Promise<void>;
  get(eventId: string, photoId: string): Promise<PhotoRecord | undefined>;
  /**
   * Marks a pending upload complete; undefined when it was already complete (or is gone).
   * `events` go into the photo's outbox in the same write (webhooks/ports.ts).
   */
  markComplete(eventId: string, photoId: string, completedAt: string, events?: readonly OutboxEvent[]): Promise<PhotoRecord | undefined>;
  /** Completed photos of an event, newest first. */
  listComplete(eventId: string): Promise<PhotoRecord[]>;
}
