import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** sst.config.ts imports infra/web-build.ts first; `$cli` is SST's global in that program. */
async function runWebBuild(root: string) {
  vi.stubGlobal('$cli', { paths: { root } });
  vi.resetModules();
  return import('./web-build');
}

afterEach(() => vi.unstubAllGlobals());

describe('the deploy path builds the browser bundles the Lambda imports', () => {
  it('runs npm run build:web in the checkout SST deploys from', async () => {
    const root = await mkdtemp(join(tmpdir(), 'scc-webbuild-'));
    await writeFile(join(root, 'package.json'), JSON.stringify({ scripts: { 'build:web': 'node -e "require(\'fs\').writeFileSync(\'built\',\'yes\')"' } }));
    await runWebBuild(root);
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(join(root, 'built'), 'utf8')).toBe('yes');
  });

  it('stops the deploy with the build’s own output when the build fails', async () => {
    const root = await mkdtemp(join(tmpdir(), 'scc-webbuild-'));
    await writeFile(join(root, 'package.json'), JSON.stringify({ scripts: { 'build:web': 'node -e "console.error(\'web/src broke\'); process.exit(1)"' } }));
    await expect(runWebBuild(root)).rejects.toThrow(/npm run build:web failed[\s\S]*web\/src broke/);
  });
});
