/**
 * Bundles the Lambda handler the way it ships: one minified ESM file for Node 22, every
 * dependency inside (including the AWS SDK, so the deployed version is the tested one).
 * Prints the size; `npm run build` runs it.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import bundlePlugins from '../../../infra/bundle-plugins.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildLambda(outdir = join(root, 'dist', 'lambda')) {
  await mkdir(outdir, { recursive: true });
  const result = await build({
    entryPoints: { index: join(root, 'src', 'lambda.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    sourcemap: 'external',
    metafile: true,
    legalComments: 'none',
    // The deployed bundle's plugins (infra/bundle-plugins.mjs), so the size measured is the size shipped.
    plugins: bundlePlugins,
    // Some bundled CommonJS dependencies still call require() for Node built-ins.
    banner: {
      js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
    },
  });
  const output = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.mjs'));
  if (!output) throw new Error('esbuild produced no handler bundle');
  const [file] = output;
  const bytes = await readFile(file);
  return { file, bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { file, bytes, gzipBytes } = await buildLambda();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`Lambda handler: ${file}`);
  console.log(`  ${kb(bytes)} minified, ${kb(gzipBytes)} gzipped`);
}
