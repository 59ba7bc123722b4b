import { createDocumentClient } from '@scc/aws/dynamo';
import { type FireOutcome, REMINDER_KINDS, type ReminderPayload, ValidationError } from '@scc/core';
import * as z from 'zod';
import { awsOutside, awsServiceSettings } from './aws-outside';
import { readAwsSettings } from './aws-settings';
import { logger } from './middleware/request-log';
import { createServices } from './services';

// The target of every reminder schedule (EventBridge Scheduler, infra/reminders.ts): the
// schedule's Input is the payload. The same services as the API, so a reminder reads the
// booking and claims its emails exactly as the lifecycle does.
const settings = readAwsSettings();
const services = createServices(createDocumentClient({}), settings.tableName, awsOutside(settings), awsServiceSettings(settings));

const payloadSchema = z.strictObject({
  bookingId: z.string().min(1).max(200),
  kind: z.enum(REMINDER_KINDS),
  version: z.int().min(1),
});

/** Scheduler's Input, checked: anything else is not ours and goes to the dead-letter queue. */
export function parseReminderPayload(event: unknown): ReminderPayload {
  const parsed = payloadSchema.safeParse(event);
  if (!parsed.success) {
    throw new ValidationError('Not a reminder payload', { details: { issues: parsed.error.issues.map((i) => i.message) }, cause: parsed.error });
  }
  return parsed.data;
}

/**
 * Throws when an email could not be sent (ReminderNotSentError): Scheduler retries the
 * firing, and what was sent already is not sent again.
 */
export async function handler(event: unknown): Promise<FireOutcome> {
  const payload = parseReminderPayload(event);
  const outcome = await services.reminders.fire(payload);
  // Ids and counts only: no names or addresses in the logs.
  logger.info('reminder fired', { ...payload, ...outcome });
  return outcome;
}
