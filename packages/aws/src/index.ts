export * from './dynamo/index';
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
