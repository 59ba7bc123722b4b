/**
 * The browser scripts and the console's stylesheet, served as files of their own rather than
 * inside every page: web/build.ts writes them to web/dist/assets with a content hash in each
 * name, so a name never changes meaning and browsers and CloudFront may keep a file for a
 * year without asking again. CloudFront serves them from the media bucket in AWS (infra/assets.ts
 * uploads them, infra/site.ts routes the path), the local edge from web/dist/assets.
 */

/** The path every asset is served under, on the public site's own origin (CSP `'self'`). */
export const ASSETS_PATH = '/assets/';

/** A hashed name names one content forever: no revalidation, ever. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** `{name}.{12 hex of the content's SHA-256}.{js|css}`: what web/build.ts writes, nothing else. */
export const ASSET_FILE_NAME = /^[a-z0-9-]+\.[0-9a-f]{12}\.(?:js|css)$/;

const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** The Content-Type an asset is served with; undefined for a name that is not an asset's. */
export function assetContentType(file: string): string | undefined {
  if (!ASSET_FILE_NAME.test(file)) return undefined;
  return CONTENT_TYPES[file.slice(file.lastIndexOf('.') + 1)];
}
