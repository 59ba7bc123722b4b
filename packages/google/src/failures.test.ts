import { DependencyRejectedError, DependencyUnavailableError } from '@scc/core';
import { describe, expect, it } from 'vitest';
import { calendarFailure, requestFailure, tokenFailure } from './failures';

const usageLimit = (reason: string) => ({
  error: {
    errors: [{ domain: 'usageLimits', reason, message: 'Rate Limit Exceeded' }],
    code: 403,
    message: 'Rate Limit Exceeded',
  },
});

describe('calendarFailure', () => {
  it.each([['rateLimitExceeded'], ['userRateLimitExceeded'], ['quotaExceeded']])(
    'treats a 403 %s as rate limiting, because Google sends usage limits as 403 too',
    (reason) => {
      const error = calendarFailure(403, usageLimit(reason));
      expect(error).toBeInstanceOf(DependencyUnavailableError);
      expect(error.message).toBe('Google Calendar is rate limiting (403)');
      expect(error).toMatchObject({
        details: { dependency: 'google-calendar', status: 403, reason },
      });
    },
  );

  it('maps a status alone when the body is not Google JSON (an HTML page from a proxy)', () => {
    expect(calendarFailure(502, undefined)).toBeInstanceOf(DependencyUnavailableError);
    const rejected = calendarFailure(404, undefined);
    expect(rejected).toBeInstanceOf(DependencyRejectedError);
    expect(rejected.message).toMatch(/^Google Calendar rejected the event \(404\) \(check the/);
  });
});

describe('tokenFailure', () => {
  it('explains unauthorized_client as delegation that is not set up', () => {
    const error = tokenFailure(401, {
      error: 'unauthorized_client',
      error_description: 'Client is unauthorized',
    });
    expect(error).toBeInstanceOf(DependencyRejectedError);
    expect(error.message).toMatch(/unauthorized_client: Client is unauthorized.*delegation/);
  });
});

describe('requestFailure', () => {
  it('names the socket error that undici nests under "fetch failed"', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const error = requestFailure('events.insert', new TypeError('fetch failed', { cause: reset }));
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(error.message).toBe('Could not reach Google Calendar (ECONNRESET)');
  });

  it('tells a timeout from a cancellation', () => {
    const timedOut = AbortSignal.abort(new DOMException('timed out', 'TimeoutError'));
    expect(requestFailure('token', timedOut.reason, timedOut).message).toBe(
      "Google's OAuth token endpoint did not answer in time",
    );
    const cancelled = AbortSignal.abort();
    expect(requestFailure('events.insert', cancelled.reason, cancelled).message).toBe(
      'The call to Google Calendar was cancelled',
    );
  });
});
