import { ASSETS_PREFIX } from './asset-files';
import { mediaLifecycleRules } from './media-lifecycle';

// The single DynamoDB table (DESIGN.md, "Data: one DynamoDB table"). Only the key attributes
// are declared: DynamoDB needs a type for every attribute used in an index and for nothing
// else. The item shapes live in packages/aws.
const isProduction = $app.stage === 'production';

export const table = new sst.aws.Dynamo('SccTable', {
  fields: {
    pk: 'string',
    sk: 'string',
    gsi1pk: 'string',
    gsi1sk: 'string',
  },
  primaryIndex: { hashKey: 'pk', rangeKey: 'sk' },
  globalIndexes: {
    // Look-ups by guest slug and by date. Projects every attribute (the SST default), so a
    // query on the index never needs a second read of the base item.
    gsi1: { hashKey: 'gsi1pk', rangeKey: 'gsi1sk' },
  },
  // A bad deploy that would replace the table (a key change) or a stray delete fails instead
  // of dropping the bookings. `removal: 'retain'` alone only covers `sst remove`.
  deletionProtection: isProduction,
  // Rate-limit counters (RATE#… items) carry `expiresAt` (epoch seconds) and delete themselves.
  ttl: 'expiresAt',
  transform: {
    table: {
      // SST turns point-in-time recovery on for every table; say it explicitly for production
      // so a change of default cannot silently drop it, and skip its cost on throwaway stages.
      pointInTimeRecovery: { enabled: isProduction },
    },
  },
});

// Public guest pages (`g/{slug}.html`, written by the Lambda), the pages' hashed scripts and
// the console's stylesheet (`assets/…`, uploaded at deploy by infra/assets.ts) and guest photos
// (`photos/{eventId}/…`, uploaded by browsers with pre-signed PUTs). Every object is private:
// - the bucket policy lets CloudFront read `g/*` and `assets/*` only, and only for a
//   distribution in this account that signs its requests (origin access control,
//   infra/site.ts); photos are never readable through CloudFront, the API hands out
//   short-lived pre-signed GETs instead;
// - the Lambda may read and write `g/*` and `photos/*` only (infra/permissions.ts).
// SST's default policy statement also refuses any request that does not use TLS.
//
// Cross-origin uploads need a CORS rule that names the public site's origin, which is known
// only once the distribution exists; infra/site.ts adds it, so SST's own rule (every origin,
// every method) is turned off here.
//
// The policy allows distributions of this account rather than naming the one distribution:
// its ARN would make the policy depend on the distribution, and the distribution depends on
// this bucket (SST creates the policy before it hands out the bucket), a cycle that Pulumi
// cannot resolve.
export const media = new sst.aws.Bucket('SccMedia', {
  cors: false,
  // For the guest photos: an overwritten or deleted one stays recoverable for a while
  // (infra/media-lifecycle.ts). S3 versions the whole bucket; old page versions expire daily.
  versioning: true,
  policy: [
    {
      principals: [{ type: 'service', identifiers: ['cloudfront.amazonaws.com'] }],
      actions: ['s3:GetObject'],
      paths: ['g/*', `${ASSETS_PREFIX}*`],
      conditions: [
        {
          test: 'ArnLike',
          variable: 'AWS:SourceArn',
          values: [
            $interpolate`arn:${aws.getPartitionOutput({}).partition}:cloudfront::${aws.getCallerIdentityOutput({}).accountId}:distribution/*`,
          ],
        },
      ],
    },
  ],
});

// Abandoned multipart uploads and old object versions (infra/media-lifecycle.ts). A resource
// of its own: SST's `lifecycle` argument can only expire current objects.
new aws.s3.BucketLifecycleConfigurationV2('SccMediaLifecycle', {
  bucket: media.name,
  rules: mediaLifecycleRules,
});
