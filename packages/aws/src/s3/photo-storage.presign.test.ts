import { createHash, createHmac } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { S3PhotoStorage } from './photo-storage';

// The local S3 accepts any signature, so these tests are the proof that a pre-signed URL pins
// what it should: they decode the URL and check its signature with an independent SigV4
// implementation, the same computation S3 makes before it accepts the request.

const BUCKET = 'scc-photos';
const SECRET = 'test-secret-key';
const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: SECRET };

// Path-style, as the local stack is, and virtual-hosted, as production is.
const pathStyle = new S3Client({
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:4569',
  forcePathStyle: true,
  credentials,
});
const hostStyle = new S3Client({ region: 'eu-west-1', credentials });

const clients = [
  { style: 'path-style', s3: pathStyle },
  { style: 'virtual-hosted', s3: hostStyle },
];

interface Decoded {
  url: URL;
  key: string;
  params: Record<string, string>;
  signedHeaders: string[];
}

function decode(href: string): Decoded {
  const url = new URL(href);
  const path = decodeURIComponent(url.pathname);
  // Path-style: /{bucket}/{key}; virtual-hosted: {bucket}.host/{key}.
  const key = url.hostname.startsWith(`${BUCKET}.`)
    ? path.slice(1)
    : path.replace(new RegExp(`^/${BUCKET}/`), '');
  const params = Object.fromEntries(url.searchParams);
  return { url, key, params, signedHeaders: (params['X-Amz-SignedHeaders'] ?? '').split(';') };
}

const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s).digest();

/**
 * Would S3 accept this pre-signed request with these headers? SigV4 query-string auth as S3
 * documents it: the canonical request over method, path, query (all but the signature) and
 * the signed headers' values, with an unsigned payload.
 */
function s3WouldAccept(href: string, method: string, headers: Record<string, string>): boolean {
  const { url, params, signedHeaders } = decode(href);
  const sent = Object.fromEntries(
    Object.entries({ host: url.host, ...headers }).map(([k, v]) => [k.toLowerCase(), v.trim()]),
  );
  // S3 refuses a request that lacks a signed header, so a missing one is a refusal.
  if (signedHeaders.some((name) => sent[name] === undefined)) return false;
  const query = Object.entries(params)
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = [
    method,
    url.pathname,
    query,
    signedHeaders.map((name) => `${name}:${sent[name]}\n`).join(''),
    signedHeaders.join(';'),
    'UNSIGNED-PAYLOAD',
  ].join('\n');
  const [, date, region, service] = (params['X-Amz-Credential'] ?? '').split('/');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    params['X-Amz-Date'],
    scope,
    sha256(canonicalRequest),
  ].join('\n');
  const key = hmac(
    hmac(hmac(hmac(`AWS4${SECRET}`, date ?? ''), region ?? ''), service ?? ''),
    'aws4_request',
  );
  return createHmac('sha256', key).update(stringToSign).digest('hex') === params['X-Amz-Signature'];
}

// Freeze the clock (Date only) so that two URLs differ only by what they sign.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2027-07-04T18:30:00.250Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe.each(clients)('presignPut ($style)', ({ s3 }) => {
  const storage = new S3PhotoStorage(s3, BUCKET);
  const key = 'photos/evt_4k7xq2/ph_9vy3m1.jpg';

  it('signs the key, the exact type and the exact length, for the requested time', async () => {
    const put = await storage.presignPut(key, 'image/jpeg', 1234, 300);
    expect(put.method).toBe('PUT');
    expect(put.headers).toEqual({ 'Content-Type': 'image/jpeg', 'Content-Length': '1234' });
    const { key: signedKey, params, signedHeaders } = decode(put.url);
    expect(signedKey).toBe(key);
    expect(signedKey.startsWith('photos/')).toBe(true);
    expect(params['X-Amz-Algorithm']).toBe('AWS4-HMAC-SHA256');
    expect(params['X-Amz-Expires']).toBe('300');
    expect(Number(params['X-Amz-Expires'])).toBeLessThanOrEqual(600);
    expect(signedHeaders).toEqual(expect.arrayContaining(['content-length', 'content-type', 'host']));
    // The type and length travel as headers, never as (unsigned) query parameters.
    expect(Object.keys(params).map((k) => k.toLowerCase())).not.toContain('content-type');
    expect(put.expiresAt).toBe('2027-07-04T18:35:00.000Z');
    expect(params['X-Amz-Date']).toBe('20270704T183000Z');
  });

  it('carries no checksum of an empty body (real S3 would refuse every upload)', async () => {
    const { params } = decode((await storage.presignPut(key, 'image/jpeg', 1234, 300)).url);
    const names = Object.keys(params).map((k) => k.toLowerCase());
    expect(names.filter((k) => k.startsWith('x-amz-checksum'))).toEqual([]);
    expect(names).not.toContain('x-amz-sdk-checksum-algorithm');
  });

  it('is accepted with exactly the returned headers, refused with any other type or length', async () => {
    const put = await storage.presignPut(key, 'image/jpeg', 1234, 300);
    expect(s3WouldAccept(put.url, 'PUT', put.headers)).toBe(true);
    expect(s3WouldAccept(put.url, 'PUT', { ...put.headers, 'Content-Type': 'text/html' })).toBe(false);
    expect(s3WouldAccept(put.url, 'PUT', { ...put.headers, 'Content-Length': '1235' })).toBe(false);
    expect(s3WouldAccept(put.url, 'PUT', { 'Content-Length': '1234' })).toBe(false);
    // Another key or method with the same query string fails too.
    expect(s3WouldAccept(put.url.replace('ph_9vy3m1', 'ph_other'), 'PUT', put.headers)).toBe(false);
    expect(s3WouldAccept(put.url, 'GET', put.headers)).toBe(false);
  });

  it('yields different signatures for different types and sizes, the same for the same input', async () => {
    const signature = async (type: string, size: number) =>
      decode((await storage.presignPut(key, type, size, 300)).url).params['X-Amz-Signature'];
    const jpeg = await signature('image/jpeg', 1234);
    expect(await signature('image/jpeg', 1234)).toBe(jpeg);
    expect(await signature('image/png', 1234)).not.toBe(jpeg);
    expect(await signature('image/jpeg', 1235)).not.toBe(jpeg);
  });

  it('signs the expiry it was asked for, up to 600 seconds', async () => {
    for (const seconds of [1, 60, 600]) {
      const put = await storage.presignPut(key, 'video/mp4', 10, seconds);
      expect(decode(put.url).params['X-Amz-Expires']).toBe(String(seconds));
      expect(Date.parse(put.expiresAt) - Date.parse('2027-07-04T18:30:00Z')).toBe(seconds * 1000);
    }
  });
});

