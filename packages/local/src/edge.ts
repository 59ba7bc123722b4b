import { GUEST_PAGE_CACHE_CONTROL, GUEST_PAGE_CONTENT_TYPE, guestPageKey, type S3GuestPageStore } from '@scc/aws';
import { guestPageCsp, renderTripNotFound } from '@scc/pages';
import { runViewerRequest } from './cloudfront-function';
import { ASSETS_BEHAVIOR, localAssets, WEB_ASSETS_DIR } from './edge-assets';
import { compressLikeCloudFront } from './edge-compress';

type Fetch = (request: Request, env?: unknown) => Response | Promise<Response>;

/** What the edge reads guest pages with: the local S3's guest page store in the stack. */
export type GuestPageSource = Pick<S3GuestPageStore, 'get'>;

// The public site's cache behaviors (infra/site.ts), first match wins. CloudFront's path
// patterns are case-sensitive, `*` matches any characters (`/` included, or none) and `?` one.
const API_BEHAVIORS = ['/g/*/photos*', '/g/*/checklist*'];
const BUCKET_BEHAVIOR = '/g/*';
// `/assets/*` (ASSETS_BEHAVIOR): the hashed scripts and stylesheet, from the media bucket in AWS.
// Every other path goes to the API (the default behavior).

/** Whether a CloudFront cache behavior's path pattern matches a request path. */
export function matchesPathPattern(pattern: string, path: string): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(path);
}

// What the `/g/*` behavior's response headers policy (SccGuestPageHeaders in infra/site.ts)
// adds in AWS to the bucket's answers. Left out: Strict-Transport-Security, since the local
// stack speaks plain HTTP, where browsers ignore it (or would keep it for the host, behind an
// HTTPS proxy).
const GUEST_PAGE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/**
 * What CloudFront does in AWS, for the local stack. `/g/{slug}/photos…` and
 * `/g/{slug}/checklist…` go to the API; every other `/g/…` path goes through the very same
 * CloudFront Function (infra/cloudfront/guest-page-rewrite.js), which either answers itself
 * (a malformed slug: its 404 page) or names the object to read from the local S3
 * (`g/{slug}.html`); `/assets/…` is read from `assetsDir` (web/dist/assets, edge-assets.ts);
 * everything else goes to the API. Answers are compressed as CloudFront compresses them
 * (edge-compress.ts).
 */
export function localEdge(
  api: Fetch,
  pages: GuestPageSource,
  options: { mediaOrigin?: string; assetsDir?: string } = {},
): { fetch: (request: Request, env?: unknown) => Promise<Response> } {
  // A page also gets its CSP as a header: exactly the policy renderGuestPage puts in its <meta>
  // tag (same style hash, same media origin), plus frame-ancestors 'none', which X-Frame-Options
  // already says. A genuine page behaves as in AWS, where the <meta> policy is the one in
  // force; an object in the local bucket that is not a page SCC rendered (one written by
  // someone who could reach the local S3) runs no inline script of its own, since the header
  // policy allows only scripts of this origin (the hashed bundles under /assets/).
  const pageHeaders = {
    ...GUEST_PAGE_HEADERS,
    'content-security-policy': guestPageCsp(options.mediaOrigin),
  };
  const fromBucket = async (request: Request): Promise<Response> => {
    // The behavior allows GET, HEAD and OPTIONS; CloudFront refuses other methods with a 403.
    // OPTIONS would reach S3 as a CORS preflight, which nothing sends for a page: refused too.
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(`${request.method} is not allowed on guest pages.`, {
        status: 403,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
    }
    const decided = await runViewerRequest(request);
    if (decided.response) return decided.response;

    const slug = slugOfPageKey(decided.objectKey ?? '');
    let html: string | undefined;
    try {
      html = slug === undefined ? undefined : await pages.get(slug, request.signal);
    } catch (error) {
      console.error('The local S3 could not be read:', error);
      return new Response('The local S3 could not be read.', {
        status: 502,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
    }
    const body = (text: string) => (request.method === 'HEAD' ? null : text);
    if (html === undefined) {
      // No such object. In AWS, S3 answers 403 and CloudFront fails over to the API, which
      // answers this same "Trip not found" page; here it is not cached, since the page may be
      // published a moment later.
      return new Response(body(renderTripNotFound()), {
        status: 404,
        headers: { 'content-type': GUEST_PAGE_CONTENT_TYPE, 'cache-control': 'no-store', ...GUEST_PAGE_HEADERS },
      });
    }
    // The object's own Content-Type and Cache-Control are what S3GuestPageStore.put stores.
    return new Response(body(html), {
      headers: { 'content-type': GUEST_PAGE_CONTENT_TYPE, 'cache-control': GUEST_PAGE_CACHE_CONTROL, ...pageHeaders },
    });
  };

  // The `/assets/*` behavior has the guest pages' response headers policy too (nosniff matters
  // most here: a script must be served as one).
  const fromAssets = localAssets(options.assetsDir ?? WEB_ASSETS_DIR, GUEST_PAGE_HEADERS);

  return {
    // `env` is the Node server's (the socket): the API reads the caller's address from it.
    // Every behavior has `compress: true` (with a cache policy that lets CloudFront compress),
    // so every answer leaves as CloudFront would send it: br or gzip when the viewer takes it.
    fetch: async (request, env) => {
      const path = new URL(request.url).pathname;
      let response: Response;
      if (API_BEHAVIORS.some((pattern) => matchesPathPattern(pattern, path))) response = await api(request, env);
      else if (matchesPathPattern(BUCKET_BEHAVIOR, path)) response = await fromBucket(request);
      else if (matchesPathPattern(ASSETS_BEHAVIOR, path)) response = await fromAssets(request);
      else response = await api(request, env);
      return compressLikeCloudFront(request, response);
    },
  };
}

/** `g/{slug}.html` → the slug; undefined for any other key (S3GuestPageStore reads only pages). */
function slugOfPageKey(key: string): string | undefined {
  const slug = /^g\/(.+)\.html$/s.exec(key)?.[1];
  if (slug === undefined) return undefined;
  try {
    return guestPageKey(slug) === key ? slug : undefined;
  } catch {
    return undefined;
  }
}
