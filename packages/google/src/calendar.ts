import {
  type CalendarEventDraft,
  type CalendarPort,
  DependencyRejectedError,
} from '@scc/core';
import { GoogleConfigError } from './errors';
import { calendarFailure, DEPENDENCY, requestFailure, unauthorizedTwice } from './failures';
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

type Outcome = { outcome: 'created' | 'exists' };

/**
 * The operator's Google Calendar behind core's CalendarPort: one `events.insert` per call,
 * with the draft's deterministic id, so a repeat is answered 409 and reported as `exists`.
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

  async insertEvent(event: CalendarEventDraft, signal?: AbortSignal): Promise<Outcome> {
    let token = await this.#token(signal);
    let answer = await this.#insert(event, token, signal);
    if (answer.status === 401) {
      // Revoked, or expired earlier than its stated lifetime: one fresh token, one more try.
      this.#tokens.invalidate(token);
      token = await this.#token(signal);
      answer = await this.#insert(event, token, signal);
      if (answer.status === 401) throw unauthorizedTwice();
    }
    if (answer.status >= 200 && answer.status < 300) return { outcome: 'created' };
    // Google's answer to a duplicate id: an earlier attempt already created this event.
    if (answer.status === 409) return { outcome: 'exists' };
    throw calendarFailure(answer.status, answer.body);
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

  async #insert(
    event: CalendarEventDraft,
    token: string,
    signal?: AbortSignal,
  ): Promise<{ status: number; body: unknown }> {
    const { id, summary, description, location, start, end } = event;
    try {
      const response = await this.#fetch(this.#eventsUrl, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({ id, summary, description, location, start, end }),
        signal,
      });
      // Read in full even when unused, so the connection goes back to the pool.
      return { status: response.status, body: await readJson(response) };
    } catch (error) {
      throw requestFailure('events.insert', error, signal);
    }
  }
}
