// The Lambda's whole IAM policy: exactly the calls the code makes, on exactly the resources it
// makes them on. Plain data with no SST or Pulumi imports, so infra/permissions.test.ts can
// assert it (and compare it with the AWS SDK commands the adapters send); infra/lambda.ts
// fills in the ARNs. The links (infra/links.ts) carry only names and grant nothing.
//
// Each action, and the code that needs it (packages/aws/src):
//   dynamodb:GetItem/PutItem/UpdateItem  GetCommand, PutCommand, UpdateCommand (every store)
//   dynamodb:Query                       QueryCommand, on the table and on gsi1 (single-table.ts)
//   dynamodb:BatchGetItem                BatchGetCommand (event and crew look-ups)
//   dynamodb:BatchWriteItem              BatchWriteCommand, deletes only (channel-store.ts:
//                                        a removed channel's entries, a vanished block)
//   dynamodb:DeleteItem                  DeleteCommand (outbox-store.ts: an outbox marker once
//                                        its outbox is empty), on the markers' partition only
//   s3:GetObject                         g/*: GetObjectCommand (guest-page-store.ts);
//                                        photos/*: HeadObjectCommand and pre-signed GETs
//   s3:PutObject                         g/*: PutObjectCommand (pages); photos/*: pre-signed
//                                        PUTs and parts, Create/CompleteMultipartUpload
//   s3:AbortMultipartUpload              photos/*: AbortMultipartUploadCommand
//   s3:ListMultipartUploadParts          photos/*: ListPartsCommand
//   s3:GetObject/PutObject/               exports/*: the console's "Download all" zip, written by
//   AbortMultipartUpload                 lib-storage's Upload (Put, or Create/UploadPart/Complete,
//                                        Abort on failure) and read through a pre-signed GET
//                                        (s3/album-archive.ts); photos/* read with GetObjectCommand
//   s3:ListBucket                        the bucket: without it S3 answers a HEAD on a missing
//                                        key (an upload not finished) with 403, not 404
//   ses:SendEmail                        SendEmailCommand (ses/mailer.ts), SES v2
//   cloudfront:CreateInvalidation        CreateInvalidationCommand (cloudfront/invalidator.ts)
//   sqs:SendMessage                      SendMessageBatchCommand (sqs/delivery-queue.ts): the
//                                        outbox relay queues webhook deliveries
//   scheduler:Create/Update/             Create/Update/DeleteScheduleCommand
//   DeleteSchedule                       (scheduler/reminder-scheduler.ts): the reminders step's
//                                        one-time schedules, in the reminder group only
//   iam:PassRole                         the same Create/Update: each schedule names the role
//                                        Scheduler assumes to invoke the reminder Lambda; that
//                                        role only, passed to Scheduler only
// The webhook consumer (consumerPolicy) gets the same data access, and on the delivery queue,
// instead of sending:
//   sqs:ChangeMessageVisibility          ChangeMessageVisibilityCommand (sqs/message-visibility.ts):
//                                        a delivery to retry is held back for its backoff
//   sqs:ReceiveMessage/DeleteMessage/    not called by SCC's code: the Lambda event source
//   GetQueueAttributes                   mapping polls, deletes and inspects the queue with the
//                                        function's role
// Not granted: DeleteItem outside the outbox markers, Scan, DescribeTable/CreateTable (ensureTable runs only in the local
// stack), DeleteObject, any bucket configuration. A new SDK command fails the test until it
// is granted here.

export interface PolicyStatement {
  actions: string[];
  resources: string[];
  conditions?: { test: string; variable: string; values: string[] }[];
}

export interface PolicyTargets {
  /** The DynamoDB table's ARN. */
  tableArn: string;
  /** The media bucket's ARN (`arn:aws:s3:::name`). */
  bucketArn: string;
  /** The SES email identity of the sender (`arn:aws:ses:region:account:identity/address`). */
  identityArn: string;
  /** The SES configuration set every crew email names. */
  configSetArn: string;
  /** The From address; sends are pinned to it. */
  sender: string;
  /** The public site's CloudFront distribution. */
  distributionArn: string;
  /** The webhook delivery queue (SQS FIFO). */
  queueArn: string;
  /** `arn:aws:scheduler:region:account:schedule/{group}`: the reminder schedules' prefix. */
  reminderSchedulesArn: string;
  /** The role EventBridge Scheduler assumes to invoke the reminder Lambda. */
  reminderInvokerArn: string;
}

