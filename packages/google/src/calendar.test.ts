import { DependencyRejectedError, DependencyUnavailableError } from '@scc/core';
import { type GoogleFault, type GoogleStandIn, startGoogleStandIn } from '@scc/google-standin';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GoogleCalendar, type GoogleCalendarConfig } from './calendar';
import { GoogleConfigError } from './errors';
import { parseServiceAccountKey } from './service-account';
import { draft, eventId, failure } from './test-helpers';

const CALENDAR_ID = 'c_0123abcd@group.calendar.google.com';
let google: GoogleStandIn;

beforeAll(async () => {
  google = await startGoogleStandIn();
});
afterAll(() => google.close());
afterEach(() => google.setFault(null));

function calendar(extra: Partial<GoogleCalendarConfig> = {}): GoogleCalendar {
  return new GoogleCalendar({
    serviceAccount: parseServiceAccountKey(google.serviceAccountJson),
    calendarId: CALENDAR_ID,
    apiBaseUrl: google.url,
    ...extra,
  });
}

describe('GoogleCalendar.insertEvent', () => {
  it('creates the event with the draft id on the configured calendar', async () => {
    const event = draft();
    expect(await calendar().insertEvent(event)).toEqual({ outcome: 'created' });
    const [stored] = google.events(CALENDAR_ID).filter((e) => e.id === event.id);
    expect(stored).toMatchObject(event);
  });

  it('answers exists when Google already has an event with this id (409)', async () => {
    const client = calendar();
    const event = draft();
    await client.insertEvent(event);
    const again = await client.insertEvent({ ...event, summary: 'Changed' });
    expect(again).toEqual({ outcome: 'exists' });
    expect(google.events(CALENDAR_ID).filter((e) => e.id === event.id)).toHaveLength(1);
  });

  it('refreshes a revoked token once and retries once', async () => {
    const client = calendar();
    await client.insertEvent(draft());
    const tokensBefore = google.tokenCount;
    const insertsBefore = google.insertCount;
    google.revokeTokens();
    expect(await client.insertEvent(draft())).toEqual({ outcome: 'created' });
    expect(google.tokenCount - tokensBefore).toBe(1);
    expect(google.insertCount - insertsBefore).toBe(2);
  });

  it('gives up when a fresh token is refused as well', async () => {
    const client = calendar();
    const insertsBefore = google.insertCount;
    google.failNext(2, { status: 401 });
    const error = await failure(client.insertEvent(draft()));
    expect(error).toBeInstanceOf(DependencyRejectedError);
    expect(error.message).toMatch(/refused a freshly issued access token \(401\)/);
    expect(google.insertCount - insertsBefore).toBe(2);
  });

  it.each([
    [{ status: 429 }, 'Google Calendar is rate limiting (429)', 429],
    [{ status: 500 }, 'Google Calendar is unavailable (500)', 500],
    [{ status: 503 }, 'Google Calendar is unavailable (503)', 503],
  ] satisfies Array<[GoogleFault, string, number]>)(
    'reports %o as retryable, without retrying it itself',
    async (fault, message, status) => {
      const client = calendar();
      const insertsBefore = google.insertCount;
      google.setFault(fault);
      const error = await failure(client.insertEvent(draft()));
      expect(error).toBeInstanceOf(DependencyUnavailableError);
      expect(error.message).toBe(message);
      expect(error).toMatchObject({
        retryable: true,
        details: { dependency: 'google-calendar', status },
      });
      expect(google.insertCount - insertsBefore).toBe(1);
    },
  );

  it('reports a dropped connection as retryable', async () => {
    const client = calendar();
    await client.insertEvent(draft()); // a pooled connection for the reset to drop
    google.failNext(1, { reset: true });
    const error = await failure(client.insertEvent(draft()));
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(error.message).toMatch(/^Could not reach Google Calendar/);
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('stops waiting when the signal times out, and reports that as retryable', async () => {
    const client = calendar();
    await client.insertEvent(draft()); // token in hand, so only the insert is slow
    google.failNext(1, { delayMs: 2_000 });
    const started = Date.now();
    const error = await failure(client.insertEvent(draft(), AbortSignal.timeout(50)));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(error.message).toBe('Google Calendar did not answer in time');
  });

  it('does not start when the signal is already aborted', async () => {
    const insertsBefore = google.insertCount;
    const error = await failure(calendar().insertEvent(draft(), AbortSignal.abort()));
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(google.insertCount).toBe(insertsBefore);
  });

  it("reports a 403 as rejected, quoting Google's message", async () => {
    google.failNext(1, { status: 403 });
    const error = await failure(calendar().insertEvent(draft()));
    expect(error).toBeInstanceOf(DependencyRejectedError);
    expect(error.message).toMatch(/^Google Calendar rejected the event \(403\): You need to have /);
    expect(error.message).toContain('writer access to this calendar.');
    expect(error.message).toMatch(/\(is the calendar shared with the service account/);
    expect(error).toMatchObject({
      retryable: false,
      details: { dependency: 'google-calendar', status: 403, reason: 'requiredAccessLevel' },
    });
  });

  it('reports an id Google refuses as rejected (400)', async () => {
    const error = await failure(calendar().insertEvent(draft('not_base32hex!')));
    expect(error).toBeInstanceOf(DependencyRejectedError);
    expect(error.message).toBe(
      'Google Calendar rejected the event (400): Invalid resource id value.',
    );
  });

  it('reports a key that will not import as rejected configuration', async () => {
    const key = parseServiceAccountKey(google.serviceAccountJson);
    const garbled = key.private_key.replace(/[A-Za-z]{8}/, 'AAAAAAAA');
    const client = calendar({ serviceAccount: { ...key, private_key: garbled } });
    const error = await failure(client.insertEvent(draft()));
    expect(error).toBeInstanceOf(DependencyRejectedError);
    expect(error.cause).toBeInstanceOf(GoogleConfigError);
    expect(error.message).toBe('The Google service-account private_key is not a usable key');
  });

  it('refuses configuration that cannot work, at construction', () => {
    expect(() => calendar({ calendarId: ' ' })).toThrow(GoogleConfigError);
    expect(() => calendar({ apiBaseUrl: 'www.googleapis.com' })).toThrow(GoogleConfigError);
    expect(() => calendar({ subject: '' })).toThrow(GoogleConfigError);
  });

  it('never puts the private key, an assertion or an access token in an error', async () => {
    const key = parseServiceAccountKey(google.serviceAccountJson);
    const client = calendar();
    await client.insertEvent(draft());
    const errors: Error[] = [];
    const faults: GoogleFault[] = [
      { status: 400 },
      { status: 403 },
      { status: 404 },
      { status: 429 },
      { status: 500 },
      { reset: true },
      { on: 'token', status: 400 },
      { on: 'token', status: 401 },
      { on: 'token', status: 503 },
      { on: 'token', reset: true },
    ];
    for (const fault of faults) {
      google.revokeTokens(); // so each call also goes through the token endpoint
      google.failNext(1, fault);
      errors.push(await failure(client.insertEvent(draft())));
    }
    errors.push(await failure(client.insertEvent(draft('bad!'))));
    const wrongAccount = calendar({ serviceAccount: { ...key, client_email: 'x@y.example' } });
    errors.push(await failure(wrongAccount.insertEvent(draft())));
    errors.push(await failure(client.insertEvent(draft(eventId()), AbortSignal.abort())));

    expect(errors).toHaveLength(faults.length + 3);
    const secrets = [
      ...google.accessTokens(),
      ...key.private_key.split('\n').filter((line) => line.length > 20),
    ];
    expect(secrets.length).toBeGreaterThan(10);
    for (const error of errors) {
      const text = everything(error);
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/eyJ[\w-]+\.eyJ/); // no JWT, signed assertion or otherwise
    }
  });
});

/** The requests a client sent, as the server would read them. */
function recording(): { fetch: typeof fetch; calls: Array<{ method: string; url: string; body: unknown }> } {
  const calls: Array<{ method: string; url: string; body: unknown }> = [];
  return {
    calls,
    fetch: (input, init) => {
      const url = String(input);
      if (url.includes('/calendar/v3/')) {
        calls.push({ method: init?.method ?? 'GET', url, body: JSON.parse(String(init?.body)) });
      }
      return fetch(input, init);
    },
  };
}

const stored = (id: string) => google.events(CALENDAR_ID).find((e) => e.id === id);

describe('GoogleCalendar.updateEvent', () => {
  it('replaces the whole event with a PUT to its own URL, status included', async () => {
    const { fetch, calls } = recording();
    const client = calendar({ fetch });
    const event = draft();
    await client.insertEvent(event);
    const before = stored(event.id);
    const moved = {
      ...event,
      summary: 'Sunset sail on JADA (moved)',
      location: 'Shelter Island, Dock A',
      start: { dateTime: '2026-07-05T18:00:00-07:00', timeZone: 'America/Los_Angeles' },
      end: { dateTime: '2026-07-05T21:00:00-07:00', timeZone: 'America/Los_Angeles' },
    };
    expect(await client.updateEvent(moved)).toEqual({ outcome: 'updated' });

    expect(calls.map((c) => c.method)).toEqual(['POST', 'PUT']);
    expect(calls[0]?.body).toEqual(event); // insert sends status too
    expect(calls[1]).toEqual({
      method: 'PUT',
      url: `${google.url}/calendar/v3/calendars/${encodeURIComponent(CALENDAR_ID)}/events/${event.id}`,
      body: moved,
    });
    expect(stored(event.id)).toMatchObject({ ...moved, created: before?.created });
    expect(stored(event.id)?.etag).not.toBe(before?.etag);
  });

  it('brings back a cancelled event, since the body says confirmed', async () => {
    const client = calendar();
    const event = draft();
    await client.insertEvent(event);
    await client.cancelEvent(event.id);
    expect(stored(event.id)?.status).toBe('cancelled');
    expect(await client.updateEvent(event)).toEqual({ outcome: 'updated' });
    expect(stored(event.id)?.status).toBe('confirmed');
  });

  it('answers missing for an event that is not there (404), and creates nothing', async () => {
    const client = calendar();
    const inserts = google.insertCount;
    const event = draft();
    expect(await client.updateEvent(event)).toEqual({ outcome: 'missing' });
    expect(stored(event.id)).toBeUndefined();
    expect(google.insertCount).toBe(inserts);
  });

  it('answers missing for an event Google has deleted (410)', async () => {
    const client = calendar();
    const event = draft();
    await client.insertEvent(event);
    google.failNext(1, { status: 410 });
    expect(await client.updateEvent(event)).toEqual({ outcome: 'missing' });
  });

  it('reports a 403 as rejected, naming the update', async () => {
    const client = calendar();
    const event = draft();
    await client.insertEvent(event);
    google.failNext(1, { status: 403 });
    const error = await failure(client.updateEvent(event));
    expect(error).toBeInstanceOf(DependencyRejectedError);
    expect(error).toMatchObject({
      details: { dependency: 'google-calendar', operation: 'events.update', status: 403 },
    });
  });

  it('reports a change Google refuses as rejected (400)', async () => {
    const client = calendar();
    const event = draft();
    await client.insertEvent(event);
    const backwards = { ...event, end: { ...event.end, dateTime: '2026-07-04T17:00:00-07:00' } };
    const error = await failure(client.updateEvent(backwards));
    expect(error).toBeInstanceOf(DependencyRejectedError);
    expect(error.message).toBe(
      'Google Calendar rejected the event (400): The specified time range is empty.',
    );
  });
});

describe('GoogleCalendar.cancelEvent', () => {
  it('patches the status alone to cancelled, keeping the event', async () => {
    const { fetch, calls } = recording();
    const client = calendar({ fetch });
    const event = draft();
    await client.insertEvent(event);
    expect(await client.cancelEvent(event.id)).toEqual({ outcome: 'cancelled' });
    expect(calls[1]).toEqual({
      method: 'PATCH',
      url: `${google.url}/calendar/v3/calendars/${encodeURIComponent(CALENDAR_ID)}/events/${event.id}`,
      body: { status: 'cancelled' },
    });
    expect(stored(event.id)).toMatchObject({ ...event, status: 'cancelled' });
  });

  it('is safe to repeat', async () => {
    const client = calendar();
    const event = draft();
    await client.insertEvent(event);
    await client.cancelEvent(event.id);
    expect(await client.cancelEvent(event.id)).toEqual({ outcome: 'cancelled' });
  });

  it.each([404, 410] as const)('answers missing on %i', async (status) => {
    const client = calendar();
    if (status === 404) {
      expect(await client.cancelEvent(eventId())).toEqual({ outcome: 'missing' });
      return;
    }
    const event = draft();
    await client.insertEvent(event);
    google.failNext(1, { status });
    expect(await client.cancelEvent(event.id)).toEqual({ outcome: 'missing' });
    expect(stored(event.id)?.status).toBe('confirmed');
  });
});

type Method = 'update' | 'cancel';
const METHODS: Array<[Method, 'events.update' | 'events.patch', () => number]> = [
  ['update', 'events.update', () => google.updateCount],
  ['cancel', 'events.patch', () => google.patchCount],
];

/** The method under test, on an event that exists. */
async function prepared(method: Method, client = calendar()) {
  const event = draft();
  await client.insertEvent(event);
  return () => (method === 'update' ? client.updateEvent(event) : client.cancelEvent(event.id));
}

describe.each(METHODS)('GoogleCalendar %s: tokens and faults', (method, operation, count) => {
  const success = method === 'update' ? { outcome: 'updated' } : { outcome: 'cancelled' };

  it('refreshes a revoked token once and retries once', async () => {
    const run = await prepared(method);
    const tokens = google.tokenCount;
    const before = count();
    google.revokeTokens();
    expect(await run()).toEqual(success);
    expect(google.tokenCount - tokens).toBe(1);
    expect(count() - before).toBe(2);
  });

  it('gives up when a fresh token is refused as well', async () => {
    const run = await prepared(method);
    const before = count();
    google.failNext(2, { status: 401 });
    const error = await failure(run());
    expect(error).toBeInstanceOf(DependencyRejectedError);
    expect(error).toMatchObject({ details: { operation, status: 401 } });
    expect(count() - before).toBe(2);
  });

  it.each([
    [{ status: 429 }, 'Google Calendar is rate limiting (429)', 429],
    [{ status: 500 }, 'Google Calendar is unavailable (500)', 500],
    [{ status: 503 }, 'Google Calendar is unavailable (503)', 503],
  ] satisfies Array<[GoogleFault, string, number]>)(
    'reports %o as retryable, without retrying it itself',
    async (fault, message, status) => {
      const run = await prepared(method);
      const before = count();
      google.setFault(fault);
      const error = await failure(run());
      expect(error).toBeInstanceOf(DependencyUnavailableError);
      expect(error.message).toBe(message);
      expect(error).toMatchObject({
        retryable: true,
        details: { dependency: 'google-calendar', operation, status },
      });
      expect(count() - before).toBe(1);
    },
  );

  it('reports a dropped connection as retryable', async () => {
    const run = await prepared(method);
    google.failNext(1, { reset: true });
    const error = await failure(run());
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(error.message).toMatch(/^Could not reach Google Calendar/);
    expect(error).toMatchObject({ details: { operation } });
  });

  it('stops waiting when the signal times out', async () => {
    const client = calendar();
    const event = draft();
    await client.insertEvent(event);
    google.failNext(1, { delayMs: 2_000 });
    const signal = AbortSignal.timeout(50);
    const started = Date.now();
    const error = await failure(
      method === 'update' ? client.updateEvent(event, signal) : client.cancelEvent(event.id, signal),
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(error.message).toBe('Google Calendar did not answer in time');
  });
});

/** An error's message, details and causes, as one string. */
function everything(error: unknown): string {
  const parts: string[] = [];
  let current = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    const details = (current as { details?: unknown }).details ?? {};
    parts.push(current.message, String(current.stack), JSON.stringify(details));
    current = current.cause;
  }
  return parts.join('\n');
}
