import * as z from 'zod';
import { financeSchema, STEP_NAMES } from '../booking/schema';

/** Every event SCC reports to webhook subscribers. */
export const WEBHOOK_EVENT_TYPES = [
  'booking.created',
  'booking.changed',
  'booking.cancelled',
  'booking.reinstated',
  'booking.step_failed',
  'photos.uploaded',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
/** Sent only by `POST /webhooks/:id/test`, to every endpoint whatever it subscribed to. */
export const TEST_EVENT_TYPE = 'webhook.test';
export type DeliveredEventType = WebhookEventType | typeof TEST_EVENT_TYPE;

/** What every booking event says about the booking: ids and the trip, never guest contact. */
const bookingRef = {
  bookingId: z.string(),
  source: z.string(),
  externalId: z.string(),
  /** The booking version this event reports; per booking, events arrive in version order. */
  version: z.int().min(1),
  status: z.enum(['active', 'cancelled']),
  title: z.string(),
  start: z.string(),
  end: z.string(),
  timezone: z.string(),
  boat: z.string(),
};

export const bookingEventDataSchema = z.object({
  ...bookingRef,
  /** Who made the change: an integration (`service-key`), the console, or a marketplace `sync`. */
  actor: z.enum(['service-key', 'console', 'sync']),
  /** The booking's fields that changed in this version (`finance` included only by name). */
  changedFields: z.array(z.string()),
  /** Only for subscriptions created with `"includeFinance": true`. */
  finance: financeSchema.optional(),
});

export const stepFailedDataSchema = z.object({
  ...bookingRef,
  step: z.enum(STEP_NAMES),
  reason: z.string(),
  retryable: z.boolean(),
});

export const photosUploadedDataSchema = z.object({
  eventId: z.string(),
  bookingId: z.string().optional(),
  photoId: z.string(),
  contentType: z.string(),
  size: z.int(),
});

/** The body of a delivery, per the Standard Webhooks payload structure. */
export function webhookPayloadSchema<T extends WebhookEventType>(type: T) {
  const data =
    type === 'booking.step_failed' ? stepFailedDataSchema : type === 'photos.uploaded' ? photosUploadedDataSchema : bookingEventDataSchema;
  return z.object({ type: z.literal(type), timestamp: z.iso.datetime(), data });
}

export const testEventDataSchema = z.object({ webhookId: z.string(), message: z.string() });

export const webhookPayloadSchemas = Object.fromEntries(WEBHOOK_EVENT_TYPES.map((type) => [type, webhookPayloadSchema(type)])) as {
  [K in WebhookEventType]: ReturnType<typeof webhookPayloadSchema<K>>;
};