/** The partition key of the outbox markers (packages/aws/src/dynamo/outbox-store.ts). */
export const OUTBOX_MARKERS_PK = 'OUTBOX';

/** Guest pages, written by the API and read back when re-rendering. */
export const PAGES_PREFIX = 'g/';
/** Guest photos and videos: pre-signed single and multipart uploads, pre-signed downloads. */
export const PHOTOS_PREFIX = 'photos/';
/** The console's album zips: written by the API, downloaded once, expired by a lifecycle rule. */
export const EXPORTS_PREFIX = 'exports/';

/** The API, the channel sync and the outbox sweeper: the data, and sending to the queue. */
export function functionPolicy(t: PolicyTargets): PolicyStatement[] {
  return [
    ...dataPolicy(t),
    {
      actions: ['sqs:SendMessage'],
      resources: [t.queueArn],
    },
  ];
}

/**
 * The webhook consumer: the same data access (it runs the same services), and the receiving
 * side of the queue. It replaces, rather than adds to, what SST's queue subscriber would grant
 * (which includes sqs:GetQueueUrl, unused: the URL is configured).
 */
export function consumerPolicy(t: PolicyTargets): PolicyStatement[] {
  return [
    ...dataPolicy(t),
    {
      actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
      resources: [t.queueArn],
    },
  ];
}

function dataPolicy(t: PolicyTargets): PolicyStatement[] {
  return [
    {
      actions: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:Query',
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
      ],
      // `/index/*`: queries on gsi1 are authorised against the index's own ARN.
      resources: [t.tableArn, `${t.tableArn}/index/*`],
    },
    {
      // Deletes only where every key is an outbox marker's: bookings, events and the rest
      // are never deleted by the code.
      actions: ['dynamodb:DeleteItem'],
      resources: [t.tableArn],
      conditions: [{ test: 'ForAllValues:StringEquals', variable: 'dynamodb:LeadingKeys', values: [OUTBOX_MARKERS_PK] }],
    },
    {
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: [`${t.bucketArn}/${PAGES_PREFIX}*`],
    },
    {
      actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      resources: [`${t.bucketArn}/${PHOTOS_PREFIX}*`],
    },
    {
      actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'],
      resources: [`${t.bucketArn}/${EXPORTS_PREFIX}*`],
    },
    {
      actions: ['s3:ListBucket'],
      resources: [t.bucketArn],
    },
    {
      actions: ['ses:SendEmail'],
      resources: [t.identityArn, t.configSetArn],
    },
    {
      // In the SES sandbox, SES also authorises a send against each recipient's (verified)
      // identity, so test sends to verified crew addresses need this; still only from our
      // own sender, in this account and region.
      actions: ['ses:SendEmail'],
      resources: [identityWildcard(t.identityArn)],
      conditions: [{ test: 'StringEquals', variable: 'ses:FromAddress', values: [t.sender] }],
    },
    {
      actions: ['cloudfront:CreateInvalidation'],
      resources: [t.distributionArn],
    },
    {
      actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
      resources: [`${t.reminderSchedulesArn}/*`],
    },
    {
      actions: ['iam:PassRole'],
      resources: [t.reminderInvokerArn],
      conditions: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['scheduler.amazonaws.com'] }],
    },
  ];
}

/** `arn:aws:ses:r:a:identity/crew@x` -> `arn:aws:ses:r:a:identity/*` (same account and region). */
export function identityWildcard(identityArn: string): string {
  const at = identityArn.indexOf(':identity/');
  if (at === -1) throw new Error(`not an SES identity ARN: ${identityArn}`);
  return `${identityArn.slice(0, at)}:identity/*`;
}
