import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FeedKeySigner, FeedKind, FeedLinks, FeedRef } from '@scc/core';
import type { MagicLinks } from './magic-links';

/** HKDF `info` of the feed keys' secret: its own key, never a crew link's. */
export const FEED_KEY_INFO = 'scc-feed-keys';
export const FEED_KEY_LENGTH = 32;

export class FeedKeyConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FeedKeyConfigError';
  }
}

/**
 * Feed keys are derived, never stored: base64url(HMAC-SHA256(secret,
 * `scc-feed:v1:{kind}:{id}:{generation}`)), cut to 32 characters (192 bits). Rotating a feed
 * moves its generation on, so the old key no longer matches. The secrets come from the
 * magic-link keys through HKDF (`MagicLinks.subkeys`): the first issues, every configured one
 * is accepted, so replacing `MAGIC_LINK_KEYS` rolls feeds over the same way as crew links.
 */
export class HmacFeedKeys implements FeedKeySigner {
  constructor(private readonly secrets: readonly Uint8Array[]) {
    if (secrets.length === 0) throw new FeedKeyConfigError('At least one feed-key secret is needed');
  }

  static fromMagicLinks(magicLinks: MagicLinks): HmacFeedKeys {
    return new HmacFeedKeys(magicLinks.subkeys(FEED_KEY_INFO));
  }

  keyFor(feed: FeedRef, generation: number): string {
    return derive(this.secrets[0] as Uint8Array, feed, generation);
  }

  matches(feed: FeedRef, generation: number, key: string): boolean {
    const given = Buffer.from(key, 'utf8');
    if (given.length !== FEED_KEY_LENGTH) return false;
    // Every secret is tried, without stopping at a match, so the time taken says nothing.
    let found = false;
    for (const secret of this.secrets) {
      if (timingSafeEqual(given, Buffer.from(derive(secret, feed, generation), 'utf8'))) found = true;
    }
    return found;
  }
}

function derive(secret: Uint8Array, { kind, id }: FeedRef, generation: number): string {
  return createHmac('sha256', secret)
    .update(`scc-feed:v1:${kind}:${id}:${generation}`, 'utf8')
    .digest('base64url')
    .slice(0, FEED_KEY_LENGTH);
}

const PATH: Record<FeedKind, string> = { boat: 'boats', crew: 'crew' };

/** Feed URLs and the crew page links the crew feed carries, from the one public base URL. */
export function feedLinks(publicBaseUrl: string, crewPageUrl: FeedLinks['crewPageUrl']): FeedLinks {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return {
    feedUrl: (kind, name, key) => `${base}/feeds/${PATH[kind]}/${encodeURIComponent(name)}.ics?key=${key}`,
    crewPageUrl,
  };
}

/** The same feed for a calendar app to subscribe to: `webcal:` opens the subscribe dialog. */
export const webcalUrl = (url: string) => url.replace(/^https?:/, 'webcal:');
