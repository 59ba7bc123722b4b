import { api } from './api';
import { putBlob, PutError } from './put';

/**
 * Sending one file: a single pre-signed PUT for photos, parts for big videos. Parts go up a
 * few at a time, and what is already stored is asked from the server first, so a dropped
 * connection or a reload resumes without resending finished parts.
 *
 * Every request is retried on its own, without the guest: a 429 waits exactly as long as
 * `Retry-After` says; a dropped connection or a busy server backs off (1 s, 2 s, 4 s … 30 s)
 * and, when the phone says it is offline, waits for it to come back. Only what cannot work by
 * waiting (a closed window, a full trip, a file of the wrong kind) ends the upload.
 */
export interface UploadCallbacks {
  progress(sentBytes: number, totalBytes: number): void;
  /** Told when the upload pauses, and why ("Waiting for a connection…"); '' when it resumes. */
  waiting?(reason: string): void;
  /** Still worth trying? False once uploads have closed. */
  stillOpen?(): boolean;
}

const PARALLEL_PARTS = 3;
const PARTS_PER_REQUEST = 6;
/** Automatic tries of one request before the guest is offered a Retry button. */
const MAX_TRIES = 12;

/** Where an unfinished multipart upload of this very file stands, kept across reloads. */
function resumeKey(slug: string, file: File): string {
  return `scc-upload:${slug}:${file.name}:${file.size}:${file.lastModified}`;
}

const BY_EXTENSION: Record<string, string> = {
  heic: 'image/heic',
  heif: 'image/heif',
  mov: 'video/quicktime',
  mp4: 'video/mp4',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
};

/** Some browsers give HEIC photos and QuickTime videos no type; the extension tells. */
function contentTypeOf(file: File): string {
  if (file.type) return file.type;
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  return BY_EXTENSION[extension] ?? 'application/octet-stream';
}

export class UploadError extends Error {
  constructor(
    message: string,
    /** Worth trying again later (a Retry button); false when it can never work. */
    readonly retryable: boolean,
    /** Worth trying again by itself, after this long (429 Retry-After); undefined: back off. */
    readonly retryAfterMs?: number,
    /** A connection problem or a busy server rather than an answer. */
    readonly transient = false,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; details?: { retryAfterSeconds?: number; tripFull?: boolean } };
}

/** The server's answer as an UploadError: what it says, and whether waiting helps. */
async function answerError(res: { status: number; headers: Headers; json(): Promise<unknown> }): Promise<UploadError> {
  let body: ErrorBody = {};
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    // Not JSON (a gateway's page): the status says enough.
  }
  const message = body.error?.message ?? `The server answered ${res.status}`;
  if (res.status === 429 && !body.error?.details?.tripFull) {
    const header = Number(res.headers.get('Retry-After'));
    const seconds = Number.isFinite(header) && header > 0 ? header : (body.error?.details?.retryAfterSeconds ?? 5);
    return new UploadError(message, true, seconds * 1000, true);
  }
  if (res.status >= 500) return new UploadError(message, true, undefined, true);
  return new UploadError(message, false);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function online(): Promise<void> {
  if (navigator.onLine !== false) return Promise.resolve();
  return new Promise((resolve) => window.addEventListener('online', () => resolve(), { once: true }));
}

/**
 * Runs `attempt` until it works, waiting between tries as the failure asks: what `Retry-After`
 * says, or a growing backoff with a little jitter (so a party's phones do not retry in step).
 */
async function retrying<T>(attempt: () => Promise<T>, callbacks: UploadCallbacks): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      const result = await attempt();
      if (tries > 1) callbacks.waiting?.('');
      return result;
    } catch (error) {
      const failure = error instanceof UploadError ? error : new UploadError(error instanceof Error ? error.message : String(error), true, undefined, true);
      if (!failure.transient || tries >= MAX_TRIES || callbacks.stillOpen?.() === false) throw failure;
      if (navigator.onLine === false) {
        callbacks.waiting?.('Waiting for a connection…');
        await online();
        continue;
      }
      const wait = failure.retryAfterMs ?? Math.min(30_000, 1000 * 2 ** (tries - 1)) * (0.75 + Math.random() / 2);
      callbacks.waiting?.(failure.retryAfterMs !== undefined ? 'Waiting for a moment…' : 'Connection lost; trying again…');
      await sleep(wait);
    }
  }
}

