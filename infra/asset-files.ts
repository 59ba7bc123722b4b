// The hashed browser scripts and stylesheet (web/build.ts) as infra uploads and serves them:
// which files, under which keys, with which headers, and the `/assets/*` behavior's cache
// policy. Plain data and one file read, so infra/asset-files.test.ts can check them without SST.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ASSET_CACHE_CONTROL, assetContentType, ASSETS_PATH } from '../packages/pages/src/static-assets';

/** The key prefix in the media bucket; CloudFront's `/assets/x` is the object `assets/x`. */
export const ASSETS_PREFIX = ASSETS_PATH.slice(1);
/** The cache behavior's path pattern (infra/site.ts). */
export const ASSETS_PATH_PATTERN = `${ASSETS_PATH}*`;

/** The manifest and files web/build.ts writes, relative to the repository root. */
export const MANIFEST_FILE = join('web', 'dist', 'manifest.json');
export const ASSETS_DIR = join('web', 'dist', 'assets');

export class AssetManifestError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AssetManifestError';
  }
}

export interface AssetObject {
  /** The object's key in the media bucket, `assets/{file}`. */
  key: string;
  /** The built file to upload. */
  source: string;
  contentType: string;
  cacheControl: string;
}

/**
 * The objects to upload: the files the last `npm run build:web` listed in its manifest (not
 * every file in the folder, which keeps older builds' files for the local stack). The names
 * and types are checked as the local edge checks them, so AWS serves what the local stack does.
 */
export function readAssetObjects(root: string): AssetObject[] {
  let manifest: { assets?: { file?: unknown }[] };
  try {
    manifest = JSON.parse(readFileSync(join(root, MANIFEST_FILE), 'utf8')) as typeof manifest;
  } catch (error) {
    throw new AssetManifestError(`${MANIFEST_FILE} could not be read; npm run build:web writes it`, { cause: error });
  }
  const objects = (manifest.assets ?? []).map(({ file }) => {
    const contentType = typeof file === 'string' ? assetContentType(file) : undefined;
    if (typeof file !== 'string' || contentType === undefined) {
      throw new AssetManifestError(`${MANIFEST_FILE} names an asset web/build.ts does not make: ${String(file)}`);
    }
    const source = join(root, ASSETS_DIR, file);
    if (!existsSync(source)) throw new AssetManifestError(`${MANIFEST_FILE} names ${file}, which is not in ${ASSETS_DIR}`);
    return { key: `${ASSETS_PREFIX}${file}`, source, contentType, cacheControl: ASSET_CACHE_CONTROL };
  });
  if (objects.length === 0) throw new AssetManifestError(`${MANIFEST_FILE} lists no assets`);
  return objects;
}

// The `/assets/*` behavior's cache policy: a hashed name is one content forever, so the edge
// keeps it as long as the object's Cache-Control says (a year) and a year when it says
// nothing; compressed with Brotli or gzip as the viewer takes them, which needs both flags on
// (and a TTL above zero). The key is the path alone: no query string, header or cookie
// changes what a file is.
export const ASSETS_CACHE_POLICY = {
  minTtl: 0,
  defaultTtl: 31_536_000,
  maxTtl: 31_536_000,
  parametersInCacheKeyAndForwardedToOrigin: {
    cookiesConfig: { cookieBehavior: 'none' },
    headersConfig: { headerBehavior: 'none' },
    queryStringsConfig: { queryStringBehavior: 'none' },
    enableAcceptEncodingGzip: true,
    enableAcceptEncodingBrotli: true,
  },
} as const;
