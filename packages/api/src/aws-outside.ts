import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { CloudFrontInvalidator, EventBridgeReminderScheduler, S3AlbumArchiver, S3GuestPageStore, S3PhotoStorage, SesMailer, SqsDeliveryQueue } from '@scc/aws';
import { GoogleCalendar, lazyCalendar, parseServiceAccountKey } from '@scc/google';
import type { AwsSettings } from './aws-settings';
import { MagicLinks, parseMagicLinkKeys } from './magic-links';
import { PUBLIC_ONLY } from './outbound/address-policy';
import { createFeedFetcher } from './outbound/feed-fetcher';
import { createWebhookSender } from './outbound/webhook-sender';
import type { Outside, ServiceSettings } from './services';

/**
 * The outside world in AWS: the adapters, built from settings already parsed and checked
 * (aws-settings.ts). Region and credentials come from the Lambda runtime.
 */
export function awsOutside(settings: AwsSettings): Outside {
  const s3 = new S3Client({});
  const { bucket, google } = settings;
  return {
    guestPages: new S3GuestPageStore(s3, bucket),
    photoStorage: new S3PhotoStorage(s3, bucket),
    albumArchiver: new S3AlbumArchiver(s3, bucket),
    cdn: new CloudFrontInvalidator(new CloudFrontClient({}), settings.distributionId),
    mailer: new SesMailer(new SESv2Client({}), {
      from: settings.email.sender,
      configurationSetName: settings.email.configSet,
    }),
    ...(google
      ? {
          // Parsed on first use: a malformed key fails the calendar step, not the whole API.
          calendar: lazyCalendar(
            () =>
              new GoogleCalendar({
                serviceAccount: parseServiceAccountKey(google.serviceAccountJson),
                calendarId: google.calendarId,
                ...(google.subject ? { subject: google.subject } : {}),
              }),
          ),
        }
      : {}),
    magicLinks: new MagicLinks(parseMagicLinkKeys(settings.magicLinkKeys)),
    feedFetcher: createFeedFetcher(PUBLIC_ONLY),
    deliveryQueue: new SqsDeliveryQueue(new SQSClient({}), settings.webhookQueueUrl),
    webhookSender: createWebhookSender(PUBLIC_ONLY),
    ...(settings.reminders ? { reminderScheduler: new EventBridgeReminderScheduler(new SchedulerClient({}), settings.reminders) } : {}),
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
