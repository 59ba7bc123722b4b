import { api } from './api';
import { assetObjects } from './assets';
import { email } from './email';
import { functionPolicy, type PolicyTargets } from './permissions';
import { reminderEnvironment, reminderInvoker, reminderSchedulesArn } from './reminder-schedules';
import { googleCalendarId, googleServiceAccount, magicLinkKeys, serviceKeyHash } from './secrets';
import { distributionArn, distributionId, publicUrl } from './site';
import { media, table } from './storage';
import { deliveryQueue } from './webhook-queue';

/** The resources the functions' policies name (infra/permissions.ts). */
export const policyTargets = $util
  .all([
    table.arn,
    media.arn,
    email.nodes.identity.arn,
    email.nodes.configurationSet.arn,
    email.sender,
    distributionArn,
    deliveryQueue.arn,
    reminderSchedulesArn,
    reminderInvoker.arn,
  ])
  .apply(
    ([tableArn, bucketArn, identityArn, configSetArn, sender, distribution, queueArn, schedulesArn, invokerArn]): PolicyTargets => ({
      tableArn,
      bucketArn,
      identityArn,
      configSetArn,
      sender,
      distributionArn: distribution,
      queueArn,
      reminderSchedulesArn: schedulesArn,
      reminderInvokerArn: invokerArn,
    }),
  );

// The one Lambda, running the whole Hono app, behind the API's catch-all route. It is added
// after the public site because it needs the site's distribution id and URL, while the site
// needs only the API's URL (the API Gateway endpoint, which exists before any route):
//   SccApi (API) <- SccSite (CloudFront) <- this function, attached to SccApi's $default route
// so the dependencies form no cycle and one deploy creates everything.
export const functionBase = {
  runtime: 'nodejs22.x',
  architecture: 'arm64',
  memory: '512 MB',
  // An HTTP API gives up on an integration after 30 seconds anyway; the booking steps carry
  // their own, shorter timeouts, so this only bounds a stuck invocation.
  timeout: '30 seconds',
  // Its log group (/aws/lambda/…), created by SST with this retention. Production keeps three
  // months to look back at a season's incidents; throwaway stages a week (SST's default would
  // be a month everywhere).
  logging: { retention: $app.stage === 'production' ? '3 months' : '1 week' },
  // What packages/api/src/aws-outside.ts and lambda.ts read as Resource.<Name>. The links
  // carry names only (infra/links.ts); the permissions are below.
  link: [table, media, email, serviceKeyHash, magicLinkKeys, googleServiceAccount, googleCalendarId],
  environment: {
    NODE_OPTIONS: '--enable-source-maps',
    // SST does not link a CloudFront distribution, so these two are plain settings.
    SCC_DISTRIBUTION_ID: distributionId,
    SCC_PUBLIC_URL: publicUrl,
    // Where webhook deliveries are queued (and, for the consumer, held back). A plain setting
    // rather than a link: SST's link of a queue would grant sqs:* on it.
    SCC_WEBHOOK_QUEUE_URL: deliveryQueue.url,
    // The reminder schedules' group, target, role and dead-letter queue: any function may run
    // a booking's reminders step (infra/reminder-schedules.ts).
    ...reminderEnvironment,
  },
  // The whole IAM policy, call by call (infra/permissions.ts says which code needs which
  // action; its test checks that against the SDK commands the adapters send).
  permissions: policyTargets.apply(functionPolicy),
  nodejs: {
    // The docs call both defaults, but SST 3.19's builder minifies only when `minify` is
    // passed, so both are spelled out: the deployed bundle should match what `npm run build`
    // measures (minified ESM split into chunks, the AWS SDK inside).
    format: 'esm',
    minify: true,
    // A cold start loads DynamoDB's client and the app; S3, SES, CloudFront, SQS, Scheduler,
    // jose and Google are chunks of their own, imported on first use (packages/api/src/
    // aws-outside.ts). `npm run build` splits the same way.
    splitting: true,
    // By default SST takes the source map out of the deployed bundle (it only uploads it for
    // its Console). Keeping it in lets the NODE_OPTIONS above map stack traces in the logs
    // back to TypeScript lines.
    sourcemap: true,
    // The plugins npm run build bundles with (infra/bundle-plugins.mjs says why); the path is
    // from sst.config.ts.
    plugins: './infra/bundle-plugins.mjs',
  },
} satisfies Omit<sst.aws.FunctionArgs, 'handler'>;

export const apiRoute = api.route('$default', {
  handler: 'packages/api/src/lambda.handler',
  ...functionBase,
  // Pages the function renders link the hashed assets; the new code goes live only once the
  // files it names are in the bucket.
  transform: {
    function: (_args, opts) => {
      opts.dependsOn = assetObjects;
    },
  },
});
