import { apiError, oauthError } from './http';

/** Which endpoint a fault hits: every events method (insert, update, patch, get, list) unless `token`. */
export type FaultTarget = 'events' | 'token';

/**
 * A misbehaviour to play instead of (or before) the normal answer: an HTTP error status in
 * Google's shape, a delay before answering normally, or a dropped connection.
 */
export type GoogleFault = (
  | { status: 400 | 401 | 403 | 404 | 410 | 429 | 500 | 503 }
  | { delayMs: number }
  | { reset: true }
) & { on?: FaultTarget };

/** Faults waiting to be played: first the counted ones, then the standing one. */
export class FaultPlan {
  #queue: Array<{ remaining: number; fault: GoogleFault }> = [];
  #standing: GoogleFault | null = null;

  failNext(count: number, fault: GoogleFault): void {
    if (count > 0) this.#queue.push({ remaining: count, fault });
  }

  set(fault: GoogleFault | null): void {
    this.#standing = fault;
  }

  /** The fault for the next request to `target`, if any; counted faults are used up. */
  take(target: FaultTarget): GoogleFault | undefined {
    const entry = this.#queue.find((e) => (e.fault.on ?? 'events') === target);
    if (entry) {
      entry.remaining -= 1;
      if (entry.remaining === 0) this.#queue.splice(this.#queue.indexOf(entry), 1);
      return entry.fault;
    }
    if (this.#standing && (this.#standing.on ?? 'events') === target) return this.#standing;
    return undefined;
  }
}

/** The body Google sends with `status` from `target`, worded as Google words it. */
export function faultBody(target: FaultTarget, status: number): unknown {
  return target === 'token' ? tokenFaultBody(status) : apiFaultBody(status);
}

function apiFaultBody(status: number): unknown {
  switch (status) {
    case 400:
      return apiError(400, 'invalid', 'Invalid value');
    case 401:
      return apiError(401, 'authError', 'Invalid Credentials', {
        locationType: 'header',
        location: 'Authorization',
      });
    case 403:
      return apiError(
        403,
        'requiredAccessLevel',
        'You need to have writer access to this calendar.',
      );
    case 404:
      return apiError(404, 'notFound', 'Not Found');
    case 410:
      return apiError(410, 'deleted', 'Resource has been deleted');
    case 429:
      return apiError(429, 'rateLimitExceeded', 'Rate Limit Exceeded', { domain: 'usageLimits' });
    case 503:
      return apiError(503, 'backendError', 'Service Unavailable');
    default:
      return apiError(status, 'backendError', 'Backend Error');
  }
}

function tokenFaultBody(status: number): unknown {
  switch (status) {
    case 400:
      return oauthError('invalid_grant', 'Invalid grant: account not found');
    case 401:
      return oauthError(
        'unauthorized_client',
        'Client is unauthorized to retrieve access tokens using this method, or client not ' +
          'authorized for any of the scopes requested.',
      );
    case 403:
      return oauthError('access_denied', 'Requested client not authorized.');
    case 404:
      return oauthError('invalid_request', 'Not Found');
    case 429:
      return oauthError('rate_limit_exceeded', 'Rate limit exceeded');
    default:
      return oauthError('internal_failure', 'Backend Error');
  }
}
