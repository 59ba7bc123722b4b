import { createDocumentClient } from '@scc/aws/dynamo';
import type { DigestOutcome } from '@scc/core';
import { awsOutside, awsServiceSettings } from './aws-outside';
import { readAwsSettings } from './aws-settings';
import { logger } from './middleware/request-log';
import { createServices } from './services';

// The operator's digest (sst.aws.Cron every 15 minutes, infra/reminders.ts): each run checks
// whether today's is due in the operator's zone; the date's claim keeps it to one a day.
const settings = readAwsSettings();
const services = createServices(createDocumentClient({}), settings.tableName, awsOutside(settings), awsServiceSettings(settings));

export async function handler(): Promise<DigestOutcome> {
  const outcome = await services.digest.run();
  if (outcome.status === 'sent' || outcome.status === 'nothingToReport') logger.info('digest', { ...outcome });
  return outcome;
}
