/// <reference path="./.sst/platform/config.d.ts" />

// The AWS app. Every resource is declared in infra/*; this file only loads those modules, in
// dependency order, and names the outputs. infra/README.md says how to deploy.
export default $config({
  app(input) {
    return {
      name: 'shipcaptaincrew',
      // Production keeps the table (bookings, finances) even if the app or a resource is
      // removed; every other stage is a throwaway copy.
      removal: input?.stage === 'production' ? 'retain' : 'remove',
      // `sst remove --stage production` refuses to run at all.
      protect: input?.stage === 'production',
      home: 'aws',
    };
  },
  async run() {
    // Loaded inside run() because the infra modules use the `sst` and `$app` globals, which
    // exist only once SST has started the program.
    const { table } = await import('./infra/storage');
    await import('./infra/secrets');
    const { api } = await import('./infra/api');

    return {
      api: api.url,
      table: table.name,
    };
  },
});
