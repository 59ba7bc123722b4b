import { createDocumentClient } from '@scc/aws/dynamo';
import { awsOutside, awsServiceSettings } from './aws-outside';
import { readAwsSettings } from './aws-settings';
import { logger } from './middleware/request-log';
import { createServices } from './services';

// The scheduled sync of every channel (sst.aws.Cron, every 15 minutes: infra/channels.ts).
// The same services as the API, so a feed's bookings take exactly the API's path.
const settings = readAwsSettings();
const services = createServices(createDocumentClient({}), settings.tableName, awsOutside(settings), awsServiceSettings(settings));

export async function handler(): Promise<{ channels: number; failed: number; busy: number }> {
  const outcomes = await services.channelSync.syncAll();
  const entries = Object.entries(outcomes);
  for (const [channelId, outcome] of entries) {
    // Counts and failure words only: the feed URL (a secret) never reaches a log.
    if (outcome.status === 'failed') logger.warn('channel sync failed', { channelId, failure: outcome.failure });
    else if (outcome.status === 'synced') logger.info('channel synced', { channelId, counts: outcome.counts, notModified: outcome.notModified });
  }
  return {
    channels: entries.length,
    failed: entries.filter(([, o]) => o.status === 'failed').length,
    busy: entries.filter(([, o]) => o.status === 'busy').length,
  };
}
