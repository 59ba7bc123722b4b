import { newEventId } from '../webhooks/booking-events';
import type { OutboxEvent } from '../webhooks/ports';
import {
  NotFoundError,
  PhotoTooLargeError,
  TooManyUploadsError,
  UnsupportedPhotoTypeError,
  UploadClosedError,
  UploadMismatchError,
} from '../errors';
import { newId } from '../ids';
import { type Clock, type EventRepository, systemClock } from '../ports';
import type { CrewEvent } from '../schemas/event';
import type { OperatorSettings } from '../settings/operator-settings';
import {
  type ClientRate,
  clientRate,
  DEFAULT_UPLOAD_LIMITS,
  PHOTO_TYPES,
  partSizes,
  type UploadLimits,
  uploadDeadline,
  uploadsCloseAt,
  uploadUrlSeconds,
} from './policy';
import type { PhotoStorage, PresignedRequest } from './ports';
import type { PhotoRepository } from './repository';
import type { PhotoRecord, PhotoUploadRequest } from './schema';

export type StartedUpload =
  | { photoId: string; url: string; headers: Record<string, string>; expiresAt: string }
  | { photoId: string; multipart: { partSize: number; partCount: number }; expiresAt: string };

export interface GalleryPhoto {
  photoId: string;
  contentType: string;
  size: number;
  url: string;
  uploadedAt: string;
}

export interface Gallery {
  photos: GalleryPhoto[];
  /** From the server's clock, so a phone with a wrong clock still closes in time. */
  uploadsOpen: boolean;
  /** The trip's end plus the operator's upload grace; read on every request, so a change shows at once. */
  closesAt: string;
  serverTime: string;
}

/**
 * Guests' photos and videos: pre-signed uploads straight to storage, open until the
 * charter ends plus the operator's grace, limited per trip and per client, checked against
 * what was promised.
 *
 * The window: uploads start until the close (the end plus `guestPage.uploadGraceMinutes`); no
 * upload URL (single PUT or part) is valid past the close plus UPLOAD_GRACE_SECONDS, and
 * `complete` refuses after that same moment, so a URL obtained just before the close cannot
 * add a photo long after it.
 *
 * The per-client rate is a token bucket (policy.ts): a camera roll goes through in a burst,
 * a script is held to the sustained rate, and a refusal says when to come back (Retry-After).
 *
 * The per-event cap counts completed uploads only. Starting an upload reserves nothing (a
 * reservation nobody used would hold a slot for good); the slot is taken atomically when the
 * upload completes, so concurrent uploads never put more than the cap in the gallery. Near the
 * cap, a few uploads started together may therefore be refused at `complete`.
 */
export class PhotoService {
  private readonly limits: UploadLimits;
  private readonly rate: ClientRate;

  constructor(
    private readonly deps: {
      events: EventRepository;
      photos: PhotoRepository;
      storage: PhotoStorage;
      clock?: Clock;
      limits?: Partial<UploadLimits>;
      /** Relays the photo's `photos.uploaded` event to webhooks right away; a sweep catches up. */
      publish?: (eventId: string, photoId: string) => Promise<void>;
      /** The operator's settings (upload grace after the trip, photos per trip). */
      settings?: () => Promise<OperatorSettings>;
    },
  ) {
    this.limits = { ...DEFAULT_UPLOAD_LIMITS, ...deps.limits };
    // Only a per-minute figure given: a bucket of that size, so "N a minute" means what it says.
    if (deps.limits?.maxUploadsPerClientPerMinute !== undefined && deps.limits.clientBurst === undefined) {
      this.limits.clientBurst = deps.limits.maxUploadsPerClientPerMinute;
    }
    this.rate = clientRate(this.limits);
  }

  /** What the operator's settings make of the window and the cap, read fresh each time. */
  private async policy(event: CrewEvent): Promise<{ closesAt: number; deadline: number; maxPerTrip: number }> {
    const settings = await this.deps.settings?.();
    const grace = settings?.guestPage.uploadGraceMinutes ?? 0;
    return {
      closesAt: uploadsCloseAt(event.end, grace),
      deadline: uploadDeadline(event.end, grace),
      maxPerTrip: settings?.photos.maxPerTrip ?? this.limits.maxUploadsPerEvent,
    };
  }

  private now(): Date {
    return (this.deps.clock ?? systemClock)();
  }

