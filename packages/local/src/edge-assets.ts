import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ASSET_CACHE_CONTROL, assetContentType, ASSETS_PATH } from '@scc/pages';
import { chooseEncoding, compressLikeCloudFront } from './edge-compress';

/** The folder `npm run build:web` writes the hashed scripts and stylesheet to. */
export const WEB_ASSETS_DIR = fileURLToPath(new URL('../../../web/dist/assets', import.meta.url));

/** The `/assets/*` behavior's path pattern (infra/site.ts). */
export const ASSETS_BEHAVIOR = `${ASSETS_PATH}*`;

const TEXT = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };

/**
 * The `/assets/*` behavior for the local stack: in AWS CloudFront reads these files from the
 * media bucket (infra/assets.ts uploads web/dist/assets there at deploy); here they are read
 * from that same folder, so a `npm run build:web` while the stack runs is served at once, and
 * the local bucket does not pile up a copy of every build. Served with the headers the bucket
 * objects carry (Content-Type, the immutable Cache-Control) plus the behavior's security
 * headers, compressed as CloudFront compresses them. Only a name web/build.ts makes is read
 * (`name.hash.js|css`): no other file, no `..`.
 */
export function localAssets(dir: string = WEB_ASSETS_DIR, headers: Record<string, string> = {}) {
  // A name is one content forever, so an encoded answer is kept, as CloudFront's cache keeps
  // it: the 240 KB console bundle is compressed once, not on every page load.
  const encoded = new Map<string, { body: Uint8Array; headers: Headers }>();

  return async (request: Request): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(`${request.method} is not allowed on assets.`, { status: 403, headers: TEXT });
    }
    const file = new URL(request.url).pathname.slice(ASSETS_PATH.length);
    const contentType = assetContentType(file);
    const key = `${file} ${chooseEncoding(request.headers.get('accept-encoding')) ?? 'identity'}`;
    const kept = request.method === 'GET' ? encoded.get(key) : undefined;
    if (kept) return new Response(kept.body.slice(), { headers: new Headers(kept.headers) });

    let body: Buffer | undefined;
    try {
      body = contentType === undefined ? undefined : await readFile(join(dir, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (contentType === undefined || body === undefined) {
      return new Response(request.method === 'HEAD' ? null : `No asset ${file}.`, { status: 404, headers: TEXT });
    }
    const plain = new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      headers: {
        'content-type': contentType,
        'content-length': String(body.byteLength),
        'cache-control': ASSET_CACHE_CONTROL,
        ...headers,
      },
    });
    if (request.method === 'HEAD') return plain;
    const answer = await compressLikeCloudFront(request, plain);
    const bytes = new Uint8Array(await answer.arrayBuffer());
    encoded.set(key, { body: bytes, headers: new Headers(answer.headers) });
    return new Response(bytes.slice(), { headers: answer.headers });
  };
}
