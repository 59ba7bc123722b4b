// The media bucket's lifecycle rules (infra/storage.ts applies them), as plain data so
// infra/media-lifecycle.test.ts can assert them. The shape is the one of
// aws.s3.BucketLifecycleConfigurationV2's `rules`.
//
// The bucket is versioned (S3 versions a whole bucket, not a prefix), for the guest photos: an
// object overwritten or deleted by mistake stays recoverable as a noncurrent version for
// PHOTO_VERSIONS_KEPT_DAYS. Guest pages are versioned too, but they are rendered again from the
// table whenever needed, so their old versions go after a day instead of piling up with every
// change of a booking.
import { PAGES_PREFIX, PHOTOS_PREFIX } from './permissions';

/** Guests' multipart uploads that were never completed or aborted (a closed tab, a lost
 * signal) keep their parts, billed as storage and invisible in listings, until aborted. */
export const ABANDONED_UPLOAD_DAYS = 1;
/** How long an overwritten or deleted guest photo stays recoverable. */
export const PHOTO_VERSIONS_KEPT_DAYS = 30;
/** How long an old version of a guest page stays (only to compare after a bad render). */
export const PAGE_VERSIONS_KEPT_DAYS = 1;

export interface LifecycleRule {
  id: string;
  status: 'Enabled';
  filter: { prefix: string };
  abortIncompleteMultipartUpload?: { daysAfterInitiation: number };
  noncurrentVersionExpiration?: { noncurrentDays: number };
  expiration?: { expiredObjectDeleteMarker: boolean };
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
    id: 'page-old-versions',
    status: 'Enabled',
    filter: { prefix: PAGES_PREFIX },
    noncurrentVersionExpiration: { noncurrentDays: PAGE_VERSIONS_KEPT_DAYS },
    expiration: { expiredObjectDeleteMarker: true },
  },
];