  async start(slug: string, request: PhotoUploadRequest, clientKey: string): Promise<StartedUpload> {
    const event = await this.eventOf(slug);
    const policy = await this.policy(event);
    this.assertOpen(event, policy.closesAt);
    const type = PHOTO_TYPES[request.contentType];
    if (!type) {
      throw new UnsupportedPhotoTypeError(`${request.contentType} is not a photo or video type we accept`, {
        details: { accepted: Object.keys(PHOTO_TYPES) },
      });
    }
    const max = type.kind === 'video' ? this.limits.maxVideoBytes : this.limits.maxImageBytes;
    if (request.size > max) {
      throw new PhotoTooLargeError(`That ${type.kind} is over ${Math.round(max / (1024 * 1024))} MB`, {
        details: { maxBytes: max, size: request.size },
      });
    }
    const now = this.now();
    const token = await this.deps.photos.takeClientToken(clientKey, now, this.rate);
    if (!token.allowed) {
      const retryAfterSeconds = Math.ceil(token.retryAfterMs / 1000);
      throw new TooManyUploadsError(`Many uploads at once: the next can start in ${retryAfterSeconds} s`, {
        details: {
          retryAfterSeconds,
          burst: this.rate.burst,
          perMinute: this.limits.maxUploadsPerClientPerMinute,
        },
      });
    }
    // A read, not a reservation: a full trip refuses early, and `complete` holds the line.
    if ((await this.deps.photos.countCompleted(event.eventId)) >= policy.maxPerTrip) throw this.eventFull(policy.maxPerTrip);
    const expiresIn = uploadUrlSeconds(this.limits.urlTtlSeconds, policy.deadline, now);
    const photoId = newId('ph');
    const key = `photos/${event.eventId}/${photoId}.${type.ext}`;
    const record: PhotoRecord = {
      photoId,
      eventId: event.eventId,
      key,
      contentType: request.contentType,
      size: request.size,
      filename: request.filename,
      status: 'pending',
      createdAt: now.toISOString(),
    };
    if (request.size > this.limits.multipartThresholdBytes) {
      const uploadId = await this.deps.storage.createMultipart(key, request.contentType);
      await this.deps.photos.create({ ...record, uploadId, partSize: this.limits.partSizeBytes });
      const partCount = partSizes(request.size, this.limits.partSizeBytes).length;
      return {
        photoId,
        multipart: { partSize: this.limits.partSizeBytes, partCount },
        expiresAt: new Date(now.getTime() + expiresIn * 1000).toISOString(),
      };
    }
    const put = await this.deps.storage.presignPut(key, request.contentType, request.size, expiresIn);
    await this.deps.photos.create(record);
    return { photoId, url: put.url, headers: put.headers, expiresAt: put.expiresAt };
  }

  /** URLs for some parts of a multipart upload, and the parts already stored (to resume). */
  async parts(
    slug: string,
    photoId: string,
    partNumbers: number[],
  ): Promise<{
    partSize: number;
    partCount: number;
    parts: (PresignedRequest & { partNumber: number })[];
    uploaded: { partNumber: number; size: number; etag: string }[];
  }> {
    const event = await this.eventOf(slug);
    const policy = await this.policy(event);
    this.assertOpen(event, policy.closesAt);
    const photo = await this.photoOf(event, photoId);
    if (!photo.uploadId || !photo.partSize) throw new NotFoundError('This upload is not in parts', { details: { photoId } });
    const sizes = partSizes(photo.size, photo.partSize);
    const unknown = partNumbers.filter((n) => n > sizes.length);
    if (unknown.length > 0) throw new NotFoundError(`This upload has ${sizes.length} parts`, { details: { unknown } });
    const expiresIn = uploadUrlSeconds(this.limits.urlTtlSeconds, policy.deadline, this.now());
    const [parts, uploaded] = await Promise.all([
      Promise.all(
        partNumbers.map(async (partNumber) => ({
          partNumber,
          ...(await this.deps.storage.presignPart(
            photo.key,
            photo.uploadId as string,
            partNumber,
            sizes[partNumber - 1] as number,
            expiresIn,
          )),
        })),
      ),
      this.deps.storage.listParts(photo.key, photo.uploadId),
    ]);
    return { partSize: photo.partSize, partCount: sizes.length, parts, uploaded };
  }

