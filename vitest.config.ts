import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'web/src/**/*.test.ts', 'infra/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // The SDK warns once per worker that Node 20 support ends in 2027; Lambda runs Node 22.
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Request logs through the global console (which test spies see), errors only: a line
      // per request of every test would bury the report. The logger's own tests set INFO.
      POWERTOOLS_DEV: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    },
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
