import {
  type CalendarEventDraft,
  type CalendarPort,
  DependencyRejectedError,
} from '@scc/core';
import { GoogleConfigError } from './errors';
import {
  type CalendarOperation,
  calendarFailure,
  DEPENDENCY,
  requestFailure,
  unauthorizedTwice,
} from './failures';
import { readJson } from './http';
import { checkServiceAccountKey, isHttpUrl, type ServiceAccountKey } from './service-account';
import { ServiceAccountTokenSource } from './token-source';

export interface GoogleCalendarConfig {
  serviceAccount: ServiceAccountKey;
  /** The calendar's id (an email-like address), or `primary` for the subject's own calendar. */
  calendarId: string;
  /** The Workspace user to act as, when the calendar is reached by domain-wide delegation. */
  subject?: string;
  /** `https://www.googleapis.com` unless a test points it elsewhere. */
  apiBaseUrl?: string;
  fetch?: typeof fetch;
  clock?: () => Date;
}

const DEFAULT_API_BASE_URL = 'https://www.googleapis.com';

/** One Calendar API request: which method, where, with what body. */
interface CalendarCall {
  operation: CalendarOperation;
  method: 'POST' | 'PUT' | 'PATCH';
  url: string;
  body: unknown;
}

interface Answer {
  status: number;
  body: unknown;
}

/**
 * The operator's Google Calendar behind core's CalendarPort. Every call targets the one event
 * with the draft's deterministic id: insert (a repeat is answered 409, reported as `exists`),
 * update of the whole event, and a patch of its status to cancel it; an event that is not
 * there (404, or 410 once deleted) is reported as `missing` for the workflow to decide.
 * It never retries 429 or 5xx itself (the booking workflow owns retries, backoff and
 * timeouts); the one retry here follows a 401, with a freshly issued token.
 */
export class GoogleCalendar implements CalendarPort {
  readonly #eventsUrl: string;
  readonly #fetch: typeof fetch;
  readonly #tokens: ServiceAccountTokenSource;

  constructor(config: GoogleCalendarConfig) {
    checkServiceAccountKey(config.serviceAccount);
    if (config.calendarId.trim() === '') {
      throw new GoogleConfigError('The Google calendar id is empty');
    }
    if (config.subject !== undefined && config.subject.trim() === '') {
      throw new GoogleConfigError('The Google subject (the user to act as) is empty');
    }
    const base = config.apiBaseUrl ?? DEFAULT_API_BASE_URL;
    // Checked here, because fetch would report a bad URL as a TypeError, like a network fault.
    if (!isHttpUrl(base)) {
      throw new GoogleConfigError('The Google API base URL is not an http(s) URL');
    }
    this.#eventsUrl =
      `${base.replace(/\/+$/, '')}/calendar/v3/calendars/` +
      `${encodeURIComponent(config.calendarId)}/events`;
    this.#fetch = config.fetch ?? ((input, init) => fetch(input, init));
    this.#tokens = new ServiceAccountTokenSource({
      serviceAccount: config.serviceAccount,
      subject: config.subject,
      fetch: this.#fetch,
      clock: config.clock,
    });
  }

  /** `events.insert` (POST …/events). */
  async insertEvent(
    event: CalendarEventDraft,
    signal?: AbortSignal,
  ): Promise<{ outcome: 'created' | 'exists' }> {
    const operation = 'events.insert';
    const answer = await this.#send(
      { operation, method: 'POST', url: this.#eventsUrl, body: eventBody(event) },
      signal,
    );
    if (isSuccess(answer)) return { outcome: 'created' };
    // Google's answer to a duplicate id: an earlier attempt already created this event.
    if (answer.status === 409) return { outcome: 'exists' };
    throw calendarFailure(answer.status, answer.body, operation);
  }

  /**
   * `events.update` (PUT …/events/{id}): the whole event, `status: confirmed` included, so
   * that the same call also brings back an event that was cancelled.
   */
  async updateEvent(
    event: CalendarEventDraft,
    signal?: AbortSignal,
  ): Promise<{ outcome: 'updated' | 'missing' }> {
    const operation = 'events.update';
    const answer = await this.#send(
      { operation, method: 'PUT', url: this.#eventUrl(event.id), body: eventBody(event) },
      signal,
    );
    if (isSuccess(answer)) return { outcome: 'updated' };
    if (isGone(answer)) return { outcome: 'missing' };
    throw calendarFailure(answer.status, answer.body, operation);
  }

  /**
   * `events.patch` (PATCH …/events/{id}) of the status alone. Cancelling rather than
   * deleting keeps the event on Google's side, where a later update can bring it back.
   */
  async cancelEvent(
    eventId: string,
    signal?: AbortSignal,
  ): Promise<{ outcome: 'cancelled' | 'missing' }> {
    const operation = 'events.patch';
    const answer = await this.#send(
      { operation, method: 'PATCH', url: this.#eventUrl(eventId), body: { status: 'cancelled' } },
      signal,
    );
    if (isSuccess(answer)) return { outcome: 'cancelled' };
    if (isGone(answer)) return { outcome: 'missing' };
    throw calendarFailure(answer.status, answer.body, operation);
  }

  #eventUrl(eventId: string): string {
    return `${this.#eventsUrl}/${encodeURIComponent(eventId)}`;
  }

  /** The call with a token; after a 401, once more with a fresh one. Any other answer is returned. */
  async #send(call: CalendarCall, signal?: AbortSignal): Promise<Answer> {
    let token = await this.#token(signal);
    let answer = await this.#request(call, token, signal);
    if (answer.status === 401) {
      // Revoked, or expired earlier than its stated lifetime: one fresh token, one more try.
      this.#tokens.invalidate(token);
      token = await this.#token(signal);
      answer = await this.#request(call, token, signal);
      if (answer.status === 401) throw unauthorizedTwice(call.operation);
    }
    return answer;
  }

  async #token(signal?: AbortSignal): Promise<string> {
    try {
      return await this.#tokens.token(signal);
    } catch (error) {
      // A key that will not import is configuration, fixed by an operator and not by retrying.
      if (error instanceof GoogleConfigError) {
        throw new DependencyRejectedError(error.message, {
          details: { dependency: DEPENDENCY, operation: 'token' },
          cause: error,
        });
      }
      throw error;
    }
  }

  async #request(call: CalendarCall, token: string, signal?: AbortSignal): Promise<Answer> {
    try {
      const response = await this.#fetch(call.url, {
        method: call.method,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(call.body),
        signal,
      });
      // Read in full even when unused, so the connection goes back to the pool.
      return { status: response.status, body: await readJson(response) };
    } catch (error) {
      throw requestFailure(call.operation, error, signal);
    }
  }
}

/** The draft's own fields only: whatever else a caller's object carries stays here. */
function eventBody(event: CalendarEventDraft): CalendarEventDraft {
  const { id, summary, description, location, start, end, status } = event;
  return { id, summary, description, location, start, end, status };
}

function isSuccess(answer: Answer): boolean {
  return answer.status >= 200 && answer.status < 300;
}

/** Not there: never created, or removed for good (Google answers 410 for a deleted event). */
function isGone(answer: Answer): boolean {
  return answer.status === 404 || answer.status === 410;
}
