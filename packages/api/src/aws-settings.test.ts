import { describe, expect, it } from 'vitest';
import { type LinkReader, readAwsSettings } from './aws-settings';
import { SettingsError } from './settings';

const HASH = 'a'.repeat(64);
const MAGIC = `k1:${Buffer.alloc(32, 1).toString('base64url')}`;
const LINKS: Record<string, Record<string, string>> = {
  SccTable: { name: 'scc-table' },
  SccMedia: { name: 'scc-media' },
  SccEmail: { sender: 'crew@charters.example', configSet: 'scc' },
  ServiceKeyHash: { value: HASH },
  MagicLinkKeys: { value: MAGIC },
  GoogleServiceAccount: { value: 'none' },
  GoogleCalendarId: { value: 'none' },
};
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/scc-production-SccWebhookDeliveries.fifo';
const ENV = { AWS_REGION: 'us-east-1', SCC_DISTRIBUTION_ID: 'E2EXAMPLE', SCC_PUBLIC_URL: 'https://trips.example', SCC_WEBHOOK_QUEUE_URL: QUEUE_URL };
const links =
  (overrides: Record<string, Record<string, string>> = {}): LinkReader =>
  (link, field) =>
    ({ ...LINKS, ...overrides })[link]?.[field];

function settingsError(read: () => unknown): SettingsError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return error as SettingsError;
  }
  throw new Error('expected a SettingsError');
}

describe('readAwsSettings', () => {
  it('reads the links and the environment into one object', () => {
    expect(readAwsSettings(ENV, links())).toEqual({
      tableName: 'scc-table',
      bucket: 'scc-media',
      region: 'us-east-1',
      distributionId: 'E2EXAMPLE',
      publicUrl: 'https://trips.example',
      email: { sender: 'crew@charters.example', configSet: 'scc' },
      serviceKeyHash: HASH,
      magicLinkKeys: MAGIC,
      webhookQueueUrl: QUEUE_URL,
    });
  });

  it('reads the reminder scheduler settings, all four or none', () => {
    const reminders = {
      SCC_REMINDER_GROUP: 'shipcaptaincrew-production-reminders',
      SCC_REMINDER_TARGET_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:shipcaptaincrew-production-SccReminder',
      SCC_REMINDER_ROLE_ARN: 'arn:aws:iam::123456789012:role/SccReminderInvoker',
      SCC_REMINDER_DLQ_ARN: 'arn:aws:sqs:us-east-1:123456789012:scc-production-SccRemindersDlq',
    };
    expect(readAwsSettings({ ...ENV, ...reminders }, links()).reminders).toEqual({
      groupName: reminders.SCC_REMINDER_GROUP,
      targetArn: reminders.SCC_REMINDER_TARGET_ARN,
      roleArn: reminders.SCC_REMINDER_ROLE_ARN,
      deadLetterArn: reminders.SCC_REMINDER_DLQ_ARN,
    });
    expect(readAwsSettings(ENV, links()).reminders).toBeUndefined();
    const partial = settingsError(() => readAwsSettings({ ...ENV, SCC_REMINDER_GROUP: reminders.SCC_REMINDER_GROUP }, links()));
    expect(partial.problems).toEqual([
      'SCC_REMINDER_TARGET_ARN: is not set (SCC_REMINDER_GROUP is)',
      'SCC_REMINDER_ROLE_ARN: is not set (SCC_REMINDER_GROUP is)',
      'SCC_REMINDER_DLQ_ARN: is not set (SCC_REMINDER_GROUP is)',
    ]);
    const wrong = settingsError(() => readAwsSettings({ ...ENV, ...reminders, SCC_REMINDER_ROLE_ARN: reminders.SCC_REMINDER_DLQ_ARN }, links()));
    expect(wrong.problems).toEqual(['SCC_REMINDER_ROLE_ARN: must be the ARN of the role Scheduler assumes']);
  });

  it('takes the webhook queue as an https URL only', () => {
    const error = settingsError(() => readAwsSettings({ ...ENV, SCC_WEBHOOK_QUEUE_URL: 'scc-production-SccWebhookDeliveries.fifo' }, links()));
    expect(error.problems).toEqual(['SCC_WEBHOOK_QUEUE_URL: must be the https URL of an SQS queue']);
    const plain = settingsError(() => readAwsSettings({ ...ENV, SCC_WEBHOOK_QUEUE_URL: QUEUE_URL.replace('https:', 'http:') }, links()));
    expect(plain.problems).toEqual(['SCC_WEBHOOK_QUEUE_URL: must be the https URL of an SQS queue']);
  });

  it('names every missing setting in one error', () => {
    const error = settingsError(() => readAwsSettings({}, () => undefined));
    expect(error.problems).toEqual([
      'SccTable.name: is not set',
      'SccMedia.name: is not set',
      'SccEmail.sender: is not set',
      'SccEmail.configSet: is not set',
      'ServiceKeyHash.value: is not set',
      'MagicLinkKeys.value: is not set',
      'AWS_REGION: is not set',
      'SCC_DISTRIBUTION_ID: is not set',
      'SCC_PUBLIC_URL: is not set',
      'SCC_WEBHOOK_QUEUE_URL: is not set',
    ]);
    expect(error.message).toMatch(/^The API cannot start: 10 settings are missing or bad:\n {2}- SccTable.name: is not set\n/);
  });

  it('names every bad setting in one error, without quoting secrets', () => {
    const error = settingsError(() =>
      readAwsSettings(
        { ...ENV, SCC_PUBLIC_URL: 'ftp://trips.example' },
        links({ ServiceKeyHash: { value: 'raw-service-key' }, MagicLinkKeys: { value: 'k1:short' } }),
      ),
    );
    expect(error.problems).toEqual([
      'ServiceKeyHash.value: must be the hex SHA-256 of the service key',
      'MagicLinkKeys.value: The magic-link key "k1" must be at least 32 bytes',
      'SCC_PUBLIC_URL: must be an http(s) URL',
    ]);
    expect(error.message).not.toContain('raw-service-key');
    expect(error.cause).toBeDefined();
  });

  it('keeps a Google key unparsed, for the calendar step to check on first use', () => {
    const settings = readAwsSettings(ENV, links({ GoogleServiceAccount: { value: '{not json' } }));
    expect(settings.google).toEqual({ serviceAccountJson: '{not json', calendarId: '' });
  });
});
