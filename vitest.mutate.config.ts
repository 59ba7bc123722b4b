import { defineConfig } from 'vitest/config';
import base from './vitest.config';

/**
 * The vitest config Stryker runs (`npm run mutate`): only the unit test files beside the
 * mutated sources, which scripts/mutate.ts passes in MUTATE_TEST_FILES (comma-separated). On
 * its own it runs the test files of the default slice.
 */
const DEFAULT_TEST_FILES = [
  'packages/api/src/middleware/service-key.test.ts',
  'packages/api/src/magic-links.test.ts',
  'packages/core/src/booking/ids.test.ts',
  'packages/core/src/time.test.ts',
  'packages/core/src/booking/step-runner.test.ts',
  'packages/core/src/photos/policy.test.ts',
];

const testFiles = process.env.MUTATE_TEST_FILES?.split(',').filter(Boolean);

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: testFiles?.length ? testFiles : DEFAULT_TEST_FILES,
    // Stryker reads the results itself; the summary line of the normal suite is not needed.
    reporters: ['default'],
  },
});
