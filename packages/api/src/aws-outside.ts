import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { CloudFrontInvalidator, S3GuestPageStore, S3PhotoStorage, SesMailer } from '@scc/aws';
import { GoogleCalendar, lazyCalendar, parseServiceAccountKey } from '@scc/google';
import { Resource } from 'sst/resource';
import { MagicLinks, parseMagicLinkKeys } from './magic-links';
import type { Outside } from './services';

/** A secret left at its placeholder means "not configured". */
const isSet = (value: string) => value.trim() !== '' && value.trim() !== 'none';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; infra/api.ts provides it`);
  return value;
}

/**
 * The outside world in AWS, from what infra/ links to the function: SST resources for names
 * and secrets, plain environment variables for the CloudFront distribution and public URL
 * (SST does not link those). Region and credentials come from the Lambda runtime.
 */
export function awsOutside(): Outside {
  const google = Resource.GoogleServiceAccount.value;
  const s3 = new S3Client({});
  const bucket = Resource.SccMedia.name;
  return {
    guestPages: new S3GuestPageStore(s3, bucket),
    photoStorage: new S3PhotoStorage(s3, bucket),
    // The presigner's virtual-hosted URLs: the origin guests' browsers upload to.
    mediaOrigin: `https://${bucket}.s3.${required('AWS_REGION')}.amazonaws.com`,
    cdn: new CloudFrontInvalidator(new CloudFrontClient({}), required('SCC_DISTRIBUTION_ID')),
    mailer: new SesMailer(new SESv2Client({}), {
      from: Resource.SccEmail.sender,
      configurationSetName: Resource.SccEmail.configSet,
    }),
    ...(isSet(google)
      ? {
          // Parsed on first use: a malformed key fails the calendar step, not the whole API.
          calendar: lazyCalendar(
            () =>
              new GoogleCalendar({
                serviceAccount: parseServiceAccountKey(google),
                calendarId: Resource.GoogleCalendarId.value,
              }),
          ),
        }
      : {}),
    magicLinks: new MagicLinks(parseMagicLinkKeys(Resource.MagicLinkKeys.value)),
    publicBaseUrl: required('SCC_PUBLIC_URL'),
  };
}
