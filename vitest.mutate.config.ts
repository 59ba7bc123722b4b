import { defineConfig } from 'vitest/config';
import base from './vitest.config';
import { sourcesOf, testsBeside } from './scripts/mutation-files';
import strykerConfig from './stryker.config.mjs';

/**
 * The vitest config Stryker runs (`npm run mutate`): only the unit test files beside the
 * mutated sources, which scripts/mutate.ts passes in MUTATE_TEST_FILES (comma-separated). On
 * its own (Stryker run directly) it runs the test files beside the config's default slice.
 */
const testFiles = process.env.MUTATE_TEST_FILES?.split(',').filter(Boolean) ?? [...new Set(sourcesOf(strykerConfig.mutate).flatMap(testsBeside))];

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: testFiles,
    // Stryker reads the results itself; the summary line of the normal suite is not needed.
    reporters: ['default'],
  },
});
