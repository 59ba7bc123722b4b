import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

// What CloudFront compresses when a behavior has `compress: true` (and a cache policy with Gzip
// and Brotli on): the Content-Types on its list (the ones SCC serves are text/html, text/css,
// text/javascript, application/javascript, application/json, text/plain, text/csv,
// image/svg+xml; text/calendar is not on it), bodies of 1,000 to 10,000,000 bytes, not
// already encoded; Brotli when the viewer takes both. Developer Guide, "Serve compressed files".
const COMPRESSIBLE_TYPES = new Set([
  'application/dash+xml', 'application/eot', 'application/font', 'application/font-sfnt',
  'application/javascript', 'application/json', 'application/opentype', 'application/otf',
  'application/pkcs7-mime', 'application/protobuf', 'application/rss+xml', 'application/truetype',
  'application/ttf', 'application/vnd.apple.mpegurl', 'application/vnd.ms-fontobject',
  'application/xhtml+xml', 'application/xml', 'application/x-font-opentype',
  'application/x-font-truetype', 'application/x-font-ttf', 'application/x-httpd-cgi',
  'application/x-javascript', 'application/x-mpegurl', 'application/x-opentype', 'application/x-otf',
  'application/x-perl', 'application/x-ttf', 'font/eot', 'font/opentype', 'font/otf', 'font/ttf',
  'image/svg+xml', 'text/css', 'text/csv', 'text/html', 'text/javascript', 'text/js', 'text/plain',
  'text/richtext', 'text/tab-separated-values', 'text/xml', 'text/x-component', 'text/x-java-source',
  'text/x-script', 'vnd.apple.mpegurl',
]);
export const MIN_COMPRESSED_BYTES = 1_000;
export const MAX_COMPRESSED_BYTES = 10_000_000;

const BROTLI_BEST_UP_TO = 256 * 1024;

export type EdgeEncoding = 'br' | 'gzip';

/** The coding CloudFront would pick from a viewer's Accept-Encoding: br over gzip, none else. */
export function chooseEncoding(acceptEncoding: string | null): EdgeEncoding | undefined {
  if (!acceptEncoding) return undefined;
  const accepted = new Set<string>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name && (q === undefined || Number(q) > 0)) accepted.add(name.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return undefined;
}

/** Whether CloudFront compresses a response of this Content-Type. */
export function isCompressibleType(contentType: string | null): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type !== undefined && COMPRESSIBLE_TYPES.has(type);
}

/**
 * A response as a CloudFront behavior with compression on sends it to a viewer: encoded with
 * br or gzip when the viewer accepts it and the response qualifies, with Content-Encoding,
 * the encoded Content-Length, `Vary: Accept-Encoding` and a strong ETag made weak (as
 * CloudFront does); otherwise the response as it came. An answer already encoded (an origin
 * that compressed it itself) is never encoded again.
 */
export async function compressLikeCloudFront(request: Request, response: Response): Promise<Response> {
  const encoding = chooseEncoding(request.headers.get('accept-encoding'));
  if (
    encoding === undefined ||
    request.method === 'HEAD' ||
    response.body === null ||
    response.headers.has('content-encoding') ||
    !isCompressibleType(response.headers.get('content-type'))
  ) {
    return response;
  }
  const declared = response.headers.get('content-length');
  if (declared !== null && Number(declared) > MAX_COMPRESSED_BYTES) return response;

  // In AWS the origin's Content-Length tells CloudFront the size (API Gateway and S3 always
  // send it); here the body is read, which the size limit above keeps bounded.
  const body = new Uint8Array(await response.arrayBuffer());
  const headers = new Headers(response.headers);
  const init = { status: response.status, statusText: response.statusText, headers };
  if (body.byteLength < MIN_COMPRESSED_BYTES || body.byteLength > MAX_COMPRESSED_BYTES) {
    headers.set('content-length', String(body.byteLength));
    return new Response(body, init);
  }
  const encoded =
    encoding === 'br'
      ? await brotli(body, {
          params: {
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            // CloudFront does not say which level it uses. The highest (11) for pages the size
            // of the guest page (23 KB in 23 ms); a faster one past that (a 600 KB body takes
            // 0.9 s at 11, 22 ms at 5, for 12 % more bytes).
            [constants.BROTLI_PARAM_QUALITY]: body.byteLength <= BROTLI_BEST_UP_TO ? 11 : 5,
            [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
          },
        })
      : await gzipped(body);
  headers.set('content-encoding', encoding);
  headers.set('content-length', String(encoded.byteLength));
  const vary = headers.get('vary');
  if (!vary) headers.set('vary', 'Accept-Encoding');
  else if (!/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary)) headers.set('vary', `${vary}, Accept-Encoding`);
  const etag = headers.get('etag');
  if (etag !== null && !etag.startsWith('W/')) {
    if (etag.startsWith('"')) headers.set('etag', `W/${etag}`);
    else headers.delete('etag');
  }
  return new Response(new Uint8Array(encoded), init);
}
