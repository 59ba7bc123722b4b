import { SccError } from '../errors';

/**
 * One event of a feed cannot be used; the parser records `message` as the skip reason and
 * goes on with the rest. Never leaves the parser.
 */
export class FeedEventSkipError extends SccError {
  readonly code = 'feed_event_skipped';
}
