import { functionBase } from './lambda';

// Marketplace feeds are polled every 15 minutes (most marketplaces refresh their exports at
// about that pace). One function syncs every enabled channel in turn; a channel's lease keeps
// a slow run and the next one (or the console's "Sync now") from syncing it twice at once.
export const channelSync = new sst.aws.Cron('SccChannelSync', {
  schedule: 'rate(15 minutes)',
  function: {
    ...functionBase,
    handler: 'packages/api/src/channel-sync-lambda.handler',
    // Feeds are fetched one after another with a 10-second timeout each.
    timeout: '5 minutes',
  },
});