  /** Checks that storage holds what was promised, then adds it to the gallery. */
  async complete(slug: string, photoId: string): Promise<GalleryPhoto> {
    const event = await this.eventOf(slug);
    const photo = await this.photoOf(event, photoId);
    if (photo.status === 'complete') return this.galleryPhoto(photo);
    const policy = await this.policy(event);
    this.assertCompletable(event, policy.closesAt, policy.deadline);
    if (photo.uploadId) {
      const stored = await this.deps.storage.listParts(photo.key, photo.uploadId);
      const expected = partSizes(photo.size, photo.partSize ?? photo.size).length;
      if (stored.length !== expected) {
        throw new UploadMismatchError(`${stored.length} of ${expected} parts have arrived`, {
          details: { uploaded: stored.map((p) => p.partNumber) },
        });
      }
      await this.deps.storage.completeMultipart(photo.key, photo.uploadId, stored);
    }
    const stored = await this.deps.storage.head(photo.key);
    if (!stored) throw new UploadMismatchError('Nothing has arrived for this upload yet', { details: { photoId } });
    if (stored.size !== photo.size || stored.contentType !== photo.contentType) {
      throw new UploadMismatchError('What arrived is not the file that was announced', {
        details: { expected: { size: photo.size, contentType: photo.contentType }, received: stored },
      });
    }
    if (!(await this.deps.photos.takeSlot(event.eventId, policy.maxPerTrip))) throw this.eventFull(policy.maxPerTrip);
    const now = this.now();
    const uploaded: OutboxEvent = {
      eventId: newEventId(() => now),
      type: 'photos.uploaded',
      at: now.toISOString(),
      ...(event.bookingId ? { bookingId: event.bookingId } : {}),
      data: { eventId: event.eventId, ...(event.bookingId ? { bookingId: event.bookingId } : {}), photoId, contentType: photo.contentType, size: photo.size },
    };
    // The event is written with the completion, so the gallery and the webhook never disagree.
    const completed = await this.deps.photos.markComplete(event.eventId, photoId, now.toISOString(), [uploaded]);
    if (completed) {
      await this.deps.publish?.(event.eventId, photoId).catch(() => undefined);
      return this.galleryPhoto(completed);
    }
    // Another request completed this upload meanwhile and took its own slot: give ours back.
    await this.deps.photos.releaseSlot(event.eventId);
    return this.galleryPhoto(await this.photoOf(event, photoId));
  }

  /** Final, not a matter of waiting: `tripFull` tells a client not to try again. */
  private eventFull(max: number): TooManyUploadsError {
    return new TooManyUploadsError(`This trip already has ${max} photos and videos`, {
      details: { maxUploadsPerEvent: max, tripFull: true },
    });
  }

  async gallery(slug: string): Promise<Gallery> {
    const event = await this.eventOf(slug);
    const [photos, policy] = await Promise.all([this.deps.photos.listComplete(event.eventId), this.policy(event)]);
    return {
      photos: await Promise.all(photos.map((photo) => this.galleryPhoto(photo))),
      uploadsOpen: !event.cancelled && this.now().getTime() < policy.closesAt,
      closesAt: new Date(policy.closesAt).toISOString(),
      serverTime: this.now().toISOString(),
    };
  }

  private async galleryPhoto(photo: PhotoRecord): Promise<GalleryPhoto> {
    const ext = PHOTO_TYPES[photo.contentType]?.ext ?? 'bin';
    const get = await this.deps.storage.presignGet(photo.key, this.limits.urlTtlSeconds, { downloadAs: `${photo.photoId}.${ext}` });
    return {
      photoId: photo.photoId,
      contentType: photo.contentType,
      size: photo.size,
      url: get.url,
      uploadedAt: photo.completedAt ?? photo.createdAt,
    };
  }

  private async eventOf(slug: string): Promise<CrewEvent> {
    const event = await this.deps.events.findBySlug(slug);
    if (!event) throw new NotFoundError(`No trip page ${slug}`, { details: { slug } });
    return event;
  }

  private async photoOf(event: CrewEvent, photoId: string): Promise<PhotoRecord> {
    const photo = await this.deps.photos.get(event.eventId, photoId);
    if (!photo) throw new NotFoundError(`No upload ${photoId} for this trip`, { details: { photoId } });
    return photo;
  }

  /** Starting an upload, or signing more of its parts: until the close. */
  private assertOpen(event: CrewEvent, closesAt: number): void {
    this.assertNotCancelled(event);
    if (this.now().getTime() >= closesAt) {
      throw new UploadClosedError(closedMessage(event, closesAt), { details: { closedAt: new Date(closesAt).toISOString() } });
    }
  }

  /** Finishing an upload: until the close plus the slack its URLs were cut to. */
  private assertCompletable(event: CrewEvent, closesAt: number, deadline: number): void {
    this.assertNotCancelled(event);
    if (this.now().getTime() >= deadline) {
      throw new UploadClosedError(closedMessage(event, closesAt), {
        details: { closedAt: new Date(closesAt).toISOString(), acceptedUntil: new Date(deadline).toISOString() },
      });
    }
  }

  private assertNotCancelled(event: CrewEvent): void {
    if (event.cancelled) {
      throw new UploadClosedError('This trip was cancelled, so it takes no photos', { details: { cancelled: true } });
    }
  }
}

function closedMessage(event: CrewEvent, closesAt: number): string {
  return closesAt === Date.parse(event.end) ? 'Uploads closed when the charter ended' : 'Uploads closed after the charter';
}
