/** The kinds of file guests can share, by MIME type, with the extension their key gets. */
export const PHOTO_TYPES: Readonly<Record<string, { ext: string; kind: 'image' | 'video' }>> = {
  'image/jpeg': { ext: 'jpg', kind: 'image' },
  'image/png': { ext: 'png', kind: 'image' },
  'image/heic': { ext: 'heic', kind: 'image' },
  'image/heif': { ext: 'heif', kind: 'image' },
  'image/webp': { ext: 'webp', kind: 'image' },
  'image/gif': { ext: 'gif', kind: 'image' },
  'video/mp4': { ext: 'mp4', kind: 'video' },
  'video/quicktime': { ext: 'mov', kind: 'video' },
};

const MB = 1024 * 1024;

export interface UploadLimits {
  maxImageBytes: number;
  maxVideoBytes: number;
  /** Files above this go up in parts, so a dropped connection costs one part, not the file. */
  multipartThresholdBytes: number;
  partSizeBytes: number;
  maxUploadsPerEvent: number;
  maxUploadsPerClientPerMinute: number;
  /** How long a pre-signed URL stays valid. */
  urlTtlSeconds: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxImageBytes: 25 * MB,
  maxVideoBytes: 500 * MB,
  multipartThresholdBytes: 32 * MB,
  // S3 wants parts of at least 5 MiB; 8 MiB keeps a part quick to resend on a weak signal.
  partSizeBytes: 8 * MB,
  maxUploadsPerEvent: 500,
  maxUploadsPerClientPerMinute: 30,
  urlTtlSeconds: 600,
};

/**
 * How long after the charter's end an upload may still finish: a photo taken as the boat docks
 * gets a moment to arrive, and no upload URL or `complete` outlives the end by more than this.
 */
export const UPLOAD_GRACE_SECONDS = 120;

/** The moment after which nothing more is accepted for a trip ending at `end`. */
export function uploadDeadline(end: string): number {
  return Date.parse(end) + UPLOAD_GRACE_SECONDS * 1000;
}

/**
 * Seconds an upload URL signed at `now` may live: the usual `ttlSeconds`, cut short so it
 * expires by the deadline. Whole seconds, rounded down, because S3 signs whole seconds.
 */
export function uploadUrlSeconds(ttlSeconds: number, deadline: number, now: Date): number {
  return Math.min(ttlSeconds, Math.floor((deadline - now.getTime()) / 1000));
}

/** Sizes of the parts of a `size`-byte file: all `partSize` but a shorter last one. */
export function partSizes(size: number, partSize: number): number[] {
  const count = Math.ceil(size / partSize);
  return Array.from({ length: count }, (_, i) => (i < count - 1 ? partSize : size - partSize * (count - 1)));
}
