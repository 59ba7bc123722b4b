/**
 * Ports the booking workflow drives. Adapters (packages/aws, packages/google) implement them
 * and throw DependencyUnavailableError when a retry may help (throttling, 5xx, timeouts,
 * dropped connections) or DependencyRejectedError when it will not.
 */

/** An event on the operator's internal Google Calendar. Times are RFC 3339 with offset. */
export interface CalendarEventDraft {
  /** Deterministic, so a repeated insert is recognised (Google answers 409). */
  id: string;
  summary: string;
  description: string;
  location: string;
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  /** `confirmed` on every write, so an update also brings back a cancelled event. */
  status: 'confirmed';
}

/**
 * The operator's calendar. Every method targets the one event with the draft's deterministic
 * id, so a booking never has a second calendar event, whatever is retried or repeated.
 */
export interface CalendarPort {
  /** `events.insert`: `created`, or `exists` when an event with this id is already there (409). */
  insertEvent(event: CalendarEventDraft, signal?: AbortSignal): Promise<{ outcome: 'created' | 'exists' }>;
  /** `events.update` (PUT) of the whole event: `updated`, or `missing` on 404/410. */
  updateEvent(event: CalendarEventDraft, signal?: AbortSignal): Promise<{ outcome: 'updated' | 'missing' }>;
  /** `events.patch` with `status: cancelled`: `cancelled`, or `missing` on 404/410. */
  cancelEvent(eventId: string, signal?: AbortSignal): Promise<{ outcome: 'cancelled' | 'missing' }>;
}

/** Where the static guest pages live (S3 `g/{slug}.html` in AWS and locally). */
export interface GuestPageStore {
  put(slug: string, html: string, signal?: AbortSignal): Promise<void>;
}

/** Tells the CDN to drop cached copies; the same `callerReference` twice is one invalidation. */
export interface CdnInvalidator {
  invalidate(paths: string[], callerReference: string, signal?: AbortSignal): Promise<{ invalidationId: string }>;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
}

export interface Mailer {
  send(email: OutgoingEmail, signal?: AbortSignal): Promise<{ messageId: string }>;
}
