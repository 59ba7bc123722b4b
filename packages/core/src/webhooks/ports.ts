import type { DeliveredEventType } from './event-schema';

/**
 * One event waiting in an item's outbox: written in the same conditional write as the change
 * it reports, so a crash never loses one or reports a change that did not happen.
 */
export interface OutboxEvent {
  /** Stable: the `webhook-id` receivers deduplicate by. */
  eventId: string;
  type: DeliveredEventType;
  at: string;
  /** The payload's `data`, without money (added at delivery for `includeFinance` endpoints). */
  data: Record<string, unknown>;
  /** Set for booking events: money is read from its finance item for `includeFinance`. */
  bookingId?: string;
}

/** Where an outbox lives: the item (booking, photo) whose writes append to it. */
export interface OutboxRef {
  pk: string;
  sk: string;
}

export interface OutboxRepository {
  /** Items whose outbox may hold events (a marker written before each appending write), oldest first. */
  pending(limit: number): Promise<OutboxRef[]>;
  read(ref: OutboxRef): Promise<OutboxEvent[]>;
  /**
   * Removes `events` (the first ones of the outbox, as read) once they are queued; the marker
   * goes too when nothing else was appended meanwhile.
   */
  take(ref: OutboxRef, events: readonly OutboxEvent[]): Promise<void>;
}

/** One delivery to send: the consumer reads the rest from the delivery item. */
export interface DeliveryMessage {
  webhookId: string;
  deliveryId: string;
  /** Deliveries of one group (endpoint and booking) go out in order, one at a time. */
  groupId: string;
  /**
   * What the queue deduplicates by, when not the delivery itself: a resend is the same
   * delivery sent again on purpose, which SQS would otherwise drop for five minutes.
   */
  sendId?: string;
}

/** SQS (FIFO) in AWS, an in-process queue in `npm start`. */
export interface DeliveryQueue {
  send(messages: readonly DeliveryMessage[]): Promise<void>;
}

export interface WebhookResponse {
  status: number;
}

/** An HTTP POST within the outbound-request rules (public addresses only in AWS). */
export interface WebhookSender {
  post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<WebhookResponse>;
}

/** What the consumer tells the queue after one attempt. */
export type DeliveryVerdict =
  | { outcome: 'delivered' }
  /** Try again after `delayMs`: the queue holds the message (and its group) until then. */
  | { outcome: 'retry'; delayMs: number }
  /** Nothing more to do: the endpoint is gone or disabled, or the delivery ran out of time. */
  | { outcome: 'dropped'; reason: string };
