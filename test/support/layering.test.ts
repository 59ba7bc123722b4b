import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
      return /\.tsx?$/.test(entry.name) ? [path] : [];
    }),
  );
  return nested.flat();
}

describe('production packages', () => {
  // Test wiring lives in test/support: a production module importing it would pull test code
  // (and, through it, the package itself again) into what ships.
  it('hold no test wiring: nothing but *.test.ts imports @scc/test', async () => {
    const packages = await readdir(join(ROOT, 'packages'));
    const offenders: string[] = [];
    for (const name of packages) {
      for (const file of await sourceFiles(join(ROOT, 'packages', name, 'src'))) {
        if (/\.test\.tsx?$/.test(file)) continue;
        if (/from ['"]@scc\/test(\/|['"])/.test(await readFile(file, 'utf8'))) {
          offenders.push(relative(ROOT, file));
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
