import { type FeedFetcher, FeedFetchError, type FeedFetchResult, type FeedValidators } from '@scc/core';
import type { AddressPolicy } from './address-policy';
import { OutboundRequestError } from './errors';
import type { Resolver } from './guarded-lookup';
import { safeGet, type SafeResponse } from './safe-request';

export const FEED_USER_AGENT = 'ShipCaptainCrew-feed-sync/1';

export interface FeedFetcherOptions {
  /** Whole fetch, redirects and body included. Default 10 s. */
  timeoutMs?: number;
  /** Body cap, before and after decompression. Default 5 MiB. */
  maxBytes?: number;
  /** DNS stand-in for tests; the system resolver otherwise. */
  resolve?: Resolver;
}

/**
 * The feed's URL with its path and query (where marketplaces put the token) cut off, for
 * anything a person or a log sees: `https://host/…`.
 */
export function redactFeedUrl(url: string): string {
  try {
    const { protocol, host } = new URL(url);
    return `${protocol}//${host}/…`;
  } catch {
    return '(not a URL)';
  }
}

/** Fetches marketplace iCalendar feeds within the outbound-request rules of `policy`. */
export function createFeedFetcher(policy: AddressPolicy, options: FeedFetcherOptions = {}): FeedFetcher {
  return {
    async fetch(url: string, validators: FeedValidators): Promise<FeedFetchResult> {
      const headers: Record<string, string> = { accept: 'text/calendar, text/plain;q=0.8, */*;q=0.5' };
      if (validators.etag) headers['if-none-match'] = validators.etag;
      if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
      let response: SafeResponse;
      try {
        response = await safeGet(url, { ...options, policy, headers, userAgent: FEED_USER_AGENT });
      } catch (error) {
        throw error instanceof OutboundRequestError ? asFeedError(error) : error;
      }
      return feedResult(response);
    },
  };
}

function feedResult({ status, headers, body, url }: SafeResponse): FeedFetchResult {
  const host = url.host;
  if (status === 304) return { kind: 'not-modified' };
  if (status < 200 || status > 299) {
    throw new FeedFetchError('http_status', `The feed at ${host} answered HTTP ${status}`, { details: { host, status } });
  }
  // TextDecoder drops a leading BOM; iCalendar is UTF-8 by definition (RFC 5545 §3.1.4).
  const text = new TextDecoder('utf-8').decode(body);
  const start = text.trimStart();
  if (start === '') throw new FeedFetchError('empty', `The feed at ${host} is empty`, { details: { host, status } });
  const contentType = (headers['content-type'] ?? '').toLowerCase();
  // A marketplace answers an expired or revoked feed token with its login page, often as 200.
  if (contentType.startsWith('text/html') || /^<(!doctype\s+html|html)[\s>]/i.test(start)) {
    throw new FeedFetchError('not_calendar', `The feed at ${host} returned a web page, not a calendar (has its link expired?)`, {
      details: { host, status, contentType },
    });
  }
  // Property names are case-insensitive in iCalendar, and some exporters write them in lower case.
  if (!/BEGIN:VCALENDAR/i.test(text)) {
    throw new FeedFetchError('not_calendar', `The feed at ${host} is not an iCalendar document`, { details: { host, status, contentType } });
  }
  const etag = headers.etag;
  const lastModified = headers['last-modified'];
  return { kind: 'fetched', body: text, ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

function asFeedError(error: OutboundRequestError): FeedFetchError {
  const { reason: _reason, ...details } = error.details;
  return new FeedFetchError(error.reason, error.message, { details, cause: error });
}
