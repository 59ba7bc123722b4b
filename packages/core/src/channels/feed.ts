import { SccError } from '../errors';

/**
 * One event of a marketplace's iCalendar feed, as SCC reads it. Times are UTC instants;
 * floating times and all-day dates were placed in the channel's time zone.
 */
export interface FeedEvent {
  /** The event's UID; an occurrence of a recurring event adds `#` and its RECURRENCE-ID instant. */
  uid: string;
  sequence: number;
  status: 'confirmed' | 'tentative' | 'cancelled';
  start: string;
  end: string;
  allDay: boolean;
  /**
   * The event has no end (no DTEND or DURATION, or an end equal to its start): `end` is its
   * start, and the channel's trip length (`durationMinutes`) decides how long it is.
   */
  noEnd?: true;
  summary: string;
  description: string;
  location: string;
  /**
   * `booking`: a guest's trip. `block`: the owner made the boat unavailable (no guest).
   * `own-export`: an event SCC itself published (a boat feed read back), ignored.
   */
  kind: 'booking' | 'block' | 'own-export';
  /** What the event says about the guest, when the source writes it down. */
  guest?: { name?: string; count?: number; email?: string; phone?: string };
}

/** An event the parser could not use; the rest of the feed still counts. */
export interface SkippedFeedEvent {
  uid?: string;
  reason: string;
}

export interface ParsedFeed {
  events: FeedEvent[];
  skipped: SkippedFeedEvent[];
}

export interface FeedValidators {
  etag?: string;
  lastModified?: string;
}

export type FeedFetchResult =
  | { kind: 'not-modified' }
  | { kind: 'fetched'; body: string; etag?: string; lastModified?: string };

/** Fetches a channel's feed over HTTP, conditionally, within the outbound-request rules. */
export interface FeedFetcher {
  fetch(url: string, validators: FeedValidators): Promise<FeedFetchResult>;
}

export type FeedFetchFailure =
  | 'bad_url'
  | 'blocked_address'
  | 'too_many_redirects'
  | 'timeout'
  | 'too_large'
  | 'http_status'
  | 'not_calendar'
  | 'empty'
  | 'network';

/** The feed could not be fetched; `failure` says why in a word the console can show. */
export class FeedFetchError extends SccError {
  readonly code = 'feed_fetch_failed';
  readonly failure: FeedFetchFailure;
  constructor(failure: FeedFetchFailure, message: string, options: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { ...options, details: { failure, ...options.details } });
    this.failure = failure;
  }
}

/** The body is not an iCalendar document at all (as opposed to one bad event inside it). */
export class FeedParseError extends SccError {
  readonly code = 'feed_parse_failed';
}
