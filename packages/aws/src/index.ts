export { createDocumentClient, type DynamoConfig } from './dynamo/client';
export { DynamoCrewRepository } from './dynamo/crew-store';
export { isTransient } from './dynamo/errors';
export { DynamoChannelRepository } from './dynamo/channel-store';
export { DynamoOutboxRepository, MARKER_KEEP_MS } from './dynamo/outbox-store';
export { DynamoWebhookRepository } from './dynamo/webhook-store';
export { DynamoEventRepository } from './dynamo/event-store';
export { DynamoFeedKeyRepository } from './dynamo/feed-key-store';
export { ensureTable, GSI1 } from './dynamo/table';
export { DynamoBookingRepository } from './dynamo/booking-store';
export { DynamoNotificationRepository } from './dynamo/notification-store';
export { DynamoSettingsRepository } from './dynamo/settings-store';
export { CloudFrontInvalidator } from './cloudfront/invalidator';
export { type RecordedInvalidation, RecordingInvalidator } from './cloudfront/recording-invalidator';
export {
  GUEST_PAGE_CACHE_CONTROL,
  GUEST_PAGE_CONTENT_TYPE,
  guestPageKey,
  S3GuestPageStore,
} from './s3/guest-page-store';
export { SesMailer, type SesMailerOptions } from './ses/mailer';
export { awsErrorName, type AwsDependency, callAws, classifyAwsError } from './aws-errors';
export { DynamoPhotoRepository } from './dynamo/photo-store';
export {
  MAX_DOWNLOAD_URL_SECONDS,
  MAX_PART_NUMBER,
  MAX_PUT_BYTES,
  MAX_UPLOAD_URL_SECONDS,
  S3PhotoStorage,
} from './s3/photo-storage';
export { SQS_BATCH_SIZE, SqsDeliveryQueue, sqsId } from './sqs/delivery-queue';
export { MAX_VISIBILITY_SECONDS, SqsMessageVisibility } from './sqs/message-visibility';
export { atExpression, EventBridgeReminderScheduler, RETRY_POLICY, type ReminderSchedulerTarget } from './scheduler/reminder-scheduler';
export { type AlbumArchiveOptions, S3AlbumArchiver } from './s3/album-archive';
