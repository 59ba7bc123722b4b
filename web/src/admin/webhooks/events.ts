/** The events an endpoint can subscribe to, each with one plain line on when it is sent. */
export const WEBHOOK_EVENTS = [
  ['booking.created', 'A booking is added — by an integration, the console or a marketplace sync.'],
  ['booking.changed', 'A booking’s details change: time, boat, crew, guests, notes.'],
  ['booking.cancelled', 'A booking is cancelled.'],
  ['booking.reinstated', 'A cancelled booking is brought back.'],
  ['booking.step_failed', 'A booking’s calendar, guest page or crew emails could not be done.'],
  ['photos.uploaded', 'A guest uploads a photo or video to a trip’s page.'],
] as const;

export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number][0];

export const TEST_EVENT = 'webhook.test';
