import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consumerPolicy, functionPolicy, identityWildcard, OUTBOX_MARKERS_PK, type PolicyStatement } from './permissions';

const root = join(import.meta.dirname, '..');

const targets = {
  tableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/scc-production-SccTable',
  bucketArn: 'arn:aws:s3:::scc-production-sccmedia',
  identityArn: 'arn:aws:ses:us-east-1:123456789012:identity/crew@charters.example',
  configSetArn: 'arn:aws:ses:us-east-1:123456789012:configuration-set/scc-config',
  sender: 'crew@charters.example',
  distributionArn: 'arn:aws:cloudfront::123456789012:distribution/E2ABCDEF',
  queueArn: 'arn:aws:sqs:us-east-1:123456789012:scc-production-SccWebhookDeliveries.fifo',
  reminderSchedulesArn: 'arn:aws:scheduler:us-east-1:123456789012:schedule/shipcaptaincrew-production-reminders',
  reminderInvokerArn: 'arn:aws:iam::123456789012:role/SccReminderInvoker-1234567',
};
const policy = functionPolicy(targets);
const consumer = consumerPolicy(targets);

/** Is `action` allowed on `resource` (IAM's `*` wildcard in resource ARNs)? */
function allows(statements: PolicyStatement[], action: string, resource: string): boolean {
  return statements.some(
    (s) =>
      s.actions.includes(action) &&
      s.resources.some((r) => new RegExp(`^${r.split('*').map(escapeRegExp).join('.*')}$`).test(resource)),
  );
}
function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

// The IAM actions each AWS SDK command needs (S3's multipart calls are authorised as
// s3:PutObject; a HEAD as s3:GetObject, and as a 404 rather than 403 only with s3:ListBucket).
const ACTIONS_OF_COMMAND: Record<string, string[]> = {
  GetCommand: ['dynamodb:GetItem'],
  PutCommand: ['dynamodb:PutItem'],
  UpdateCommand: ['dynamodb:UpdateItem'],
  QueryCommand: ['dynamodb:Query'],
  BatchGetCommand: ['dynamodb:BatchGetItem'],
  DeleteCommand: ['dynamodb:DeleteItem'],
  ScanCommand: ['dynamodb:Scan'],
  BatchWriteCommand: ['dynamodb:BatchWriteItem'],
  TransactWriteCommand: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
  GetObjectCommand: ['s3:GetObject'],
  HeadObjectCommand: ['s3:GetObject', 's3:ListBucket'],
  PutObjectCommand: ['s3:PutObject'],
  CreateMultipartUploadCommand: ['s3:PutObject'],
  UploadPartCommand: ['s3:PutObject'],
  CompleteMultipartUploadCommand: ['s3:PutObject'],
  AbortMultipartUploadCommand: ['s3:AbortMultipartUpload'],
  ListPartsCommand: ['s3:ListMultipartUploadParts'],
  DeleteObjectCommand: ['s3:DeleteObject'],
  SendEmailCommand: ['ses:SendEmail'],
  CreateInvalidationCommand: ['cloudfront:CreateInvalidation'],
  SendMessageBatchCommand: ['sqs:SendMessage'],
  ChangeMessageVisibilityCommand: ['sqs:ChangeMessageVisibility'],
  // A schedule names the role Scheduler assumes, so creating or updating one passes it.
  CreateScheduleCommand: ['scheduler:CreateSchedule', 'iam:PassRole'],
  UpdateScheduleCommand: ['scheduler:UpdateSchedule', 'iam:PassRole'],
  DeleteScheduleCommand: ['scheduler:DeleteSchedule'],
};

// What the SQS event source mapping does with the consumer's role; no code of ours sends these.
const EVENT_SOURCE_ACTIONS = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'];

// ensureTable (DescribeTable, CreateTable) creates the table for the local stack and tests;
// in AWS, SST creates it and the Lambda never calls this file.
const LOCAL_ONLY = new Set([join('packages', 'aws', 'src', 'dynamo', 'table.ts')]);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1));
}

