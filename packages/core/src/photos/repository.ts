import type { PhotoRecord } from './schema';

export interface PhotoRepository {
  /** Takes one of an event's upload slots; false when all `max` are taken. */
  reserveSlot(eventId: string, max: number): Promise<boolean>;
  /** Counts one upload for a client in a one-minute window; false when it is over `max`. */
  countClientUpload(clientKey: string, windowStart: Date, max: number): Promise<boolean>;
  create(photo: PhotoRecord): Promise<void>;
  get(eventId: string, photoId: string): Promise<PhotoRecord | undefined>;
  markComplete(eventId: string, photoId: string, completedAt: string): Promise<PhotoRecord>;
  /** Completed photos of an event, newest first. */
  listComplete(eventId: string): Promise<PhotoRecord[]>;
}
