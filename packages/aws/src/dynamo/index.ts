// The DynamoDB side alone: what every request needs, without the other AWS clients (the
// Lambda loads those on first use; see packages/api/src/aws-outside.ts).
export { createDocumentClient, type DynamoConfig } from './client';
export { DynamoCrewRepository } from './crew-store';
export { isTransient } from './errors';
export { DynamoChannelRepository } from './channel-store';
export { DynamoOutboxRepository, MARKER_KEEP_MS } from './outbox-store';
export { DynamoWebhookRepository } from './webhook-store';
export { DynamoEventRepository } from './event-store';
export { DynamoFeedKeyRepository } from './feed-key-store';
export { ensureTable, GSI1 } from './table';
export { DynamoBookingRepository } from './booking-store';
export { DynamoNotificationRepository } from './notification-store';
export { DynamoSettingsRepository } from './settings-store';
export { DynamoPhotoRepository } from './photo-store';
