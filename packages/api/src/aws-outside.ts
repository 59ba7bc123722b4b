import type { AwsSettings } from './aws-settings';
import { lazyModule, lazyPort } from './lazy';
import { MagicLinks, parseMagicLinkKeys } from './magic-links';
import { PUBLIC_ONLY } from './outbound/address-policy';
import { createFeedFetcher } from './outbound/feed-fetcher';
import { createWebhookSender } from './outbound/webhook-sender';
import type { Outside, ServiceSettings } from './services';

/**
 * The outside world in AWS: the adapters, built from settings already parsed and checked
 * (aws-settings.ts). Region and credentials come from the Lambda runtime.
 *
 * Every AWS client but DynamoDB's, and Google's, is imported and built on the first call that
 * needs it: most requests read the table and nothing else, and a cold start should not pay
 * for S3, SES, CloudFront, SQS, Scheduler and Google (each its own chunk of the bundle). A client
 * that fails to load answers 503 (lazy.ts), not a crash.
 */
export function awsOutside(settings: AwsSettings): Outside {
  const { bucket, google, reminders } = settings;
  // Imported through modules of our own (aws-clients/): a bundled CommonJS SDK package
  // imported with import() would offer its default export only.
  const s3 = lazyModule('the S3 client', async () => (await import('./aws-clients/s3')).createS3Client());
  return {
    guestPages: lazyPort('the guest page store', async () => (await import('./aws-clients/s3')).createGuestPageStore(await s3(), bucket)),
    photoStorage: lazyPort('the photo storage', async () => (await import('./aws-clients/s3')).createPhotoStorage(await s3(), bucket)),
    albumArchiver: lazyPort('the album archiver', async () => (await import('./aws-clients/s3-album')).createAlbumArchiver(await s3(), bucket)),
    cdn: lazyPort('the CloudFront invalidator', async () => (await import('./aws-clients/cloudfront')).createInvalidator(settings.distributionId)),
    mailer: lazyPort('the SES mailer', async () =>
      (await import('./aws-clients/ses')).createMailer({ from: settings.email.sender, configurationSetName: settings.email.configSet }),
    ),
    ...(google
      ? {
          calendar: lazyPort('Google Calendar', async () => {
            const { GoogleCalendar, lazyCalendar, parseServiceAccountKey } = await import('@scc/google');
            // Parsed on first use: a malformed key fails the calendar step, not the whole API.
            return lazyCalendar(
              () =>
                new GoogleCalendar({
                  serviceAccount: parseServiceAccountKey(google.serviceAccountJson),
                  calendarId: google.calendarId,
                  ...(google.subject ? { subject: google.subject } : {}),
                }),
            );
          }),
        }
      : {}),
    magicLinks: new MagicLinks(parseMagicLinkKeys(settings.magicLinkKeys)),
    feedFetcher: createFeedFetcher(PUBLIC_ONLY),
    deliveryQueue: lazyPort('the SQS delivery queue', async () => (await import('./aws-clients/sqs')).createDeliveryQueue(settings.webhookQueueUrl)),
    webhookSender: createWebhookSender(PUBLIC_ONLY),
    ...(reminders
      ? { reminderScheduler: lazyPort('the reminder scheduler', async () => (await import('./aws-clients/scheduler')).createReminderScheduler(reminders)) }
      : {}),
  };
}

/** The services' values in AWS. */
export function awsServiceSettings(settings: AwsSettings): ServiceSettings {
  return {
    publicBaseUrl: settings.publicUrl,
    // The presigner's virtual-hosted URLs: the origin guests' browsers upload to.
    mediaOrigin: `https://${settings.bucket}.s3.${settings.region}.amazonaws.com`,
  };
}
