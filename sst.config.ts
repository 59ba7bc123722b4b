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
    };
  },
  async run() {
    // Loaded inside run() because the infra modules use the `sst` and `$app` globals, which
    // exist only once SST has started the program.
    const { table, media } = await import('./infra/storage');
    await import('./infra/secrets');
    await import('./infra/email');
    const { api } = await import('./infra/api');
    const { publicUrl, distributionId } = await import('./infra/site');
    // Last: the function needs the site's URL and distribution id (infra/lambda.ts says why
    // this order has no cycle).
    await import('./infra/lambda');

    return {
      // What integrations call, with X-Service-Key.
      api: api.url,
      // What guests and crew are given (links in emails and guest pages).
      site: publicUrl,
      distribution: distributionId,
      media: media.name,
      table: table.name,
    };
  },
});
