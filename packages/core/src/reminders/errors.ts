import { SccError } from '../errors';

/**
 * A scheduled message (or some of its recipients' copies) did not go out. Thrown so the
 * scheduler retries the firing (EventBridge's retry policy, then its dead-letter queue; the
 * local scheduler's next ticks); recipients already sent to are skipped by their claims.
 */
export class ReminderNotSentError extends SccError {
  readonly code = 'reminder_not_sent';
}

/** The operator's digest did not go out; the next run (15 minutes on) tries again. */
export class DigestNotSentError extends SccError {
  readonly code = 'digest_not_sent';
}
