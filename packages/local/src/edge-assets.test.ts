import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { localEdge } from './edge';

const BASE = 'http://127.0.0.1:3000';
const SCRIPT = `(()=>{${'document.body.dataset.ready="yes";'.repeat(100)}})();\n`;
const STYLE = `${'body{margin:0}'.repeat(100)}\n`;

/** The edge over a web/dist/assets of its own, and an API that says where a request went. */
async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'scc-assets-'));
  await writeFile(join(dir, 'admin.0123456789ab.js'), SCRIPT);
  await writeFile(join(dir, 'admin.ba9876543210.css'), STYLE);
  await writeFile(join(dir, 'notes.txt'), 'not an asset');
  const api = vi.fn(async () => new Response('api', { status: 404 }));
  const edge = localEdge(api, { get: async () => undefined }, { assetsDir: dir });
  const fetch = (path: string, init: RequestInit = {}) => edge.fetch(new Request(`${BASE}${path}`, init));
  return { fetch, api };
}

describe('the local edge serves /assets/* as CloudFront does from the bucket', () => {
  it('sends a script for a year, immutable, as JavaScript, nosniff, Brotli-compressed', async () => {
    const { fetch, api } = await setup();
    const res = await fetch('/assets/admin.0123456789ab.js', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    const body = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(body.length);
    expect(brotliDecompressSync(body).toString('utf8')).toBe(SCRIPT);
    expect(api).not.toHaveBeenCalled();
  });

  it('sends the stylesheet as CSS, gzip to a viewer that takes only gzip, and the same bytes again', async () => {
    const { fetch } = await setup();
    const first = await fetch('/assets/admin.ba9876543210.css', { headers: { 'accept-encoding': 'gzip' } });
    expect(first.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(first.headers.get('content-encoding')).toBe('gzip');
    const firstBody = Buffer.from(await first.arrayBuffer());
    expect(gunzipSync(firstBody).toString('utf8')).toBe(STYLE);
    // The second answer is the one kept from the first (a name is one content forever).
    const again = await fetch('/assets/admin.ba9876543210.css', { headers: { 'accept-encoding': 'gzip' } });
    expect(Buffer.from(await again.arrayBuffer())).toEqual(firstBody);
    const plain = await fetch('/assets/admin.ba9876543210.css');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(STYLE);
  });

  it('answers 404 for an asset that is not there, a name the build does not make, or a path out of the folder', async () => {
    const { fetch, api } = await setup();
    for (const path of ['/assets/admin.ffffffffffff.js', '/assets/notes.txt', '/assets/..%2Fadmin.0123456789ab.js', '/assets/', '/assets/sub/admin.0123456789ab.js']) {
      const res = await fetch(path, { headers: { 'accept-encoding': 'br' } });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
    expect(api).not.toHaveBeenCalled();
  });

  it('answers HEAD with the headers and no body, and refuses other methods as the behavior does', async () => {
    const { fetch } = await setup();
    const head = await fetch('/assets/admin.0123456789ab.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(SCRIPT)));
    expect(await head.text()).toBe('');
    const post = await fetch('/assets/admin.0123456789ab.js', { method: 'POST', body: 'x' });
    expect(post.status).toBe(403);
  });
});
