// Types for stryker.config.mjs, which vitest.mutate.config.ts reads its default slice from.
import type { PartialStrykerOptions } from '@stryker-mutator/api/core';

declare const config: PartialStrykerOptions & { mutate: string[] };
export default config;
