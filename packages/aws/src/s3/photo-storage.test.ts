import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { NotFoundError } from '@scc/core';
import { LOCAL_S3_CORS, type RunningEmulator, startS3 } from '@scc/local/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3PhotoStorage } from './photo-storage';

const BUCKET = 'scc-photos';
const MiB = 1024 * 1024;
const GUEST_ORIGIN = 'http://127.0.0.1:3000';
let directory: string;
let emulator: RunningEmulator;
let s3: S3Client;
let storage: S3PhotoStorage;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'scc-photos-'));
  emulator = await startS3({ directory, buckets: [BUCKET], cors: LOCAL_S3_CORS });
  s3 = new S3Client({
    endpoint: emulator.url,
    forcePathStyle: true,
    region: 'us-east-1',
    // s3rver knows exactly one access key id, S3RVER, and does not check v4 signatures.
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  storage = new S3PhotoStorage(s3, BUCKET);
});
afterAll(async () => {
  s3.destroy();
  await emulator.close();
  await rm(directory, { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function download(key: string): Promise<Buffer> {
  const get = await storage.presignGet(key, 60);
  const response = await fetch(get.url, { headers: get.headers });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

describe('S3PhotoStorage on the local S3: single PUT', () => {
  it('takes the bytes a browser PUTs to the pre-signed URL and serves them back', async () => {
    const key = 'photos/evt_local/ph_sunset.jpg';
    const bytes = randomBytes(64 * 1024);
    const put = await storage.presignPut(key, 'image/jpeg', bytes.length, 60);
    const response = await fetch(put.url, { method: put.method, headers: put.headers, body: bytes });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe(`"${createHash('md5').update(bytes).digest('hex')}"`);

    expect(sha256(await download(key))).toBe(sha256(bytes));
    expect(await storage.head(key)).toEqual({ size: bytes.length, contentType: 'image/jpeg' });
  });

  it('answers undefined for a key with nothing stored', async () => {
    expect(await storage.head('photos/evt_local/ph_never_uploaded.jpg')).toBeUndefined();
  });
});

describe('S3PhotoStorage on the local S3: multipart upload, interrupted and resumed', () => {
  it('stores a file of three parts, sending the part that made it before the break only once', async () => {
    const key = 'photos/evt_local/ph_video.mp4';
    const file = randomBytes(11 * MiB);
    const ranges = [
      [0, 5 * MiB],
      [5 * MiB, 10 * MiB],
      [10 * MiB, 11 * MiB],
    ] as const;
    const partBytes = (partNumber: number) => {
      const [start, end] = ranges[partNumber - 1] ?? [0, 0];
      return file.subarray(start, end);
    };
    const sent = new Map<number, number>();

    // The browser's side: one PUT per part through the URL the API pre-signed, answering the
    // ETag it reads from the response (exposed to scripts by the bucket's CORS rule).
    async function sendPart(uploadId: string, partNumber: number): Promise<string> {
      const body = partBytes(partNumber);
      const part = await storage.presignPart(key, uploadId, partNumber, body.length, 60);
      sent.set(partNumber, (sent.get(partNumber) ?? 0) + 1);
      const response = await fetch(part.url, {
        method: part.method,
        headers: { ...part.headers, Origin: GUEST_ORIGIN },
        body,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-expose-headers')).toMatch(/\bETag\b/i);
      const etag = response.headers.get('etag');
      expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
      return etag ?? '';
    }

    const uploadId = await storage.createMultipart(key, 'video/mp4');
    const first = await sendPart(uploadId, 1);

    // The connection drops. Everything in memory is gone; only the upload id survives (the API
    // keeps it on the photo record). Resume: ask S3 which parts it holds, send the others.
    const resumedId = JSON.parse(JSON.stringify(uploadId)) as string;
    const stored = await storage.listParts(key, resumedId);
    expect(stored).toEqual([{ partNumber: 1, etag: first, size: 5 * MiB }]);
    const done = new Set(stored.map((p) => p.partNumber));
    for (const partNumber of [1, 2, 3].filter((n) => !done.has(n))) {
      await sendPart(resumedId, partNumber);
    }
    // Completed from S3's own list, as PhotoService.complete does, given out of order on
    // purpose: the adapter sorts the parts.
    const all = await storage.listParts(key, resumedId);
    expect(all.map((p) => [p.partNumber, p.size])).toEqual([
      [1, 5 * MiB],
      [2, 5 * MiB],
      [3, 1 * MiB],
    ]);
    await storage.completeMultipart(key, resumedId, all.reverse());

    expect(Object.fromEntries(sent)).toEqual({ 1: 1, 2: 1, 3: 1 });
    expect(sha256(await download(key))).toBe(sha256(file));
    expect(await storage.head(key)).toEqual({ size: file.length, contentType: 'video/mp4' });
    // A completed upload is gone: resuming it again means starting over.
    await expect(storage.listParts(key, resumedId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists no parts for a fresh upload, and aborts an upload (twice is fine)', async () => {
    const key = 'photos/evt_local/ph_aborted.mp4';
    const uploadId = await storage.createMultipart(key, 'video/mp4');
    expect(await storage.listParts(key, uploadId)).toEqual([]);
    await storage.abortMultipart(key, uploadId);
    await storage.abortMultipart(key, uploadId);
    await expect(storage.listParts(key, uploadId)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('the local bucket CORS rule (LOCAL_S3_CORS)', () => {
  it('lets the guest page preflight a PUT with a Content-Type', async () => {
    const put = await storage.presignPut('photos/evt_local/ph_cors.jpg', 'image/jpeg', 3, 60);
    const response = await fetch(put.url, {
      method: 'OPTIONS',
      headers: {
        Origin: GUEST_ORIGIN,
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toMatch(/^(\*|http:\/\/127\.0\.0\.1:3000)$/);
    expect(response.headers.get('access-control-allow-methods')).toMatch(/\bPUT\b/);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/\bcontent-type\b/i);
  });

  it('exposes the ETag on the PUT response to a script from another origin', async () => {
    const put = await storage.presignPut('photos/evt_local/ph_cors.jpg', 'image/jpeg', 3, 60);
    const response = await fetch(put.url, {
      method: 'PUT',
      headers: { ...put.headers, Origin: GUEST_ORIGIN },
      body: new Uint8Array([1, 2, 3]),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toMatch(/^(\*|http:\/\/127\.0\.0\.1:3000)$/);
    expect(response.headers.get('access-control-expose-headers')).toMatch(/\bETag\b/i);
    expect(response.headers.get('etag')).toBeTruthy();
  });
});