/** Every `new XCommand(` the Lambda's own code sends, with the file that sends it. */
function sdkCommandsInLambdaCode(): Map<string, string> {
  const commands = new Map<string, string>();
  for (const file of [...sourceFiles('packages/aws/src'), ...sourceFiles('packages/api/src')]) {
    if (LOCAL_ONLY.has(file)) continue;
    for (const match of readFileSync(join(root, file), 'utf8').matchAll(/new (\w+Command)\(/g)) {
      commands.set(match[1]!, file);
    }
  }
  return commands;
}

describe('the Lambda policy', () => {
  it('grants every action that an AWS SDK command in packages/aws or packages/api needs, and no other', () => {
    const commands = sdkCommandsInLambdaCode();
    expect(commands.size).toBeGreaterThan(10);
    const needed = new Set<string>();
    for (const [command, file] of commands) {
      const actions = ACTIONS_OF_COMMAND[command];
      if (!actions) throw new Error(`${file} sends ${command}: add its IAM actions to this test and to infra/permissions.ts`);
      actions.forEach((a) => needed.add(a));
    }
    EVENT_SOURCE_ACTIONS.forEach((a) => needed.add(a));
    const granted = new Set([...policy, ...consumer].flatMap((s) => s.actions));
    expect([...granted].sort()).toEqual([...needed].sort());
  });

  it('never grants a wildcard action', () => {
    for (const action of [...policy, ...consumer].flatMap((s) => s.actions)) expect(action).not.toContain('*');
  });

  it('SQS: the API sends to the delivery queue and nothing else; the consumer receives and holds back, and never sends', () => {
    expect(allows(policy, 'sqs:SendMessage', targets.queueArn)).toBe(true);
    expect(allows(policy, 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:123456789012:other.fifo')).toBe(false);
    for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:PurgeQueue']) {
      expect(allows(policy, action, targets.queueArn), action).toBe(false);
    }
    for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes']) {
      expect(allows(consumer, action, targets.queueArn), action).toBe(true);
    }
    expect(allows(consumer, 'sqs:SendMessage', targets.queueArn)).toBe(false);
    expect(allows(consumer, 'sqs:PurgeQueue', targets.queueArn)).toBe(false);
    expect(allows(consumer, 'sqs:GetQueueUrl', targets.queueArn)).toBe(false);
  });

  it('the consumer has the same data access as the API (it runs the same services)', () => {
    const notSqs = (statements: PolicyStatement[]) => statements.filter((s) => !s.actions.some((a) => a.startsWith('sqs:')));
    expect(notSqs(consumer)).toEqual(notSqs(policy));
  });

  it('the ensureTable file it skips is not imported by the API', () => {
    for (const file of sourceFiles('packages/api/src')) {
      expect(readFileSync(join(root, file), 'utf8'), file).not.toMatch(/ensureTable/);
    }
  });

  it('DynamoDB: item reads and writes and queries on the table and its index, no scans, deletes of outbox markers only', () => {
    for (const action of ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchGetItem']) {
      expect(allows(policy, action, targets.tableArn)).toBe(true);
    }
    expect(allows(policy, 'dynamodb:Query', `${targets.tableArn}/index/gsi1`)).toBe(true);
    expect(allows(policy, 'dynamodb:Query', targets.tableArn)).toBe(true);
    // Deletes: outbox markers only, by their partition key.
    expect(policy.filter((s) => s.actions.includes('dynamodb:DeleteItem'))).toEqual([
      {
        actions: ['dynamodb:DeleteItem'],
        resources: [targets.tableArn],
        conditions: [{ test: 'ForAllValues:StringEquals', variable: 'dynamodb:LeadingKeys', values: [OUTBOX_MARKERS_PK] }],
      },
    ]);
    expect(allows(policy, 'dynamodb:Scan', targets.tableArn)).toBe(false);
    expect(allows(policy, 'dynamodb:DeleteTable', targets.tableArn)).toBe(false);
    expect(allows(policy, 'dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:123456789012:table/other')).toBe(false);
  });

  it('S3: pages under g/, uploads under photos/, a bucket listing for HEAD, nothing else', () => {
    const object = (key: string) => `${targets.bucketArn}/${key}`;
    expect(allows(policy, 's3:PutObject', object('g/sunset-sail-abc.html'))).toBe(true);
    expect(allows(policy, 's3:GetObject', object('g/sunset-sail-abc.html'))).toBe(true);
    expect(allows(policy, 's3:AbortMultipartUpload', object('g/sunset-sail-abc.html'))).toBe(false);
    for (const action of ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts']) {
      expect(allows(policy, action, object('photos/evt_1/p_1.jpg'))).toBe(true);
    }
    expect(allows(policy, 's3:ListBucket', targets.bucketArn)).toBe(true);
    // Anything outside the two prefixes, and any delete or bucket configuration change.
    expect(allows(policy, 's3:PutObject', object('index.html'))).toBe(false);
    expect(allows(policy, 's3:GetObject', object('other/g/x.html'))).toBe(false);
    expect(allows(policy, 's3:DeleteObject', object('photos/evt_1/p_1.jpg'))).toBe(false);
    expect(allows(policy, 's3:PutBucketPolicy', targets.bucketArn)).toBe(false);
    expect(allows(policy, 's3:PutObject', 'arn:aws:s3:::another-bucket/g/x.html')).toBe(false);
  });

  it('S3: album zips under exports/ are written, read and aborted there, never deleted', () => {
    const object = (key: string) => `${targets.bucketArn}/${key}`;
    for (const action of ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload']) {
      expect(allows(policy, action, object('exports/bk_1/20270705T090000000Z.zip')), action).toBe(true);
    }
    expect(allows(policy, 's3:DeleteObject', object('exports/bk_1/20270705T090000000Z.zip'))).toBe(false);
    expect(allows(policy, 's3:ListMultipartUploadParts', object('exports/bk_1/20270705T090000000Z.zip'))).toBe(false);
  });

  it('SES: SendEmail only, from the sender identity through its configuration set', () => {
    expect(allows(policy, 'ses:SendEmail', targets.identityArn)).toBe(true);
    expect(allows(policy, 'ses:SendEmail', targets.configSetArn)).toBe(true);
    expect(allows(policy, 'ses:SendRawEmail', targets.identityArn)).toBe(false);
    expect(allows(policy, 'ses:DeleteEmailIdentity', targets.identityArn)).toBe(false);
    // The sandbox's recipient identities: only with the From address pinned to the sender.
    const recipients = policy.filter((s) => s.resources.includes('arn:aws:ses:us-east-1:123456789012:identity/*'));
    expect(recipients).toEqual([
      {
        actions: ['ses:SendEmail'],
        resources: ['arn:aws:ses:us-east-1:123456789012:identity/*'],
        conditions: [{ test: 'StringEquals', variable: 'ses:FromAddress', values: ['crew@charters.example'] }],
      },
    ]);
  });

  it('CloudFront: invalidations on the one distribution', () => {
    expect(allows(policy, 'cloudfront:CreateInvalidation', targets.distributionArn)).toBe(true);
    expect(allows(policy, 'cloudfront:CreateInvalidation', 'arn:aws:cloudfront::123456789012:distribution/EOTHER')).toBe(false);
    expect(allows(policy, 'cloudfront:UpdateDistribution', targets.distributionArn)).toBe(false);
  });

  it('Scheduler: reminder schedules in their own group only, and the invoking role passed to Scheduler only', () => {
    const schedule = `${targets.reminderSchedulesArn}/scc.bk_1.crew.v1`;
    for (const action of ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule']) {
      expect(allows(policy, action, schedule), action).toBe(true);
      expect(allows(policy, action, 'arn:aws:scheduler:us-east-1:123456789012:schedule/default/x'), action).toBe(false);
    }
    expect(allows(policy, 'scheduler:DeleteScheduleGroup', targets.reminderSchedulesArn)).toBe(false);
    expect(policy.filter((s) => s.actions.includes('iam:PassRole'))).toEqual([
      {
        actions: ['iam:PassRole'],
        resources: [targets.reminderInvokerArn],
        conditions: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['scheduler.amazonaws.com'] }],
      },
    ]);
  });

  it('every resource is one of the targets or a path under one; no bare *', () => {
    for (const resource of [...policy, ...consumer].flatMap((s) => s.resources)) {
      expect(resource).not.toBe('*');
      const base = Object.values(targets).some((t) => resource === t || resource.startsWith(`${t}/`));
      expect(base || resource === identityWildcard(targets.identityArn), resource).toBe(true);
    }
  });
});

describe('the outbox markers', () => {
  it('are the partition the policy lets the outbox store delete in', () => {
    const source = readFileSync(join(root, 'packages/aws/src/dynamo/outbox-store.ts'), 'utf8');
    expect(source).toContain(`const MARKERS = '${OUTBOX_MARKERS_PK}';`);
  });
});

describe('identityWildcard', () => {
  it('keeps the account and region', () => {
    expect(identityWildcard('arn:aws:ses:eu-west-1:111122223333:identity/a@b.example')).toBe(
      'arn:aws:ses:eu-west-1:111122223333:identity/*',
    );
  });
  it('refuses anything else', () => {
    expect(() => identityWildcard('arn:aws:s3:::bucket')).toThrow(/not an SES identity ARN/);
  });
});