/** One API call: a network failure becomes a transient UploadError, a refusal an UploadError. */
async function call<T extends { ok: boolean; status: number; headers: Headers; json(): Promise<unknown> }>(request: () => Promise<T>): Promise<T> {
  let res: T;
  try {
    res = await request();
  } catch {
    throw new UploadError('The connection dropped', true, undefined, true);
  }
  if (!res.ok) throw await answerError(res);
  return res;
}

/** One PUT to storage; a dropped connection or a storage hiccup is transient, a refusal is not. */
function put(url: string, blob: Blob, headers: Record<string, string>, onProgress: (sent: number) => void): Promise<string> {
  return putBlob(url, blob, headers, onProgress).catch((error: unknown) => {
    const transient = !(error instanceof PutError) || error.status === 0 || error.status >= 500;
    throw new UploadError(error instanceof Error ? error.message : 'The upload failed', true, undefined, transient);
  });
}

export async function uploadFile(slug: string, file: File, callbacks: UploadCallbacks): Promise<{ photoId: string; contentType: string; url: string; uploadedAt: string }> {
  const saved = localStorage.getItem(resumeKey(slug, file));
  let photoId = saved ?? '';
  let multipart: { partSize: number; partCount: number } | undefined;
  if (!photoId) {
    const res = await retrying(
      () =>
        call(() =>
          api.g[':slug'].photos.$post({
            param: { slug },
            json: { filename: file.name, contentType: contentTypeOf(file), size: file.size },
          }),
        ),
      callbacks,
    );
    const started = await res.json();
    photoId = started.photoId;
    if ('url' in started) {
      await retrying(() => put(started.url, file, started.headers, (sent) => callbacks.progress(sent, file.size)), callbacks);
    } else {
      multipart = started.multipart;
      localStorage.setItem(resumeKey(slug, file), photoId);
    }
  }
  if (saved || multipart) await sendParts(slug, photoId, file, callbacks);
  const done = await retrying(() => call(() => api.g[':slug'].photos[':photoId'].complete.$post({ param: { slug, photoId } })), callbacks);
  localStorage.removeItem(resumeKey(slug, file));
  return (await done.json()).photo;
}

async function sendParts(slug: string, photoId: string, file: File, callbacks: UploadCallbacks): Promise<void> {
  const parts = (partNumbers: number[]) =>
    retrying(() => call(() => api.g[':slug'].photos[':photoId'].parts.$post({ param: { slug, photoId }, json: { partNumbers } })), callbacks);
  let first;
  try {
    first = await parts([1]);
  } catch (error) {
    // A stale resume record (finished, or refused by now): start over next time.
    localStorage.removeItem(resumeKey(slug, file));
    throw error;
  }
  const { partSize, partCount, uploaded } = await first.json();
  const done = new Set(uploaded.map((part) => part.partNumber));
  const sentOf = new Map<number, number>(uploaded.map((part) => [part.partNumber, part.size]));
  const report = () => callbacks.progress([...sentOf.values()].reduce((a, b) => a + b, 0), file.size);
  report();

  const missing = Array.from({ length: partCount }, (_, i) => i + 1).filter((n) => !done.has(n));
  while (missing.length > 0) {
    const batch = missing.splice(0, PARTS_PER_REQUEST);
    const queue = [...(await (await parts(batch)).json()).parts];
    const worker = async () => {
      for (let part = queue.shift(); part; part = queue.shift()) {
        const { partNumber, url, headers } = part;
        const start = (partNumber - 1) * partSize;
        const blob = file.slice(start, Math.min(file.size, start + partSize));
        await retrying(
          () =>
            put(url, blob, headers, (sent) => {
              sentOf.set(partNumber, sent);
              report();
            }).catch((error: unknown) => {
              sentOf.delete(partNumber);
              throw error;
            }),
          callbacks,
        );
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_PARTS }, worker));
  }
}

