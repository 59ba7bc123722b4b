import { Resource } from 'sst/resource';
import * as z from 'zod';
import { googleSettings, magicLinkKeysSetting, parseSettings, publicUrlSetting, unsetOr } from './settings';

/** Everything the Lambda reads from its environment, parsed once at start. */
export interface AwsSettings {
  tableName: string;
  bucket: string;
  region: string;
  distributionId: string;
  publicUrl: string;
  email: { sender: string; configSet: string };
  /** Hex SHA-256 of the service key; the raw key is never configured in production. */
  serviceKeyHash: string;
  magicLinkKeys: string;
  /** The SQS FIFO queue webhook deliveries go through (infra/webhook-queue.ts). */
  webhookQueueUrl: string;
  /** EventBridge Scheduler for reminders (infra/reminder-schedules.ts); absent: the step is skipped. */
  reminders?: { groupName: string; targetArn: string; roleArn: string; deadLetterArn: string };
  google?: z.infer<typeof googleSettings>;
}

const text = z.string().trim().min(1, 'is empty');
const arnOf = (service: string, what: string) =>
  z.string().regex(new RegExp(`^arn:aws[a-z-]*:${service}:`), { error: unsetOr(`must be the ARN of ${what}`) }).optional();

/** The four reminder settings come together (infra sets all of them) or not at all. */
const REMINDER_SETTINGS = ['SCC_REMINDER_GROUP', 'SCC_REMINDER_TARGET_ARN', 'SCC_REMINDER_ROLE_ARN', 'SCC_REMINDER_DLQ_ARN'] as const;

// Keyed by what an operator sets: SST links (`Link.field`, from infra/) and plain variables.
const schema = z
  .object({
    'SccTable.name': text,
    'SccMedia.name': text,
    'SccEmail.sender': z.email({ error: unsetOr('must be an email address') }),
    'SccEmail.configSet': text,
    'ServiceKeyHash.value': z.string().regex(/^[0-9a-f]{64}$/i, { error: unsetOr('must be the hex SHA-256 of the service key') }),
    'MagicLinkKeys.value': magicLinkKeysSetting,
    AWS_REGION: text,
    SCC_DISTRIBUTION_ID: text,
    SCC_PUBLIC_URL: publicUrlSetting,
    SCC_WEBHOOK_QUEUE_URL: z.url({ protocol: /^https$/, error: unsetOr('must be the https URL of an SQS queue') }),
    google: googleSettings.optional(),
    SCC_REMINDER_GROUP: z.string().regex(/^[0-9a-zA-Z\-_.]{1,64}$/, { error: unsetOr('must be a schedule group name') }).optional(),
    SCC_REMINDER_TARGET_ARN: arnOf('lambda', 'the reminder Lambda'),
    SCC_REMINDER_ROLE_ARN: arnOf('iam', 'the role Scheduler assumes'),
    SCC_REMINDER_DLQ_ARN: arnOf('sqs', 'the reminders’ dead-letter queue'),
  })
  .superRefine((raw, ctx) => {
    const set = REMINDER_SETTINGS.filter((name) => raw[name] !== undefined);
    if (set.length === 0 || set.length === REMINDER_SETTINGS.length) return;
    for (const name of REMINDER_SETTINGS.filter((n) => raw[n] === undefined)) {
      ctx.addIssue({ code: 'custom', path: [name], message: `is not set (${set.join(', ')} ${set.length === 1 ? 'is' : 'are'})` });
    }
  })
  .transform(
    (raw): AwsSettings => ({
      tableName: raw['SccTable.name'],
      bucket: raw['SccMedia.name'],
      region: raw.AWS_REGION,
      distributionId: raw.SCC_DISTRIBUTION_ID,
      publicUrl: raw.SCC_PUBLIC_URL,
      email: { sender: raw['SccEmail.sender'], configSet: raw['SccEmail.configSet'] },
      serviceKeyHash: raw['ServiceKeyHash.value'],
      magicLinkKeys: raw['MagicLinkKeys.value'],
      webhookQueueUrl: raw.SCC_WEBHOOK_QUEUE_URL,
      ...(raw.SCC_REMINDER_GROUP && raw.SCC_REMINDER_TARGET_ARN && raw.SCC_REMINDER_ROLE_ARN && raw.SCC_REMINDER_DLQ_ARN
        ? {
            reminders: {
              groupName: raw.SCC_REMINDER_GROUP,
              targetArn: raw.SCC_REMINDER_TARGET_ARN,
              roleArn: raw.SCC_REMINDER_ROLE_ARN,
              deadLetterArn: raw.SCC_REMINDER_DLQ_ARN,
            },
          }
        : {}),
      ...(raw.google ? { google: raw.google } : {}),
    }),
  );

/** Reads one field of an SST link; undefined when the link is absent (sst/resource throws then). */
export type LinkReader = (link: string, field: string) => unknown;

const sstLink: LinkReader = (link, field) => {
  try {
    return (Resource as unknown as Record<string, Record<string, unknown> | undefined>)[link]?.[field];
  } catch {
    return undefined;
  }
};

/** A secret left at its placeholder means "not configured". */
const isSet = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '' && value.trim() !== 'none';

/**
 * The Lambda's settings, or SettingsError naming every missing or bad one. Google is optional
 * and checked only on first use: without a calendar id the key is kept, with an empty id, so
 * the calendar step says what is missing while the rest of the API works.
 */
export function readAwsSettings(env: NodeJS.ProcessEnv = process.env, link: LinkReader = sstLink): AwsSettings {
  const key = link('GoogleServiceAccount', 'value');
  const calendarId = link('GoogleCalendarId', 'value');
  const raw: Record<string, unknown> = {
    AWS_REGION: env.AWS_REGION,
    SCC_DISTRIBUTION_ID: env.SCC_DISTRIBUTION_ID,
    SCC_PUBLIC_URL: env.SCC_PUBLIC_URL,
    SCC_WEBHOOK_QUEUE_URL: env.SCC_WEBHOOK_QUEUE_URL,
    ...Object.fromEntries(REMINDER_SETTINGS.filter((name) => env[name]).map((name) => [name, env[name]])),
    ...(isSet(key) ? { google: { serviceAccountJson: key, calendarId: isSet(calendarId) ? calendarId : '' } } : {}),
  };
  for (const name of ['SccTable.name', 'SccMedia.name', 'SccEmail.sender', 'SccEmail.configSet', 'ServiceKeyHash.value', 'MagicLinkKeys.value']) {
    const [resource = '', field = ''] = name.split('.');
    raw[name] = link(resource, field);
  }
  return parseSettings('The API cannot start', schema, raw);
}
