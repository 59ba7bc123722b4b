import { DependencyRejectedError, DependencyUnavailableError } from '@scc/core';

/**
 * Turns what Google answered (or failed to answer) into core's two dependency errors:
 * DependencyUnavailableError when the same call may succeed later, DependencyRejectedError
 * when only a change of input or configuration will help. Messages quote Google's own error
 * text, which never contains credentials; request headers and bodies are never echoed.
 */

export const DEPENDENCY = 'google-calendar';

/** Which call failed: getting an access token, or writing the event. */
export type GoogleOperation = 'token' | CalendarOperation;

/** The Calendar API methods SCC calls: insert (POST), update (PUT), patch (PATCH, to cancel). */
export type CalendarOperation = 'events.insert' | 'events.update' | 'events.patch';

const WHAT: Record<GoogleOperation, string> = {
  token: "Google's OAuth token endpoint",
  'events.insert': 'Google Calendar',
  'events.update': 'Google Calendar',
  'events.patch': 'Google Calendar',
};

/** Google sends usage limits as 403 as often as 429, told apart by the error's domain or reason. */
const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded']);

/** Credentials Google will not accept: a retry sends the same ones. */
const REFUSED_GRANTS = new Set(['invalid_grant', 'unauthorized_client', 'invalid_client']);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

const CALENDAR_HINTS: Record<number, string> = {
  403:
    ' (is the calendar shared with the service account, or the impersonated user, ' +
    'with permission to make changes?)',
  404: ' (check the calendar id, and that the calendar is shared with the service account)',
};

/** The Calendar API's error body: `{ error: { code, message, errors: [{ domain, reason }] } }`. */
export interface GoogleApiError {
  message?: string;
  reasons: string[];
  domains: string[];
}

export function readApiError(body: unknown): GoogleApiError {
  const error = field(body, 'error');
  const items = field(error, 'errors');
  const list = Array.isArray(items) ? items : [];
  return {
    message: text(field(error, 'message')),
    reasons: list.map((item) => text(field(item, 'reason'))).filter(isString),
    domains: list.map((item) => text(field(item, 'domain'))).filter(isString),
  };
}

/** The OAuth error body: `{ error: "invalid_grant", error_description: "…" }`. */
export function readOAuthError(body: unknown): { error?: string; description?: string } {
  return { error: text(field(body, 'error')), description: text(field(body, 'error_description')) };
}

/** A Calendar API answer that is not success, a 401, or one the method itself expects. */
export function calendarFailure(
  status: number,
  body: unknown,
  operation: CalendarOperation = 'events.insert',
): Error {
  const google = readApiError(body);
  const reason = google.reasons[0];
  const details = {
    dependency: DEPENDENCY,
    operation,
    status,
    ...(reason ? { reason } : {}),
  };
  const rateLimited =
    status === 429 ||
    (status === 403 &&
      (google.domains.includes('usageLimits') ||
        google.reasons.some((r) => RATE_LIMIT_REASONS.has(r))));
  if (rateLimited || status === 408 || status >= 500) {
    const message = unavailableMessage(operation, status, rateLimited);
    return new DependencyUnavailableError(message, { details });
  }
  const quoted = google.message ? `: ${google.message}` : '';
  return new DependencyRejectedError(
    `Google Calendar rejected the event (${status})${quoted}${CALENDAR_HINTS[status] ?? ''}`,
    { details },
  );
}

/** A token endpoint answer other than 200. */
export function tokenFailure(status: number, body: unknown): Error {
  const oauth = readOAuthError(body);
  const details = {
    dependency: DEPENDENCY,
    operation: 'token',
    status,
    ...(oauth.error ? { reason: oauth.error } : {}),
  };
  if (status === 429 || status === 408 || status >= 500) {
    const message = unavailableMessage('token', status, status === 429);
    return new DependencyUnavailableError(message, { details });
  }
  const said = [oauth.error, oauth.description].filter(isString).join(': ');
  const quoted = said ? ` (${said})` : ` (${status})`;
  if (oauth.error && REFUSED_GRANTS.has(oauth.error)) {
    return new DependencyRejectedError(
      `Google refused the service-account credentials${quoted}; the key may be wrong, ` +
        'disabled or deleted, or domain-wide delegation of the calendar.events scope is not ' +
        'set up for the impersonated user',
      { details },
    );
  }
  return new DependencyRejectedError(`${WHAT.token} rejected the request${quoted}`, { details });
}

/** The Calendar API refused a freshly issued token too: retrying with it will not help. */
export function unauthorizedTwice(operation: CalendarOperation = 'events.insert'): Error {
  return new DependencyRejectedError(
    'Google Calendar refused a freshly issued access token (401); check the service account ' +
      'and its access to the calendar',
    { details: { dependency: DEPENDENCY, operation, status: 401 } },
  );
}

/** A 2xx token answer without a usable token: a glitch on Google's side, worth another try. */
export function malformedToken(): Error {
  return new DependencyUnavailableError(`${WHAT.token} answered without an access token`, {
    details: { dependency: DEPENDENCY, operation: 'token' },
  });
}

/**
 * fetch rejected, or reading the answer failed: the call was cancelled or timed out through
 * its AbortSignal, or the network let us down. All of these may succeed on another attempt.
 */
export function requestFailure(
  operation: GoogleOperation,
  error: unknown,
  signal?: AbortSignal,
): Error {
  const details = { dependency: DEPENDENCY, operation };
  const what = WHAT[operation];
  if (signal?.aborted || isAbort(error)) {
    const reason: unknown = signal?.aborted ? signal.reason : error;
    const timedOut = errorName(reason) === 'TimeoutError';
    return new DependencyUnavailableError(
      timedOut ? `${what} did not answer in time` : `The call to ${what} was cancelled`,
      { details, cause: reason },
    );
  }
  const code = networkCode(error);
  return new DependencyUnavailableError(`Could not reach ${what}${code ? ` (${code})` : ''}`, {
    details: code ? { ...details, code } : details,
    cause: error,
  });
}

function unavailableMessage(operation: GoogleOperation, status: number, limited: boolean): string {
  const what = WHAT[operation];
  if (limited) return `${what} is rate limiting (${status})`;
  if (status === 408) return `${what} timed out (${status})`;
  return `${what} is unavailable (${status})`;
}

function isAbort(error: unknown): boolean {
  const name = errorName(error);
  return name === 'AbortError' || name === 'TimeoutError';
}

/** undici hides the socket error one or two `cause`s deep under "TypeError: fetch failed". */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = text(field(current, 'code'));
    if (code && NETWORK_CODES.has(code)) return code;
    current = field(current, 'cause');
  }
  return undefined;
}

function errorName(value: unknown): string | undefined {
  return text(field(value, 'name'));
}

function field(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  return (value as Record<string, unknown>)[name];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isString(value: string | undefined): value is string {
  return value !== undefined;
}
