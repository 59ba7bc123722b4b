import { SccError } from '@scc/core';

/** Why an outbound request was refused or failed, in the words callers map onto their own. */
export type OutboundFailure = 'bad_url' | 'blocked_address' | 'too_many_redirects' | 'timeout' | 'too_large' | 'network';

/**
 * An outbound request did not produce a response. The URLs SCC fetches carry secrets (feed
 * tokens, webhook keys), so neither the message nor `details` ever holds one: only the host,
 * and for a refused address the address and its range.
 */
export class OutboundRequestError extends SccError {
  readonly code = 'outbound_request_failed';
  readonly reason: OutboundFailure;
  constructor(reason: OutboundFailure, message: string, options: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { ...options, details: { reason, ...options.details } });
    this.reason = reason;
  }
}
