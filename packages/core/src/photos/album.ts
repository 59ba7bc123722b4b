import { DependencyRejectedError, NotFoundError, SccError, ValidationError } from '../errors';
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
  /** How many zips "Download all" takes (MAX_ZIP_BYTES each); 0 for an empty album. */
  parts: number;
  /** Newest first, as the guest page shows them. */
  photos: AlbumPhoto[];
}

export interface AlbumDownload {
  url: string;
  expiresAt: string;
  filename: string;
  count: number;
  size: number;
  part: number;
  parts: number;
}

/** Thumbnails in the console: long enough to look through an album, short enough not to share. */
export const ALBUM_URL_SECONDS = 15 * 60;
/** The zip's link: the console navigates to it at once; a minute or two covers a slow start. */
export const EXPORT_URL_SECONDS = 5 * 60;
/**
 * The most one zip holds. A zip is made while the request waits, and in AWS a request has 30
 * seconds (API Gateway and the Lambda's timeout): a bigger album comes as several zips, each
 * of consecutive photos, so each is done in time. A single file over this gets a zip of its own.
 */
export const MAX_ZIP_BYTES = 500 * 1024 * 1024;
/** Where exports are written; a lifecycle rule removes them (infra/media-lifecycle.ts). */
export const EXPORTS_PREFIX = 'exports/';

export interface AlbumDependencies {
  bookings: Pick<BookingRepository, 'get'>;
  photos: Pick<PhotoRepository, 'listComplete'>;
  storage: Pick<PhotoStorage, 'presignGet'>;
  archiver: AlbumArchiver;
  clock?: Clock;
  /** Tests set a small one; everywhere else MAX_ZIP_BYTES. */
  maxZipBytes?: number;
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
    const parts = zipParts(zipEntries([...photos].reverse()), this.maxZipBytes).length;
    return { bookingId, count: listed.length, totalBytes: sum(photos), parts, photos: listed };
  }

  /** One zip: the whole album, or its `part` (1-based) when it is over MAX_ZIP_BYTES. */
  async download(bookingId: string, part = 1): Promise<AlbumDownload> {
    const { title, photos } = await this.photosOf(bookingId);
    if (photos.length === 0) {
      throw new EmptyAlbumError('This booking has no photos yet: guests share them on the guest page', { details: { bookingId } });
    }
    // Oldest first: the zip reads like the day went; numbering runs on across parts.
    const parts = zipParts(zipEntries([...photos].reverse()), this.maxZipBytes);
    const files = parts[part - 1];
    if (!files) {
      throw new ValidationError(`This album comes in ${parts.length} ${parts.length === 1 ? 'zip' : 'zips'}, not ${part}`, { details: { part, parts: parts.length } });
    }
    const now = (this.deps.clock ?? systemClock)();
    const stamp = now.toISOString().replace(/[-:.]/g, '');
    const several = parts.length > 1;
    const exportKey = `${EXPORTS_PREFIX}${bookingId}/${stamp}${several ? `-${part}` : ''}.zip`;
    const { size } = await this.deps.archiver.archive(exportKey, files);
    const filename = `${fileSlug(title)}-photos${several ? `-${part}-of-${parts.length}` : ''}.zip`;
    const get = await this.deps.archiver.presignExport(exportKey, filename, EXPORT_URL_SECONDS);
    return { url: get.url, expiresAt: get.expiresAt, filename, count: files.length, size, part, parts: parts.length };
  }

  private get maxZipBytes(): number {
    return this.deps.maxZipBytes ?? MAX_ZIP_BYTES;
  }

  private async photosOf(bookingId: string): Promise<{ title: string; photos: PhotoRecord[] }> {
    const booking = await this.deps.bookings.get(bookingId);
    if (!booking) throw new NotFoundError(`No booking ${bookingId}`, { details: { bookingId } });
    // Newest first, ties by id: the same album always zips in the same order.
    const photos = await this.deps.photos.listComplete(booking.eventId);
    photos.sort((a, b) => uploadedAt(b).localeCompare(uploadedAt(a)) || b.photoId.localeCompare(a.photoId));
    return { title: booking.request.title, photos };
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

/** Consecutive files, as few zips as fit `maxBytes` each; a file bigger than that alone. */
export function zipParts(files: readonly AlbumFile[], maxBytes: number): AlbumFile[][] {
  const parts: AlbumFile[][] = [];
  let current: AlbumFile[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length > 0 && bytes + file.size > maxBytes) {
      parts.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.size;
  }
  if (current.length > 0) parts.push(current);
  return parts;
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
