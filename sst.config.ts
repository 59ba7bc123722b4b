/// <reference path="./.sst/platform/config.d.ts" />

// The AWS app. Every resource is declared in infra/*; this file only loads those modules, in
// dependency order, and names the outputs. infra/README.md says how to deploy.
export default $config({
  app(input) {
    return {
      name: 'shipcaptaincrew',
      // Production keeps its data (the table's bookings and finances, the bucket's pages and
      // photos) even if the app or a resource is removed; every other stage is a throwaway copy.
      removal: input?.stage === 'production' ? 'retain' : 'remove',
      // `sst remove --stage production` refuses to run at all.
      protect: input?.stage === 'production',
      home: 'aws',
      providers: {
        aws: {
          // Pinned, not taken from the deploying shell's profile or AWS_REGION: a deploy from
          // a shell set to another region would create a second, empty copy of the stage
          // there. us-east-1 because CloudFront publishes its metrics and needs its
          // certificates there, so the site's alarms and certificate sit beside everything
          // else; SES sending and every other service SCC uses exist there too.
          region: 'us-east-1',
          // The version SST 3.19.3's platform is built and type-checked against
          // (scripts/setup-sst-platform.ts installs the same); unpinned, `sst install` would
          // take the newest @pulumi/aws.
          version: '6.66.2',
        },
      },
    };
  },
  async run() {
    // Loaded inside run() because the infra modules use the `sst` and `$app` globals, which
    // exist only once SST has started the program.
    // First: the browser bundles the function's code imports (infra/web-build.ts says why
    // here), and the links' permissions, which must be replaced before any component exists.
    await import('./infra/web-build');
    await import('./infra/links');
    const { table, media } = await import('./infra/storage');
    await import('./infra/secrets');
    await import('./infra/email');
    const { api } = await import('./infra/api');
    const { publicUrl, distributionId } = await import('./infra/site');
    // The webhook delivery queue, whose URL and send permission every function gets.
    await import('./infra/webhook-queue');
    // Last: the function needs the site's URL and distribution id (infra/lambda.ts says why
    // this order has no cycle).
    await import('./infra/lambda');
    // The 15-minute marketplace sync: the same code, settings and permissions as the API.
    await import('./infra/channels');
    // Reminders: the one-time schedules' target Lambda and the operator's digest every 15 minutes.
    await import('./infra/reminders');
    // Webhook delivery: the queue's consumer and the one-minute outbox sweep.
    await import('./infra/webhooks');
    // Alarms on the function, API, table, crew emails and webhook delivery (they watch all of
    // the above).
    const { alarmTopic } = await import('./infra/monitoring/alarms');

    return {
      // What integrations call, with X-Service-Key.
      api: api.url,
      // What guests and crew are given (links in emails and guest pages).
      site: publicUrl,
      distribution: distributionId,
      media: media.name,
      table: table.name,
      // The SNS topic every alarm notifies: subscribe to it (infra/README.md).
      alarms: alarmTopic.arn,
    };
  },
});
