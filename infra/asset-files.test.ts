import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AssetManifestError, ASSETS_CACHE_POLICY, ASSETS_DIR, MANIFEST_FILE, readAssetObjects } from './asset-files';

/** A checkout with web/dist as `npm run build:web` leaves it: `files` built, `listed` in the manifest. */
async function checkout(listed: string[], files = listed): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'scc-assets-'));
  await mkdir(join(root, ASSETS_DIR), { recursive: true });
  for (const file of files) await writeFile(join(root, ASSETS_DIR, file), `/* ${file} */`);
  await writeFile(join(root, MANIFEST_FILE), JSON.stringify({ assets: listed.map((file) => ({ file })) }));
  return root;
}

describe('the assets a deploy uploads', () => {
  it('are the files the manifest lists, under assets/, with their type and the immutable Cache-Control', async () => {
    const root = await checkout(['admin.0123456789ab.js', 'admin.ba9876543210.css'], ['admin.0123456789ab.js', 'admin.ba9876543210.css', 'admin.ffffffffffff.js']);
    expect(readAssetObjects(root)).toEqual([
      {
        key: 'assets/admin.0123456789ab.js',
        source: join(root, ASSETS_DIR, 'admin.0123456789ab.js'),
        contentType: 'text/javascript; charset=utf-8',
        cacheControl: 'public, max-age=31536000, immutable',
      },
      {
        key: 'assets/admin.ba9876543210.css',
        source: join(root, ASSETS_DIR, 'admin.ba9876543210.css'),
        contentType: 'text/css; charset=utf-8',
        cacheControl: 'public, max-age=31536000, immutable',
      },
    ]);
  });

  it('stop the deploy when the build has not run, or its manifest names a file it did not make', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'scc-assets-'));
    expect(() => readAssetObjects(empty)).toThrow(AssetManifestError);
    expect(() => readAssetObjects(empty)).toThrow(/npm run build:web/);
    const outside = await checkout(['../secrets.js'], []);
    expect(() => readAssetObjects(outside)).toThrow(/does not make: \.\.\/secrets\.js/);
    const missing = await checkout(['guest-page.0123456789ab.js'], []);
    expect(() => readAssetObjects(missing)).toThrow(/names guest-page\.0123456789ab\.js, which is not in/);
    const none = await checkout([]);
    expect(() => readAssetObjects(none)).toThrow(/lists no assets/);
  });
});

describe("the /assets/* behavior's cache policy", () => {
  it('keeps a file for a year, compresses it, and keys on the path alone', () => {
    const { defaultTtl, maxTtl, parametersInCacheKeyAndForwardedToOrigin: key } = ASSETS_CACHE_POLICY;
    expect(defaultTtl).toBe(31_536_000);
    expect(maxTtl).toBe(31_536_000);
    expect(key.enableAcceptEncodingGzip).toBe(true);
    expect(key.enableAcceptEncodingBrotli).toBe(true);
    expect(key.cookiesConfig.cookieBehavior).toBe('none');
    expect(key.headersConfig.headerBehavior).toBe('none');
    expect(key.queryStringsConfig.queryStringBehavior).toBe('none');
  });
});
