import { DependencyRejectedError, DependencyUnavailableError } from '@scc/core';
import { type GoogleStandIn, startGoogleStandIn } from '@scc/test/google-standin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoogleCalendar } from './calendar';
import { parseServiceAccountKey } from './service-account';
import { draft, failure, manualClock } from './test-helpers';
import { CALENDAR_EVENTS_SCOPE, ServiceAccountTokenSource } from './token-source';

const time = manualClock();
let google: GoogleStandIn;

beforeAll(async () => {
  google = await startGoogleStandIn({ clock: time.clock });
});
afterAll(() => google.close());

function calendar(extra: { subject?: string } = {}): GoogleCalendar {
  return new GoogleCalendar({
    serviceAccount: parseServiceAccountKey(google.serviceAccountJson),
    calendarId: 'ops@charters.example',
    apiBaseUrl: google.url,
    clock: time.clock,
    ...extra,
  });
}

function tokens(): ServiceAccountTokenSource {
  return new ServiceAccountTokenSource({
    serviceAccount: parseServiceAccountKey(google.serviceAccountJson),
    clock: time.clock,
  });
}

describe('the service-account assertion', () => {
  it('carries the claims Google documents, as the token endpoint saw them', async () => {
    await calendar().insertEvent(draft());
    const seen = google.assertions().at(-1);
    const iat = Math.floor(time.clock().getTime() / 1000);
    expect(seen?.header).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      kid: google.serviceAccount.private_key_id,
    });
    expect(seen?.claims).toEqual({
      iss: google.serviceAccount.client_email,
      scope: CALENDAR_EVENTS_SCOPE,
      aud: google.tokenUri,
      iat,
      exp: iat + 3600,
    });
  });

  it('names the impersonated user in sub when a subject is configured', async () => {
    await calendar({ subject: 'captain@charters.example' }).insertEvent(draft());
    expect(google.assertions().at(-1)?.claims.sub).toBe('captain@charters.example');
  });

  it('is refused as invalid_grant when it is not the account the key belongs to', async () => {
    const key = parseServiceAccountKey(google.serviceAccountJson);
    const source = new ServiceAccountTokenSource({
      serviceAccount: { ...key, client_email: 'someone@else.example' },
      clock: time.clock,
    });
    const error = await failure(source.token());
    expect(error).toBeInstanceOf(DependencyRejectedError);
    expect(error.message).toMatch(/^Google refused the service-account credentials \(invalid_gr/);
    expect(error.message).toMatch(/key may be wrong.*domain-wide delegation/);
    expect(error).toMatchObject({
      details: {
        dependency: 'google-calendar',
        operation: 'token',
        status: 400,
        reason: 'invalid_grant',
      },
    });
  });
});

describe('the access token cache', () => {
  it('asks for one token for many inserts, and a new one shortly before it expires', async () => {
    const client = calendar();
    const before = google.tokenCount;
    await client.insertEvent(draft());
    await client.insertEvent(draft());
    expect(google.tokenCount - before).toBe(1);

    time.advance(3600_000 - 120_000); // two minutes left: still good
    await client.insertEvent(draft());
    expect(google.tokenCount - before).toBe(1);

    time.advance(90_000); // thirty seconds left: inside the safety margin
    await client.insertEvent(draft());
    expect(google.tokenCount - before).toBe(2);

    time.advance(3601_000); // long past expiry
    await client.insertEvent(draft());
    expect(google.tokenCount - before).toBe(3);
  });

  it('shares one token request among concurrent callers', async () => {
    const client = calendar();
    const before = google.tokenCount;
    google.failNext(1, { on: 'token', delayMs: 50 });
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map(() => client.insertEvent(draft())));
    expect(outcomes).toEqual(Array(5).fill({ outcome: 'created' }));
    expect(google.tokenCount - before).toBe(1);
  });

  it('lets one caller give up without cancelling the request the others wait for', async () => {
    const source = tokens();
    const before = google.tokenCount;
    google.failNext(1, { on: 'token', delayMs: 150 });
    const impatient = failure(source.token(AbortSignal.timeout(20)));
    const patient = source.token(AbortSignal.timeout(5_000));
    expect(await impatient).toBeInstanceOf(DependencyUnavailableError);
    expect((await impatient).message).toBe("Google's OAuth token endpoint did not answer in time");
    expect(await patient).toMatch(/^ya29\./);
    expect(google.tokenCount - before).toBe(1);
  });

  it('cancels the request once every caller has given up, and starts afresh', async () => {
    const source = tokens();
    const before = google.tokenCount;
    google.failNext(1, { on: 'token', delayMs: 1_000 });
    const started = Date.now();
    const error = await failure(source.token(AbortSignal.timeout(20)));
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(await source.token()).toMatch(/^ya29\./);
    expect(Date.now() - started).toBeLessThan(900);
    expect(google.tokenCount - before).toBe(2);
  });

  it.each([
    [503, 'is unavailable (503)'],
    [500, 'is unavailable (500)'],
    [429, 'is rate limiting (429)'],
  ] as const)('reports a %i from the token endpoint as retryable', async (status, words) => {
    const source = tokens();
    google.failNext(1, { on: 'token', status });
    const error = await failure(source.token());
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(error.message).toBe(`Google's OAuth token endpoint ${words}`);
    expect(error).toMatchObject({
      details: { dependency: 'google-calendar', operation: 'token', status },
    });
    expect(await source.token()).toMatch(/^ya29\./);
  });

  it('reports a dropped connection to the token endpoint as retryable', async () => {
    google.failNext(1, { on: 'token', reset: true });
    const error = await failure(tokens().token());
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(error.message).toMatch(/^Could not reach Google's OAuth token endpoint/);
  });
});
