import { api } from './api';
import { putBlob } from './put';

/**
 * Sending one file: a single pre-signed PUT for photos, parts for big videos. Parts go up a
 * few at a time, and what is already stored is asked from the server first, so a dropped
 * connection or a reload resumes without resending finished parts.
 */
export interface UploadCallbacks {
  progress(sentBytes: number, totalBytes: number): void;
}

const PARALLEL_PARTS = 3;
const PARTS_PER_REQUEST = 6;

/** Where an unfinished multipart upload of this very file stands, kept across reloads. */
function resumeKey(slug: string, file: File): string {
  return `scc-upload:${slug}:${file.name}:${file.size}:${file.lastModified}`;
}

async function errorMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    return body.error?.message ?? `The server answered ${res.status}`;
  } catch {
    return `The server answered ${res.status}`;
  }
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

/** Busy or limited: the same request may work in a moment. (Error statuses are untyped.) */
function retryableStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

export class UploadError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

export async function uploadFile(slug: string, file: File, callbacks: UploadCallbacks): Promise<void> {
  const saved = localStorage.getItem(resumeKey(slug, file));
  let photoId = saved ?? '';
  let multipart: { partSize: number; partCount: number } | undefined;
  if (!photoId) {
    const res = await api.g[':slug'].photos.$post({
      param: { slug },
      json: { filename: file.name, contentType: contentTypeOf(file), size: file.size },
    });
    if (!res.ok) throw new UploadError(await errorMessage(res), retryableStatus(res.status));
    const started = await res.json();
    photoId = started.photoId;
    if ('url' in started) {
      await putBlob(started.url, file, started.headers, (sent) => callbacks.progress(sent, file.size)).catch((error: Error) => {
        throw new UploadError(error.message, true);
      });
    } else {
      multipart = started.multipart;
      localStorage.setItem(resumeKey(slug, file), photoId);
    }
  }
  if (saved || multipart) await sendParts(slug, photoId, file, callbacks);
  const done = await api.g[':slug'].photos[':photoId'].complete.$post({ param: { slug, photoId } });
  if (!done.ok) throw new UploadError(await errorMessage(done), retryableStatus(done.status));
  localStorage.removeItem(resumeKey(slug, file));
}

async function sendParts(slug: string, photoId: string, file: File, callbacks: UploadCallbacks): Promise<void> {
  const parts = (partNumbers: number[]) =>
    api.g[':slug'].photos[':photoId'].parts.$post({ param: { slug, photoId }, json: { partNumbers } });
  const first = await parts([1]);
  if (!first.ok) {
    // A stale resume record (finished, or refused by now): start over next time.
    localStorage.removeItem(resumeKey(slug, file));
    throw new UploadError(await errorMessage(first), retryableStatus(first.status));
  }
  const { partSize, partCount, uploaded } = await first.json();
  const done = new Set(uploaded.map((part) => part.partNumber));
  const sentOf = new Map<number, number>(uploaded.map((part) => [part.partNumber, part.size]));
  const report = () => callbacks.progress([...sentOf.values()].reduce((a, b) => a + b, 0), file.size);
  report();

  const missing = Array.from({ length: partCount }, (_, i) => i + 1).filter((n) => !done.has(n));
  while (missing.length > 0) {
    const res = await parts(missing.splice(0, PARTS_PER_REQUEST));
    if (!res.ok) throw new UploadError(await errorMessage(res), retryableStatus(res.status));
    const queue = [...(await res.json()).parts];
    const worker = async () => {
      for (let part = queue.shift(); part; part = queue.shift()) {
        const { partNumber } = part;
        const start = (partNumber - 1) * partSize;
        const blob = file.slice(start, Math.min(file.size, start + partSize));
        await putBlob(part.url, blob, part.headers, (sent) => {
          sentOf.set(partNumber, sent);
          report();
        }).catch((error: Error) => {
          sentOf.delete(partNumber);
          throw new UploadError(`${error.message}; retry to continue where it stopped`, true);
        });
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_PARTS }, worker));
  }
}