export interface QueueCallbacks {
  /** A file joined the queue. */
  added(item: QueuedUpload): void;
  /** Something about one file or the totals changed. */
  changed(item: QueuedUpload): void;
  /** A file is in the gallery. */
  shared(item: QueuedUpload, photo: { photoId: string; contentType: string; url: string; uploadedAt: string }): void;
  /** Nothing is left to send. */
  drained(): void;
  stillOpen(): boolean;
}

export interface QueuedUpload {
  file: File;
  state: 'queued' | 'sending' | 'waiting' | 'shared' | 'failed';
  sent: number;
  message: string;
  /** Failed for a reason that waiting might fix: offer to try again. */
  retryable: boolean;
}

/**
 * Every file the guest picked, sent a few at a time (four: bounded, so a camera roll of 200
 * neither opens 200 connections nor starves the phone, while a round trip to the API does not
 * leave the uplink idle), in the order picked, all without a tap.
 */
export class UploadQueue {
  readonly items: QueuedUpload[] = [];
  private readonly pending: QueuedUpload[] = [];
  private active = 0;

  constructor(
    private readonly slug: string,
    private readonly callbacks: QueueCallbacks,
    private readonly concurrency = 4,
  ) {}

  add(files: Iterable<File>): void {
    for (const file of files) {
      const item: QueuedUpload = { file, state: 'queued', sent: 0, message: 'Waiting to send…', retryable: false };
      this.items.push(item);
      this.pending.push(item);
      this.callbacks.added(item);
    }
    this.pump();
  }

  retry(item: QueuedUpload): void {
    if (item.state !== 'failed') return;
    Object.assign(item, { state: 'queued', message: 'Waiting to send…', retryable: false });
    this.pending.push(item);
    this.callbacks.changed(item);
    this.pump();
  }

  /** Shared so far, of everything picked. */
  get counts(): { shared: number; failed: number; total: number } {
    let shared = 0;
    let failed = 0;
    for (const item of this.items) {
      if (item.state === 'shared') shared++;
      else if (item.state === 'failed') failed++;
    }
    return { shared, failed, total: this.items.length };
  }

  private pump(): void {
    while (this.active < this.concurrency && this.pending.length > 0) {
      const item = this.pending.shift() as QueuedUpload;
      this.active++;
      void this.send(item).finally(() => {
        this.active--;
        this.pump();
        if (this.active === 0 && this.pending.length === 0) this.callbacks.drained();
      });
    }
  }

  private async send(item: QueuedUpload): Promise<void> {
    const update = (patch: Partial<QueuedUpload>) => {
      Object.assign(item, patch);
      this.callbacks.changed(item);
    };
    if (!this.callbacks.stillOpen()) {
      update({ state: 'failed', message: 'Uploads have closed', retryable: false });
      return;
    }
    update({ state: 'sending', message: 'Sending…' });
    try {
      const photo = await uploadFile(this.slug, item.file, {
        progress: (sent) => update({ sent }),
        waiting: (reason) => update(reason ? { state: 'waiting', message: reason } : { state: 'sending', message: 'Sending…' }),
        stillOpen: () => this.callbacks.stillOpen(),
      });
      update({ state: 'shared', sent: item.file.size, message: 'Shared ✓' });
      this.callbacks.shared(item, photo);
    } catch (error) {
      const retryable = !(error instanceof UploadError) || error.retryable;
      update({ state: 'failed', message: error instanceof Error ? error.message : 'Failed', retryable: retryable && this.callbacks.stillOpen() });
    }
  }
}
