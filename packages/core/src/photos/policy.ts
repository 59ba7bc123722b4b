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
  /** The per-trip cap when no operator settings are wired (settings.photos.maxPerTrip wins). */
  maxUploadsPerEvent: number;
  /**
   * The per-guest rate, sustained: one upload start every 60 000 / this ms. A deployment that
   * sets only this (and not `clientBurst`) gets a burst of the same size, i.e. "N a minute".
   */
  maxUploadsPerClientPerMinute: number;
  /** How many starts a guest may make at once before the sustained rate applies. */
  clientBurst: number;
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
  // A token bucket per guest (GCRA, see `clientRate`): 100 at once, then one a second. A
  // 200-photo camera roll gets 100 started straight away and the other 100 over the next
  // 100 s, which its own uploading takes anyway on a phone; a script is held to 3 600 an hour,
  // and the trip cap (completed uploads) bounds what ever reaches the gallery.
  maxUploadsPerClientPerMinute: 60,
  clientBurst: 100,
  urlTtlSeconds: 600,
};

/**
 * Technical slack after the upload window closes: an upload started just before the close
 * gets a moment to arrive, and no upload URL or `complete` outlives the close by more than this.
 */
export const UPLOAD_GRACE_SECONDS = 120;

/**
 * When guests stop being able to start uploads: the trip's end plus the operator's grace
 * (`guestPage.uploadGraceMinutes`, 0 by default: the end itself).
 */
export function uploadsCloseAt(end: string, graceMinutes = 0): number {
  return Date.parse(end) + graceMinutes * 60_000;
}

/** The moment after which nothing more is accepted: the close plus UPLOAD_GRACE_SECONDS. */
export function uploadDeadline(end: string, graceMinutes = 0): number {
  return uploadsCloseAt(end, graceMinutes) + UPLOAD_GRACE_SECONDS * 1000;
}

/** A guest's rate as a token bucket: `burst` at once, then one per `intervalMs`. */
export interface ClientRate {
  burst: number;
  intervalMs: number;
}

export function clientRate(limits: Pick<UploadLimits, 'maxUploadsPerClientPerMinute' | 'clientBurst'>): ClientRate {
  return { burst: limits.clientBurst, intervalMs: 60_000 / limits.maxUploadsPerClientPerMinute };
}

/**
 * The token bucket as GCRA (generic cell rate algorithm): one number per guest, the
 * "theoretical arrival time" `tat` at which the bucket is full again. A start at `now` is
 * allowed when, after it, the bucket would be full again no later than `burst` intervals from
 * now; then `tat` moves on one interval. Refused, it says how long until one start fits.
 * (The DynamoDB store runs the same rule as two conditional writes; this is its reference.)
 */
export function takeToken(
  tat: number | undefined,
  now: number,
  rate: ClientRate,
): { allowed: true; tat: number } | { allowed: false; tat: number; retryAfterMs: number } {
  const current = tat === undefined || tat < now ? now : tat;
  const limit = now + (rate.burst - 1) * rate.intervalMs;
  if (current <= limit) return { allowed: true, tat: current + rate.intervalMs };
  return { allowed: false, tat: current, retryAfterMs: current - limit };
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
