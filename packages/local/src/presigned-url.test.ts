import { S3Client } from '@aws-sdk/client-s3';
import { S3PhotoStorage } from '@scc/aws';
import { describe, expect, it } from 'vitest';
import { checkPresignedRequest, type SigningKey } from './presigned-url';

const KEY: SigningKey = { accessKeyId: 'S3RVER', secretAccessKey: 'a-local-secret', region: 'us-east-1' };
const storage = new S3PhotoStorage(
  new S3Client({
    region: KEY.region,
    credentials: { accessKeyId: KEY.accessKeyId, secretAccessKey: KEY.secretAccessKey },
    endpoint: 'http://192.168.1.20:4568',
    forcePathStyle: true,
  }),
  'scc-local-media',
);

/** What a phone sends for a pre-signed URL: the URL's path and query, its Host, and headers. */
function asSent(url: string, method: string, headers: Record<string, string> = {}) {
  const parsed = new URL(url);
  return {
    method,
    target: `${parsed.pathname}${parsed.search}`,
    headers: { host: parsed.host, ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])) },
  };
}

describe('checkPresignedRequest', () => {
  it('accepts the PUT, part and GET URLs the API signs, sent as signed', async () => {
    const put = await storage.presignPut('photos/evt_1/ph_1.jpg', 'image/jpeg', 1234, 600);
    expect(await checkPresignedRequest(asSent(put.url, 'PUT', put.headers), KEY)).toEqual({ ok: true });
    const part = await storage.presignPart('photos/evt_1/ph_2.mp4', 'up-1', 3, 5_242_880, 600);
    expect(await checkPresignedRequest(asSent(part.url, 'PUT', part.headers), KEY)).toEqual({ ok: true });
    const get = await storage.presignGet('photos/evt_1/ph_1.jpg', 3600);
    expect(await checkPresignedRequest(asSent(get.url, 'GET'), KEY)).toEqual({ ok: true });
  });

  it('refuses unsigned, tampered, re-aimed, wrongly keyed and expired requests', async () => {
    const put = await storage.presignPut('photos/evt_1/ph_1.jpg', 'image/jpeg', 1234, 600);
    const refused = async (request: Parameters<typeof checkPresignedRequest>[0], key = KEY, now?: Date) => {
      const result = await checkPresignedRequest(request, key, now);
      expect(result.ok).toBe(false);
      return result.ok ? '' : result.reason;
    };
    expect(await refused(asSent('http://192.168.1.20:4568/scc-local-media/g/trip.html', 'PUT'))).toMatch(/no query/);
    // Another type than the one signed: the page-overwrite attack.
    expect(await refused(asSent(put.url, 'PUT', { ...put.headers, 'Content-Type': 'text/html' }))).toMatch(/does not match/);
    expect(await refused(asSent(put.url, 'PUT', { ...put.headers, 'Content-Length': '99999' }))).toMatch(/does not match/);
    expect(await refused(asSent(put.url.replace('/photos/evt_1/ph_1.jpg', '/g/trip.html'), 'PUT', put.headers))).toMatch(/does not match/);
    expect(await refused(asSent(put.url, 'DELETE', put.headers))).toMatch(/does not match/);
    expect(await refused(asSent(put.url.replace('192.168.1.20', '10.0.0.9'), 'PUT', put.headers))).toMatch(/does not match/);
    // Signed with s3rver's well-known default secret instead of this stack's own.
    expect(await refused(asSent(put.url, 'PUT', put.headers), { ...KEY, secretAccessKey: 'S3RVER' })).toMatch(/does not match/);
    expect(await refused(asSent(put.url, 'PUT', put.headers), KEY, new Date(Date.now() + 601_000))).toMatch(/expired/);
    expect(await refused(asSent(put.url.replace(/X-Amz-Signature=[0-9a-f]+/, 'X-Amz-Signature=00'), 'PUT', put.headers))).toMatch(/does not match/);
    // An extra instruction S3 would act on, outside the signature: refused as S3 refuses it.
    expect(
      await refused(asSent(put.url, 'PUT', { ...put.headers, 'x-amz-copy-source': '/scc-local-media/g/trip.html' })),
    ).toMatch(/unsigned x-amz-copy-source/);
  });
});
