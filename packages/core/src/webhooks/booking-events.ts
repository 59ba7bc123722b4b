import { randomBytes } from 'node:crypto';
import type { BookingRecord, HistoryEntry, StepName, StepState } from '../booking/schema';
import type { Clock } from '../ports';
import type { WebhookEventType } from './event-schema';
import type { OutboxEvent } from './ports';

/**
 * `msg_` + the time (so an endpoint's deliveries sort by it) + randomness. Written into the
 * outbox with the change, so every relay of the event uses the same id (`webhook-id`).
 */
export function newEventId(clock: Clock): string {
  // The counter keeps two events of one millisecond in the order they were made.
  sequence = (sequence + 1) % 36 ** 3;
  return `msg_${clock().getTime().toString(36).padStart(9, '0')}${sequence.toString(36).padStart(3, '0')}${randomBytes(8).toString('hex')}`;
}
let sequence = 0;

/** A history entry that makes a booking version (a step's line does not). */
export type VersionChange = HistoryEntry & { kind: Exclude<HistoryEntry['kind'], 'step'> };

const TYPE_OF: Record<VersionChange['kind'], WebhookEventType> = {
  created: 'booking.created',
  changed: 'booking.changed',
  cancelled: 'booking.cancelled',
  reinstated: 'booking.reinstated',
};

/** The booking as every booking event shows it: ids and the trip, no guest contact, no money. */
function bookingRefOf(record: BookingRecord) {
  const { request } = record;
  return {
    bookingId: record.bookingId,
    source: record.source,
    externalId: record.externalId,
    version: record.version,
    status: record.status ?? 'active',
    title: request.title,
    start: request.start,
    end: request.end,
    timezone: request.timezone,
    boat: request.boat,
  };
}

/** The event a new booking version reports, from the change written with it. */
export function bookingEventOf(record: BookingRecord, change: VersionChange, clock: Clock): OutboxEvent {
  return {
    eventId: newEventId(clock),
    type: TYPE_OF[change.kind],
    at: change.at,
    bookingId: record.bookingId,
    data: {
      ...bookingRefOf(record),
      actor: change.actor,
      // Names only: the values (money among them) stay in the admin-only history.
      changedFields: (change.changes ?? []).map((c) => c.field),
    },
  };
}

/** A step that failed for the booking's current version: someone should look. */
export function stepFailedEventOf(record: BookingRecord, step: StepName, state: StepState, clock: Clock): OutboxEvent | undefined {
  if (state.status !== 'failed') return undefined;
  return {
    eventId: newEventId(clock),
    type: 'booking.step_failed',
    at: state.at,
    bookingId: record.bookingId,
    data: { ...bookingRefOf(record), step, reason: state.reason, retryable: state.retryable },
  };
}
