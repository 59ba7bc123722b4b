import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, NotFound, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { AlbumFile } from '@scc/core';
import { LOCAL_S3_CORS, type RunningEmulator, startS3 } from '@scc/local/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBuffer, type Entry, type ZipFile } from 'yauzl';
import { S3AlbumArchiver } from './album-archive';

const BUCKET = 'scc-album';
const MiB = 1024 * 1024;
let directory: string;
let emulator: RunningEmulator;
let s3: S3Client;
/** Every S3 command this client sends, in order, with its key and part number. */
const sent: string[] = [];

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'scc-album-'));
  emulator = await startS3({ directory, buckets: [BUCKET], cors: LOCAL_S3_CORS });
  s3 = new S3Client({
    endpoint: emulator.url,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key?: string; PartNumber?: number };
      sent.push(`${context.commandName ?? '?'} ${input.Key ?? ''}${input.PartNumber ? ` #${input.PartNumber}` : ''}`);
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
});
afterAll(async () => {
  s3.destroy();
  await emulator.close();
  await rm(directory, { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function putPhoto(key: string, bytes: Buffer): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: bytes, ContentType: 'image/jpeg' }));
}

async function exists(key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    return true;
  } catch (error) {
    if (error instanceof NotFound) return false;
    throw error;
  }
}

/** The zip's entries, read back with yauzl: name → bytes. */
async function unzip(zipBytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await new Promise<ZipFile>((resolve, reject) => fromBuffer(zipBytes, { lazyEntries: true }, (error, z) => (error ? reject(error) : resolve(z))));
  const entries = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry: Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', reject);
        stream.on('end', () => {
          entries.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return entries;
}

describe('S3AlbumArchiver on the local S3', () => {
  it('writes one zip of the photos under exports/, byte for byte, that the pre-signed link downloads with a readable name', async () => {
    // Prepare
    const photos = [randomBytes(200 * 1024), randomBytes(3), randomBytes(70 * 1024)];
    const files: AlbumFile[] = photos.map((bytes, i) => ({
      key: `photos/evt_zip/ph_${i}.jpg`,
      name: `00${i + 1}-IMG_000${i}.JPG`,
      size: bytes.length,
      modifiedAt: '2027-07-04T19:00:00.000Z',
    }));
    for (const [i, bytes] of photos.entries()) await putPhoto(files[i]!.key, bytes);
    const archiver = new S3AlbumArchiver(s3, BUCKET);
    const key = 'exports/bk_zip/20270705T090000000Z.zip';

    // Act
    const { size } = await archiver.archive(key, files);
    const link = await archiver.presignExport(key, 'sunset-sail-photos.zip', 300);
    const response = await fetch(link.url);
    const zipBytes = Buffer.from(await response.arrayBuffer());

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="sunset-sail-photos.zip"');
    expect(zipBytes.length).toBe(size);
    const entries = await unzip(zipBytes);
    expect([...entries.keys()]).toEqual(files.map((f) => f.name));
    photos.forEach((bytes, i) => expect(sha256(entries.get(files[i]!.name)!), files[i]!.name).toBe(sha256(bytes)));
    expect(Date.parse(link.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
  });

  it('streams: the zip goes up in parts while later photos are still unread, each photo opened only when the zip reaches it', async () => {
    // Prepare: 4 × 6 MiB, so the zip needs several 5 MiB parts.
    const photos = Array.from({ length: 4 }, () => randomBytes(6 * MiB));
    const files: AlbumFile[] = photos.map((bytes, i) => ({ key: `photos/evt_big/ph_${i}.jpg`, name: `00${i + 1}.jpg`, size: bytes.length, modifiedAt: '2027-07-04T19:00:00.000Z' }));
    for (const [i, bytes] of photos.entries()) await putPhoto(files[i]!.key, bytes);
    const key = 'exports/bk_big/20270705T090000000Z.zip';
    sent.length = 0;

    // Act
    const { size } = await new S3AlbumArchiver(s3, BUCKET, { queueSize: 1 }).archive(key, files);

    // Assess
    const firstPart = sent.indexOf(`UploadPartCommand ${key} #1`);
    const gets = files.map((f) => sent.indexOf(`GetObjectCommand ${f.key}`));
    expect(firstPart).toBeGreaterThan(-1);
    expect(gets.every((at) => at > -1)).toBe(true);
    // Had the album been read into memory first, every GET would come before any part.
    expect(firstPart).toBeLessThan(gets[3]!);
    // Lazy entries: the photos are asked for one after another, in the zip's order.
    expect([...gets].sort((a, b) => a - b)).toEqual(gets);
    expect(sent.filter((c) => c.startsWith('UploadPartCommand')).length).toBe(Math.ceil(size / (5 * MiB)));
    expect(sent).toContain(`CompleteMultipartUploadCommand ${key}`);
    const entries = await unzip(await download(key));
    photos.forEach((bytes, i) => expect(sha256(entries.get(files[i]!.name)!)).toBe(sha256(bytes)));
  }, 60_000);

  it('fails without leaving an export when a photo is missing from storage', async () => {
    // Prepare
    await putPhoto('photos/evt_gap/ph_0.jpg', randomBytes(10));
    const files: AlbumFile[] = [
      { key: 'photos/evt_gap/ph_0.jpg', name: '001.jpg', size: 10, modifiedAt: '2027-07-04T19:00:00.000Z' },
      { key: 'photos/evt_gap/ph_gone.jpg', name: '002.jpg', size: 10, modifiedAt: '2027-07-04T19:00:00.000Z' },
    ];
    const key = 'exports/bk_gap/20270705T090000000Z.zip';

    // Act
    const attempt = new S3AlbumArchiver(s3, BUCKET).archive(key, files);

    // Assess
    await expect(attempt).rejects.toThrow();
    expect(await exists(key)).toBe(false);
  });

  it('fails when a stored photo is not the size its record says, instead of writing a broken zip', async () => {
    await putPhoto('photos/evt_size/ph_0.jpg', randomBytes(12));
    const key = 'exports/bk_size/20270705T090000000Z.zip';

    const attempt = new S3AlbumArchiver(s3, BUCKET).archive(key, [{ key: 'photos/evt_size/ph_0.jpg', name: '001.jpg', size: 99, modifiedAt: '2027-07-04T19:00:00.000Z' }]);

    await expect(attempt).rejects.toThrow();
    expect(await exists(key)).toBe(false);
  });

  it('reads only photos/ and writes only exports/', async () => {
    const archiver = new S3AlbumArchiver(s3, BUCKET);
    const file = { key: 'photos/evt/ph.jpg', name: '001.jpg', size: 1, modifiedAt: '2027-07-04T19:00:00.000Z' };
    await expect(archiver.archive('g/page.html', [file])).rejects.toThrow(/export key/);
    await expect(archiver.archive('exports/bk/../x.zip', [file])).rejects.toThrow(/export key/);
    await expect(archiver.archive('exports/bk/1.zip', [{ ...file, key: 'g/page.html' }])).rejects.toThrow(/photo key/);
    await expect(archiver.presignExport('exports/bk/1.zip', 'a"b.zip', 60)).rejects.toThrow(/file name/);
    await expect(archiver.presignExport('exports/bk/1.zip', 'a.zip', 86_400)).rejects.toThrow(/expire/);
  });
});

async function download(key: string): Promise<Buffer> {
  const link = await new S3AlbumArchiver(s3, BUCKET).presignExport(key, 'album.zip', 60);
  const response = await fetch(link.url);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}
