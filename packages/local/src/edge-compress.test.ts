import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { GUEST_PAGE_CONTENT_TYPE } from '@scc/aws';
import { renderAdminShell, renderGuestPage } from '@scc/pages';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, compressLikeCloudFront, isCompressibleType } from './edge-compress';
import { localEdge } from './edge';

const BASE = 'http://127.0.0.1:3000';
const GUEST_PAGE = renderGuestPage({
  slug: 'sunset-abc',
  title: 'Sunset sail',
  start: '2027-07-04T18:00:00-07:00',
  end: '2027-07-04T21:00:00-07:00',
  timezone: 'America/Los_Angeles',
  boat: 'JADA',
  meetingPoint: 'Dock C',
  crew: [],
  checklist: [],
});
const ADMIN_SHELL = renderAdminShell();
// A PNG's first bytes, then padding: well over the size CloudFront starts compressing at.
const PNG = new Uint8Array(4000).fill(7);

function edge() {
  const api = async (request: Request) => {
    const path = new URL(request.url).pathname;
    if (path.startsWith('/admin')) return new Response(ADMIN_SHELL, { headers: { 'content-type': 'text/html; charset=UTF-8', etag: '"v1"' } });
    if (path === '/small') return Response.json({ ok: true });
    if (path === '/photo.png') return new Response(PNG, { headers: { 'content-type': 'image/png' } });
    if (path === '/zipped') {
      return new Response(gzipSync(ADMIN_SHELL), { headers: { 'content-type': 'text/html', 'content-encoding': 'gzip' } });
    }
    return new Response('not found', { status: 404 });
  };
  const local = localEdge(api, { get: async (slug) => (slug === 'sunset-abc' ? GUEST_PAGE : undefined) });
  return (path: string, acceptEncoding?: string, method = 'GET') =>
    local.fetch(new Request(`${BASE}${path}`, { method, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }));
}

async function bytes(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer());
}

describe('the local edge compresses as CloudFront does', () => {
  it.each([
    ['the guest page', '/g/sunset-abc', GUEST_PAGE],
    ['the admin shell', '/admin', ADMIN_SHELL],
  ])('sends %s as Brotli to a viewer that takes gzip and br, decoding to the same bytes', async (_, path, page) => {
    const response = await edge()(path, 'gzip, deflate, br');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(response.headers.get('vary')).toBe('Accept-Encoding');
    const body = await bytes(response);
    expect(Number(response.headers.get('content-length'))).toBe(body.length);
    expect(body.length).toBeLessThan(Buffer.byteLength(page) / 2);
    expect(brotliDecompressSync(body).toString('utf8')).toBe(page);
  });

  it('sends gzip to a viewer that takes only gzip, and makes a strong ETag weak', async () => {
    const response = await edge()('/admin', 'gzip');
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('etag')).toBe('W/"v1"');
    const body = await bytes(response);
    expect(Number(response.headers.get('content-length'))).toBe(body.length);
    expect(gunzipSync(body).toString('utf8')).toBe(ADMIN_SHELL);
  });

  it.each([undefined, 'identity', 'deflate', 'br;q=0, gzip;q=0'])('sends the page as it is for Accept-Encoding %s', async (accept) => {
    const response = await edge()('/g/sunset-abc', accept);
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(response.headers.get('vary')).toBeNull();
    expect(response.headers.get('content-type')).toBe(GUEST_PAGE_CONTENT_TYPE);
    expect((await bytes(response)).toString('utf8')).toBe(GUEST_PAGE);
  });

  it('leaves a response under 1,000 bytes and an image as they are', async () => {
    const small = await edge()('/small', 'gzip, br');
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(await small.json()).toEqual({ ok: true });
    const image = await edge()('/photo.png', 'gzip, br');
    expect(image.headers.get('content-encoding')).toBeNull();
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(PNG);
  });

  it('never encodes an answer the origin encoded already', async () => {
    const response = await edge()('/zipped', 'gzip, br');
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(await bytes(response)).toString('utf8')).toBe(ADMIN_SHELL);
  });

  it('answers HEAD without encoding', async () => {
    const response = await edge()('/g/sunset-abc', 'gzip, br', 'HEAD');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBeNull();
  });

  it('keeps a Vary the origin set and adds Accept-Encoding to it', async () => {
    const origin = new Response('x'.repeat(2000), { headers: { 'content-type': 'application/json', vary: 'Origin' } });
    const response = await compressLikeCloudFront(new Request(BASE, { headers: { 'accept-encoding': 'gzip' } }), origin);
    expect(response.headers.get('vary')).toBe('Origin, Accept-Encoding');
  });
});

describe('chooseEncoding and isCompressibleType', () => {
  it('prefers br, then gzip, and honours q=0', () => {
    expect(chooseEncoding('gzip, br')).toBe('br');
    expect(chooseEncoding('gzip;q=1.0, br;q=0')).toBe('gzip');
    expect(chooseEncoding('GZIP')).toBe('gzip');
    expect(chooseEncoding('deflate, *')).toBeUndefined();
    expect(chooseEncoding(null)).toBeUndefined();
  });

  it("compresses CloudFront's text types, not images or calendars", () => {
    for (const type of ['text/html; charset=utf-8', 'application/json', 'text/css', 'application/javascript', 'text/javascript', 'image/svg+xml']) {
      expect(isCompressibleType(type), type).toBe(true);
    }
    for (const type of ['image/png', 'image/jpeg', 'application/zip', 'text/calendar; charset=utf-8', 'text/event-stream', null]) {
      expect(isCompressibleType(type), String(type)).toBe(false);
    }
  });
});
