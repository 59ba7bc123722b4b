/**
 * Which test files a mutation run uses: those beside each mutated source. Shared by
 * scripts/mutate.ts and vitest.mutate.config.ts.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** `x.ts` → `x.test.ts` and `x.<part>.test.ts`, the test files beside it. */
export function testsBeside(file: string): string[] {
  const directory = path.dirname(file);
  const stem = path.basename(file, '.ts');
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name === `${stem}.test.ts` || (name.startsWith(`${stem}.`) && name.endsWith('.test.ts')))
    .sort()
    .map((name) => `${directory}/${name}`);
}

/**
 * The source files a Stryker `mutate` list names: line ranges dropped, `dir/*.ts` expanded,
 * `!` exclusions and test files left out.
 */
export function sourcesOf(patterns: readonly string[]): string[] {
  const files = patterns
    .filter((pattern) => !pattern.startsWith('!'))
    .map((pattern) => pattern.replace(/:\d+(:\d+)?-\d+(:\d+)?$/, ''))
    .flatMap((pattern) => {
      if (!pattern.endsWith('/*.ts')) return [pattern];
      const directory = pattern.slice(0, -'/*.ts'.length);
      return readdirSync(directory)
        .filter((name) => name.endsWith('.ts'))
        .map((name) => `${directory}/${name}`);
    });
  return files.filter((file) => !file.endsWith('.test.ts'));
}
