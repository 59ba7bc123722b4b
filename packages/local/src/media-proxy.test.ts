import { networkInterfaces } from 'node:os';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { guestPageCsp } from '@scc/pages';
import { bookingBody, startTestStack, type TestStack } from '@scc/test/support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_BUCKET, LOCAL_REGION, S3RVER_CREDENTIALS } from './stack';

// This machine's address on its network, as a phone would reach it (none on a bare sandbox).
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((net) => net && net.family === 'IPv4' && !net.internal)?.address;

let t: TestStack;
let slug: string;
beforeAll(async () => {
  // As the README suggests for phones: every address, links and uploads on the LAN address.
  t = await startTestStack({ HOST: '0.0.0.0', ...(lanAddress ? { PUBLIC_URL: `http://${lanAddress}:3000` } : {}) });
  const booked = await t.call('POST', '/bookings', bookingBody('PROXY-1'));
  expect(booked.status).toBe(201);
  slug = booked.body.slug;
});
afterAll(() => t.stop());

const PAGE_KEY = () => `${LOCAL_BUCKET}/g/${slug}.html`;
/** Where phones upload to: the proxy's port, on the LAN address when PUBLIC_URL names one. */
const mediaOrigin = () => (lanAddress ? `http://${lanAddress}:${new URL(t.stack.s3Url).port}` : t.stack.s3Url);
const script = '<!doctype html><script>alert(document.cookie)</script>';

async function guestPage(): Promise<string> {
  return (await fetch(`${t.stack.apiUrl}/g/${slug}`)).text();
}

async function presignedUpload(size: number) {
  const res = await fetch(`${t.stack.apiUrl}/g/${slug}/photos`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ filename: 'boat.jpg', contentType: 'image/jpeg', size }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { photoId: string; url: string; headers: Record<string, string> };
}

describe('the local S3 as the network sees it', () => {
  it('refuses an unsigned write over a guest page, and an anonymous listing, with 403', async () => {
    const before = await guestPage();
    const put = await fetch(`${t.stack.s3Url}/${PAGE_KEY()}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'text/html' },
      body: script,
    });
    expect(put.status).toBe(403);
    expect(await put.text()).toContain('<Code>AccessDenied</Code>');
    expect(await guestPage()).toBe(before);
    expect((await fetch(`${t.stack.s3Url}/${LOCAL_BUCKET}`)).status).toBe(403);
    expect((await fetch(`${t.stack.s3Url}/${PAGE_KEY()}`)).status).toBe(403);
    expect((await fetch(`${t.stack.s3Url}/${PAGE_KEY()}`, { method: 'DELETE' })).status).toBe(403);
  });

  it('refuses a photo URL used for another type, another key or with s3rver’s public key', async () => {
    const body = Buffer.from(script);
    const upload = await presignedUpload(body.length);
    const asHtml = await fetch(upload.url, { method: 'PUT', headers: { 'Content-Type': 'text/html' }, body });
    expect(asHtml.status).toBe(403);
    const url = new URL(upload.url);
    url.pathname = `/${PAGE_KEY()}`;
    const elsewhere = await fetch(url, { method: 'PUT', headers: upload.headers, body });
    expect(elsewhere.status).toBe(403);
    // s3rver's default key is public knowledge: a URL anyone can sign with it is refused.
    const outsider = new S3Client({ region: LOCAL_REGION, credentials: S3RVER_CREDENTIALS, endpoint: mediaOrigin(), forcePathStyle: true });
    const forged = await getSignedUrl(
      outsider,
      new PutObjectCommand({ Bucket: LOCAL_BUCKET, Key: `g/${slug}.html`, ContentType: 'text/html' }),
      { expiresIn: 300 },
    );
    outsider.destroy();
    const overwrite = await fetch(forged, { method: 'PUT', headers: { 'Content-Type': 'text/html' }, body });
    expect(overwrite.status).toBe(403);
    expect(await guestPage()).not.toContain('alert(');
  });

  it('takes a genuine photo upload and serves it back through the gallery URL', async () => {
    const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
    const upload = await presignedUpload(photo.length);
    expect(new URL(upload.url).origin).toBe(mediaOrigin());
    const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: photo });
    expect(put.status).toBe(200);
    const done = await fetch(`${t.stack.apiUrl}/g/${slug}/photos/${upload.photoId}/complete`, { method: 'POST' });
    expect(done.status).toBe(200);
    const gallery = await (await fetch(`${t.stack.apiUrl}/g/${slug}/photos`)).json();
    const stored = await fetch(gallery.photos[0].url);
    expect(stored.status).toBe(200);
    expect(Buffer.from(await stored.arrayBuffer())).toEqual(photo);
  });

  it('serves the guest page with its CSP as a header, naming the media origin it uploads to', async () => {
    const res = await fetch(`${t.stack.apiUrl}/g/${slug}`);
    expect(res.headers.get('content-security-policy')).toBe(guestPageCsp(mediaOrigin()));
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.skipIf(!lanAddress)('keeps DynamoDB and the email outbox off the network, even with HOST=0.0.0.0', async () => {
    const reach = (url: string) =>
      fetch(url.replace(/\/\/[^/:]+:/, `//${lanAddress}:`)).then(
        (res) => res.status,
        () => 'refused',
      );
    expect(await reach(`${t.stack.apiUrl}/health`)).toBe(200);
    expect(await reach(t.stack.s3Url)).toBe(403);
    expect(await reach(t.stack.dynamoUrl)).toBe('refused');
    expect(await reach(`${t.stack.outboxUrl}/store`)).toBe('refused');
    // On loopback they answer as before.
    expect(new URL(t.stack.dynamoUrl).hostname).toBe('127.0.0.1');
    expect((await fetch(`${t.stack.outboxUrl}/store`)).status).toBe(200);
  });
});
