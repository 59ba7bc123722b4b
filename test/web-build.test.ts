import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWeb, buildWebIfChanged } from '../web/build';

/** `npm run build:web` into a folder of its own, so the checkout's output is left alone. */
async function buildInto() {
  const out = await mkdtemp(join(tmpdir(), 'scc-web-'));
  const options = { assetsDir: join(out, 'assets'), manifestFile: join(out, 'manifest.json'), generatedFile: join(out, 'assets.ts') };
  const assets = await buildWeb(options);
  return { out, options, assets };
}

describe('web/build.ts', () => {
  it('writes each bundle and the console stylesheet under its content hash, with a manifest', async () => {
    const { options, assets } = await buildInto();
    const files = await readdir(options.assetsDir);
    expect(files.sort()).toEqual(assets.map((a) => a.file).sort());
    expect(files.map((f) => f.replace(/\.[0-9a-f]{12}\./, '.#.')).sort()).toEqual(['admin.#.css', 'admin.#.js', 'crew-page.#.js', 'guest-page.#.js']);
    for (const asset of assets) {
      const text = await readFile(join(options.assetsDir, asset.file), 'utf8');
      expect(asset.file).toContain(`.${createHash('sha256').update(text).digest('hex').slice(0, 12)}.`);
      expect(asset.path).toBe(`/assets/${asset.file}`);
      expect(asset.bytes).toBe(Buffer.byteLength(text));
    }
    const manifest = JSON.parse(await readFile(options.manifestFile, 'utf8')) as { assets: unknown[] };
    expect(manifest.assets).toEqual(assets);
    // The stylesheet is the console's, minified.
    const css = await readFile(join(options.assetsDir, assets.find((a) => a.file.endsWith('.css'))?.file ?? ''), 'utf8');
    expect(css).toContain('.skip{');
    expect(css).not.toContain('/*');
  });

  it('gives the pages only the public paths: no script text in the module the Lambda bundles', async () => {
    const { options, assets } = await buildInto();
    const generated = await readFile(options.generatedFile, 'utf8');
    const exports = [...generated.matchAll(/^export const (\w+) = "([^"]+)";$/gm)].map((m) => [m[1], m[2]]);
    expect(exports).toEqual(assets.map((a) => [a.exportName, a.path]));
    expect(exports.map(([name]) => name)).toEqual(['crewPageScript', 'guestPageScript', 'adminScript', 'adminStyle']);
    expect(Buffer.byteLength(generated)).toBeLessThan(1024);
  });

  it('is deterministic: the same sources give the same names and bytes', async () => {
    const first = await buildInto();
    const second = await buildInto();
    expect(second.assets).toEqual(first.assets);
    for (const asset of first.assets) {
      expect(await readFile(join(second.options.assetsDir, asset.file))).toEqual(await readFile(join(first.options.assetsDir, asset.file)));
    }
  });

  it('builds again only when a source changed or an output is missing', async () => {
    // Prepare: a build, with its manifest of every input's hash.
    const { options, assets } = await buildInto();
    const manifest = JSON.parse(await readFile(options.manifestFile, 'utf8')) as { inputs: Record<string, string> };
    expect(Object.keys(manifest.inputs)).toEqual(expect.arrayContaining(['web/src/guest-page.ts', 'web/build.ts', 'package-lock.json']));

    // Act and assess: nothing changed, so nothing is built.
    expect(await buildWebIfChanged(options)).toEqual({ assets, rebuilt: false });

    // An output gone: built again.
    await rm(join(options.assetsDir, assets[0]!.file));
    expect((await buildWebIfChanged(options)).rebuilt).toBe(true);

    // A source whose hash no longer matches (as after an edit): built again.
    const edited = JSON.parse(await readFile(options.manifestFile, 'utf8')) as { inputs: Record<string, string> };
    edited.inputs['web/src/guest-page.ts'] = '0'.repeat(64);
    await writeFile(options.manifestFile, JSON.stringify(edited));
    expect((await buildWebIfChanged(options)).rebuilt).toBe(true);
    expect(await buildWebIfChanged(options)).toMatchObject({ rebuilt: false });
  });
});
