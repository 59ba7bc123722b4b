import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type RunningEmulator, startS3 } from '@scc/local/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GUEST_PAGE_CACHE_CONTROL,
  GUEST_PAGE_CONTENT_TYPE,
  guestPageKey,
  S3GuestPageStore,
} from './guest-page-store';

const BUCKET = 'scc-pages';
let directory: string;
let emulator: RunningEmulator;
let s3: S3Client;
let store: S3GuestPageStore;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'scc-s3-'));
  emulator = await startS3({ directory, buckets: [BUCKET] });
  s3 = new S3Client({
    endpoint: emulator.url,
    forcePathStyle: true,
    region: 'us-east-1',
    // s3rver knows exactly one access key id, S3RVER, and does not check v4 signatures.
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  store = new S3GuestPageStore(s3, BUCKET);
});
afterAll(async () => {
  s3.destroy();
  await emulator.close();
  await rm(directory, { recursive: true, force: true });
});

describe('S3GuestPageStore on the local S3', () => {
  const slug = 'sunset-sail-4k7xq2m9p3v8w1z6';
  const html =
    '<!doctype html><title>Sunset sail</title><p>Welcome aboard — see you at Dock C ⛵</p>';

  it('writes g/{slug}.html with its content type and cache policy', async () => {
    await store.put(slug, html);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `g/${slug}.html` }));
    expect(head.ContentType).toBe('text/html; charset=utf-8');
    expect(head.CacheControl).toBe('public, max-age=60, s-maxage=31536000');
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `g/${slug}.html` }));
    expect(await object.Body?.transformToString('utf-8')).toBe(html);
    expect(object.ContentType).toBe(GUEST_PAGE_CONTENT_TYPE);
    expect(object.CacheControl).toBe(GUEST_PAGE_CACHE_CONTROL);
  });

  it('reads a page back, and the latest version after a rewrite', async () => {
    await store.put('reread', '<p>one</p>');
    expect(await store.get('reread')).toBe('<p>one</p>');
    await store.put('reread', '<p>two</p>');
    expect(await store.get('reread')).toBe('<p>two</p>');
  });

  it('answers undefined for a slug without a page', async () => {
    expect(await store.get('no-such-page')).toBeUndefined();
  });

  it.each(['', '../secret', 'a/b', 'Sunset', 'page.html', 'a%2Fb', 'x'.repeat(121)])(
    'refuses the unsafe slug %j before calling S3',
    async (bad) => {
      await expect(store.put(bad, html)).rejects.toThrow(/Not a guest page slug/);
      await expect(store.get(bad)).rejects.toThrow(/Not a guest page slug/);
    },
  );

  it('maps slugs to keys under g/', () => {
    expect(guestPageKey('abc-123')).toBe('g/abc-123.html');
    expect(guestPageKey('x'.repeat(120))).toBe(`g/${'x'.repeat(120)}.html`);
  });
});
