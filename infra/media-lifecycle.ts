// The media bucket's lifecycle rules (infra/storage.ts applies them), as plain data so
// infra/media-lifecycle.test.ts can assert them. The shape is the one of
// aws.s3.BucketLifecycleConfigurationV2's `rules`.
//
// The bucket is versioned (S3 versions a whole bucket, not a prefix), for the guest photos: an
// object overwritten or deleted by mistake stays recoverable as a noncurrent version for
// PHOTO_VERSIONS_KEPT_DAYS. Guest pages are versioned too, but they are rendered again from the
// table whenever needed, so their old versions go after a day instead of piling up with every
// change of a booking.
import { EXPORTS_PREFIX, PAGES_PREFIX, PHOTOS_PREFIX } from './permissions';

/** Guests' multipart uploads that were never completed or aborted (a closed tab, a lost
 * signal) keep their parts, billed as storage and invisible in listings, until aborted. */
export const ABANDONED_UPLOAD_DAYS = 1;
/** How long an overwritten or deleted guest photo stays recoverable. */
export const PHOTO_VERSIONS_KEPT_DAYS = 30;
/** How long an old version of a guest page stays (only to compare after a bad render). */
export const PAGE_VERSIONS_KEPT_DAYS = 1;
/** An album zip is downloaded within minutes of being made; a day covers a retry. */
export const EXPORT_DAYS = 1;

export interface LifecycleRule {
  id: string;
  status: 'Enabled';
  filter: { prefix: string };
  abortIncompleteMultipartUpload?: { daysAfterInitiation: number };
  noncurrentVersionExpiration?: { noncurrentDays: number };
  expiration?: { expiredObjectDeleteMarker: boolean } | { days: number };
}

export const mediaLifecycleRules: LifecycleRule[] = [
  {
    id: 'abort-abandoned-photo-uploads',
    status: 'Enabled',
    filter: { prefix: PHOTOS_PREFIX },
    abortIncompleteMultipartUpload: { daysAfterInitiation: ABANDONED_UPLOAD_DAYS },
  },
  {
    id: 'photo-old-versions',
    status: 'Enabled',
    filter: { prefix: PHOTOS_PREFIX },
    noncurrentVersionExpiration: { noncurrentDays: PHOTO_VERSIONS_KEPT_DAYS },
    // A delete marker left with no versions behind it is removed too.
    expiration: { expiredObjectDeleteMarker: true },
  },
  {
    // Zips are copies of photos kept elsewhere: current and old versions both go, and a zip
    // whose upload broke off leaves no parts behind.
    id: 'expire-album-exports',
    status: 'Enabled',
    filter: { prefix: EXPORTS_PREFIX },
    expiration: { days: EXPORT_DAYS },
    noncurrentVersionExpiration: { noncurrentDays: EXPORT_DAYS },
    abortIncompleteMultipartUpload: { daysAfterInitiation: EXPORT_DAYS },
  },
  {
    id: 'page-old-versions',
    status: 'Enabled',
    filter: { prefix: PAGES_PREFIX },
    noncurrentVersionExpiration: { noncurrentDays: PAGE_VERSIONS_KEPT_DAYS },
    expiration: { expiredObjectDeleteMarker: true },
  },
];
