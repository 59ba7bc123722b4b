// Mutation testing (`npm run mutate`, see scripts/mutate.ts and the README's "Mutation testing").
//
// Stryker 9.5.x, not 10.x: Stryker 10 requires Node 22, while this repository's development
// machines and CI run Node 20 (package.json `engines`: >=20.19); 9.5 supports Node 20 and
// vitest 4. Not part of CI: a run takes minutes on 2 cores.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  // Only the unit test files beside the mutated sources run (see vitest.mutate.config.ts).
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  // Each mutant runs only the tests that cover it.
  coverageAnalysis: 'perTest',
  // 2 cores: never more than 2 test-runner processes.
  concurrency: 2,
  // The default run: every file the mutation goal covers, each with the test files beside it
  // (scripts/mutation-files.ts). `npm run mutate -- <file>…` replaces it.
  mutate: [
    // The security checks (goal 100 %).
    'packages/api/src/middleware/service-key.ts',
    'packages/api/src/magic-links.ts',
    // Ids, hashing and time.
    'packages/core/src/booking/ids.ts',
    'packages/core/src/booking/canonical.ts',
    'packages/core/src/time.ts',
    // The booking workflow and its steps.
    'packages/core/src/booking/booking-service.ts',
    'packages/core/src/booking/run-protocol.ts',
    'packages/core/src/booking/step-runner.ts',
    'packages/core/src/booking/steps/*.ts',
    '!packages/core/src/booking/steps/*.test.ts',
    // Crew notices and links.
    'packages/core/src/booking/crew-notices.ts',
    'packages/core/src/booking/crew-link-service.ts',
    // Photos.
    'packages/core/src/photos/photo-service.ts',
    'packages/core/src/photos/policy.ts',
    // Channel reconciliation and webhook signing.
    'packages/core/src/channels/channel-sync.ts',
    'packages/core/src/webhooks/webhook-delivery.ts',
  ],
  // Copied into the sandbox: everything but these (and node_modules, which is linked).
  ignorePatterns: ['reports', '.local', '.sst', 'coverage', 'dist'],
  reporters: ['html', 'json', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  // Tests here are fast; a mutant that loops forever is cut off at 3 s over the baseline.
  timeoutMS: 3000,
  thresholds: { high: 90, low: 80, break: null },
};
