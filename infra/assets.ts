import { ASSETS_PREFIX, readAssetObjects } from './asset-files';
import { media } from './storage';

// The browser scripts and the console's stylesheet, uploaded to the media bucket under
// `assets/` on every deploy (infra/web-build.ts has just built them); CloudFront serves them at
// /assets/* (infra/site.ts). One object per file, named by the file, so a deploy uploads only a
// new build's files.
//
// Kept when a later build drops them (retainOnDelete): a guest page is static HTML in the
// bucket and links the script it was rendered with until it is rendered again, and an open
// console tab may still load the stylesheet of the build before. They are small; an old one
// can be removed by hand once no page names it.
export const assetObjects = readAssetObjects($cli.paths.root).map(
  (asset) =>
    new aws.s3.BucketObjectv2(
      `SccAsset-${asset.key.slice(ASSETS_PREFIX.length)}`,
      {
        bucket: media.name,
        key: asset.key,
        source: $asset(asset.source),
        contentType: asset.contentType,
        cacheControl: asset.cacheControl,
      },
      { retainOnDelete: true },
    ),
);