describe.each(clients)('presignPart ($style)', ({ s3 }) => {
  const storage = new S3PhotoStorage(s3, BUCKET);
  const key = 'photos/evt_4k7xq2/ph_v1d30.mp4';
  const uploadId = 'VXBsb2FkIElEIGZvciBlbHZpbmc';

  it('names the part and the upload, and signs the exact length', async () => {
    const part = await storage.presignPart(key, uploadId, 3, 5 * 1024 * 1024, 120);
    expect(part.method).toBe('PUT');
    expect(part.headers).toEqual({ 'Content-Length': String(5 * 1024 * 1024) });
    const { key: signedKey, params, signedHeaders } = decode(part.url);
    expect(signedKey).toBe(key);
    expect(params.partNumber).toBe('3');
    expect(params.uploadId).toBe(uploadId);
    expect(params['X-Amz-Algorithm']).toBe('AWS4-HMAC-SHA256');
    expect(params['X-Amz-Expires']).toBe('120');
    expect(signedHeaders).toEqual(expect.arrayContaining(['content-length', 'host']));
    // A browser sends a Blob slice with no type: the part must not pin one.
    expect(signedHeaders).not.toContain('content-type');
    expect(Object.keys(params).filter((k) => k.toLowerCase().startsWith('x-amz-checksum'))).toEqual([]);
    expect(part.expiresAt).toBe('2027-07-04T18:32:00.000Z');
  });

  it('is accepted with the returned length only; another length, part or upload is refused', async () => {
    const part = await storage.presignPart(key, uploadId, 3, 5_242_880, 120);
    expect(s3WouldAccept(part.url, 'PUT', part.headers)).toBe(true);
    expect(s3WouldAccept(part.url, 'PUT', { ...part.headers, 'Content-Type': 'x/y' })).toBe(true);
    expect(s3WouldAccept(part.url, 'PUT', { 'Content-Length': '5242879' })).toBe(false);
    expect(s3WouldAccept(part.url.replace('partNumber=3', 'partNumber=4'), 'PUT', part.headers)).toBe(false);
    expect(s3WouldAccept(part.url.replace(uploadId, `${uploadId}x`), 'PUT', part.headers)).toBe(false);
  });

  it('yields different signatures for different sizes and parts', async () => {
    const signature = async (partNumber: number, size: number) =>
      decode((await storage.presignPart(key, uploadId, partNumber, size, 120)).url).params[
        'X-Amz-Signature'
      ];
    const base = await signature(1, 5_242_880);
    expect(await signature(1, 5_242_880)).toBe(base);
    expect(await signature(1, 5_242_881)).not.toBe(base);
    expect(await signature(2, 5_242_880)).not.toBe(base);
  });
});

describe('presignGet', () => {
  it('signs a GET of the key, host only, for the requested time', async () => {
    const storage = new S3PhotoStorage(pathStyle, BUCKET);
    const get = await storage.presignGet('photos/evt_1/ph_1.jpg', 900);
    expect(get).toMatchObject({ method: 'GET', headers: {}, expiresAt: '2027-07-04T18:45:00.000Z' });
    const { key, params, signedHeaders } = decode(get.url);
    expect(key).toBe('photos/evt_1/ph_1.jpg');
    expect(params['X-Amz-Expires']).toBe('900');
    expect(signedHeaders).toEqual(['host']);
    expect(s3WouldAccept(get.url, 'GET', {})).toBe(true);
    expect(s3WouldAccept(get.url, 'PUT', {})).toBe(false);
  });

  it('asks S3 to answer as an attachment under our name when told to, signed into the URL', async () => {
    const storage = new S3PhotoStorage(pathStyle, BUCKET);
    const get = await storage.presignGet('photos/evt_1/ph_1.jpg', 900, { downloadAs: 'ph_1.jpg' });
    const { params } = decode(get.url);
    expect(params['response-content-disposition']).toBe('attachment; filename="ph_1.jpg"');
    expect(s3WouldAccept(get.url, 'GET', {})).toBe(true);
    await expect(storage.presignGet('photos/evt_1/ph_1.jpg', 900, { downloadAs: 'a"; x.jpg' })).rejects.toThrow(/Not a download name/);
  });
});
