import { DependencyRejectedError, NotFoundError, SccError } from '../errors';
import { type Clock, systemClock } from '../ports';
import type { BookingRepository } from '../booking/repository';
import type { PhotoStorage, PresignedRequest } from './ports';
import type { PhotoRepository } from './repository';
import type { PhotoRecord } from './schema';

/** One stored photo or video as it goes into a download. */
export interface AlbumFile {
  /** Where the bytes are (`photos/…`). */
  key: string;
  /** Its path inside the zip: plain, unique, no folders. */
  name: string;
  size: number;
  modifiedAt: string;
}

/**
 * Packs a booking's photos into one zip in storage, for the office to download. The bytes go
 * from storage into the zip and on into storage as streams: an album can be gigabytes, far
 * more than a function's memory, so no implementation may hold it whole.
 */
export interface AlbumArchiver {
  /** Writes the zip of `files` (in this order) under `exportKey`; answers its size in bytes. */
  archive(exportKey: string, files: readonly AlbumFile[]): Promise<{ size: number }>;
  /** A short-lived GET of a written export that browsers save as `filename`. */
  presignExport(exportKey: string, filename: string, expiresInSeconds: number): Promise<PresignedRequest>;
}

/** The booking has no completed photo or video yet: there is nothing to put in a zip. */
export class EmptyAlbumError extends SccError {
  readonly code = 'album_empty';
}

/** Where nothing can write exports (a test app without one): listing works, downloads are refused. */
export const NO_ALBUM_ARCHIVER: AlbumArchiver = {
  archive: () => Promise.reject(new DependencyRejectedError('Album downloads are not set up here')),
  presignExport: () => Promise.reject(new DependencyRejectedError('Album downloads are not set up here')),
};

export interface AlbumPhoto {
  photoId: string;
  filename: string;
  contentType: string;
  size: number;
  uploadedAt: string;
  /** A pre-signed GET, valid for ALBUM_URL_SECONDS. */
  url: string;
}

export interface Album {
  bookingId: string;
  count: number;
  totalBytes: number;
  /** Newest first, as the guest page shows them. */
  photos: AlbumPhoto[];
}

export interface AlbumDownload {
  url: string;
  expiresAt: string;
  filename: string;
  count: number;
  size: number;
}

/** Thumbnails in the console: long enough to look through an album, short enough not to share. */
export const ALBUM_URL_SECONDS = 15 * 60;
/** The zip's link: the console navigates to it at once; a minute or two covers a slow start. */
export const EXPORT_URL_SECONDS = 5 * 60;
/** Where exports are written; a lifecycle rule removes them (infra/media-lifecycle.ts). */
export const EXPORTS_PREFIX = 'exports/';

export interface AlbumDependencies {
  bookings: Pick<BookingRepository, 'get'>;
  photos: Pick<PhotoRepository, 'listComplete'>;
  storage: Pick<PhotoStorage, 'presignGet'>;
  archiver: AlbumArchiver;
  clock?: Clock;
}

/** A booking's photos for the office: to look through, and to take home as one zip. */
export class AlbumService {
  constructor(private readonly deps: AlbumDependencies) {}

  async list(bookingId: string): Promise<Album> {
    const { photos } = await this.photosOf(bookingId);
    const listed = await Promise.all(
      photos.map(async (photo) => ({
        photoId: photo.photoId,
        filename: photo.filename,
        contentType: photo.contentType,
        size: photo.size,
        uploadedAt: uploadedAt(photo),
        url: (await this.deps.storage.presignGet(photo.key, ALBUM_URL_SECONDS)).url,
      })),
    );
    return { bookingId, count: listed.length, totalBytes: sum(photos), photos: listed };
  }

  async download(bookingId: string): Promise<AlbumDownload> {
    const { title, photos } = await this.photosOf(bookingId);
    if (photos.length === 0) {
      throw new EmptyAlbumError('This booking has no photos yet: guests share them on the guest page', { details: { bookingId } });
    }
    const now = (this.deps.clock ?? systemClock)();
    const exportKey = `${EXPORTS_PREFIX}${bookingId}/${now.toISOString().replace(/[-:.]/g, '')}.zip`;
    // Oldest first: the zip reads like the day went.
    const files = zipEntries([...photos].reverse());
    const { size } = await this.deps.archiver.archive(exportKey, files);
    const filename = `${fileSlug(title)}-photos.zip`;
    const get = await this.deps.archiver.presignExport(exportKey, filename, EXPORT_URL_SECONDS);
    return { url: get.url, expiresAt: get.expiresAt, filename, count: files.length, size };
  }

  private async photosOf(bookingId: string): Promise<{ title: string; photos: PhotoRecord[] }> {
    const booking = await this.deps.bookings.get(bookingId);
    if (!booking) throw new NotFoundError(`No booking ${bookingId}`, { details: { bookingId } });
    return { title: booking.request.title, photos: await this.deps.photos.listComplete(booking.eventId) };
  }
}

const uploadedAt = (photo: PhotoRecord) => photo.completedAt ?? photo.createdAt;
const sum = (photos: PhotoRecord[]) => photos.reduce((total, p) => total + p.size, 0);

/**
 * Names inside the zip. Guests name their files, so a name is only text: no folders, no
 * `..`, no control characters (an unzip tool must never write outside its folder), and a
 * number in front keeps the order and makes two `IMG_0001.JPG` from two phones distinct.
 */
export function zipEntries(photos: readonly PhotoRecord[]): AlbumFile[] {
  const width = Math.max(3, String(photos.length).length);
  return photos.map((photo, i) => ({
    key: photo.key,
    name: `${String(i + 1).padStart(width, '0')}-${safeName(photo.filename, photo.contentType)}`,
    size: photo.size,
    modifiedAt: uploadedAt(photo),
  }));
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
};

export function safeName(filename: string, contentType: string): string {
  const base = filename.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are what is being removed
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').replace(/^[.\s]+/, '').trim().slice(-120);
  if (cleaned !== '') return cleaned;
  return `photo.${EXTENSIONS[contentType] ?? 'bin'}`;
}

/** `Sunset sail — Smith party` → `sunset-sail-smith-party`, safe in a Content-Disposition header. */
export function fileSlug(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'trip';
}
