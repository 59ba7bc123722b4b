import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { GuestPageStore } from '@scc/core';
import { callAws } from '../aws-errors';

/**
 * How long each cache may keep a guest page. A page changes rarely, and every change is
 * followed by a CloudFront invalidation of `/g/{slug}*`, so the edge may keep it for a year
 * (`s-maxage`) and S3 is read about once per change. Browsers cannot be invalidated, so they
 * keep it for a minute only (`max-age`): a guest who reloads after the operator moves the trip
 * sees the new time within a minute, while a burst of reloads still costs nothing.
 */
export const GUEST_PAGE_CACHE_CONTROL = 'public, max-age=60, s-maxage=31536000';
export const GUEST_PAGE_CONTENT_TYPE = 'text/html; charset=utf-8';

// Callers validate slugs already; this is defence in depth, so that no input can reach another
// key (`../`, `/`, `%2F`) or another prefix of the bucket.
const SLUG = /^[a-z0-9-]{1,120}$/;

/** The S3 key of a guest page; CloudFront's function rewrites `/g/{slug}` to it. */
export function guestPageKey(slug: string): string {
  if (!SLUG.test(slug)) {
    throw new Error(`Not a guest page slug: ${JSON.stringify(slug.slice(0, 130))}`);
  }
  return `g/${slug}.html`;
}

/** The static guest pages in S3, served by CloudFront in AWS and by the local server locally. */
export class S3GuestPageStore implements GuestPageStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(slug: string, html: string, signal?: AbortSignal): Promise<void> {
    const key = guestPageKey(slug);
    await callAws('s3', 'putGuestPage', () =>
      this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: html,
          ContentType: GUEST_PAGE_CONTENT_TYPE,
          CacheControl: GUEST_PAGE_CACHE_CONTROL,
        }),
        { abortSignal: signal },
      ),
    );
  }

  /** The page's HTML, or undefined when there is no page for this slug. */
  async get(slug: string, signal?: AbortSignal): Promise<string | undefined> {
    const key = guestPageKey(slug);
    return callAws('s3', 'getGuestPage', async () => {
      try {
        const result = await this.s3.send(
          new GetObjectCommand({ Bucket: this.bucket, Key: key }),
          { abortSignal: signal },
        );
        return (await result.Body?.transformToString('utf-8')) ?? '';
      } catch (error) {
        // A missing page is an answer, not a failure; it must not become a rejected dependency.
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    });
  }
}
