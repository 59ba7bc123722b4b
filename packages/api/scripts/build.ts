/**
 * Bundles the Lambda handler the way it ships: minified ESM for Node 22, every dependency
 * inside (including the AWS SDK, so the deployed version is the tested one), split into the
 * start-up chunk (what a cold start loads) and the chunks `import()` loads on first use (the
 * AWS clients other than DynamoDB's, jose, Google, the feeds' iCalendar libraries).
 * Prints the sizes; `npm run build` runs it.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import bundlePlugins from '../../../infra/bundle-plugins.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** `entry` other than the handler: the benchmark's reference handler, bundled the same way. */
export async function buildLambda(outdir = join(root, 'dist', 'lambda'), entry = join(root, 'src', 'lambda.ts')) {
  await mkdir(outdir, { recursive: true });
  const result = await build({
    entryPoints: { index: entry },
    outdir,
    outExtension: { '.js': '.mjs' },
    // As the deployed function is built (infra/lambda.ts: nodejs.splitting).
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
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
  const { outputs } = result.metafile;
  // Every `import()` target is an entry point of its own here; the handler is the one not in chunks/.
  const file = Object.keys(outputs).find((name) => name.endsWith('.mjs') && !name.includes('/chunks/'));
  if (!file) throw new Error('esbuild produced no handler bundle');
  // What `import` of the entry loads at once: it and its static imports, transitively.
  const startup = new Set<string>();
  const visit = (name: string) => {
    if (startup.has(name)) return;
    startup.add(name);
    for (const { path, kind } of outputs[name]?.imports ?? []) if (kind === 'import-statement' && path in outputs) visit(path);
  };
  visit(file);
  const chunks = await Promise.all(
    Object.keys(outputs)
      .filter((name) => name.endsWith('.mjs'))
      .map(async (name) => {
        const bytes = await readFile(name);
        return { file: name, bytes: bytes.length, gzipBytes: gzipSync(bytes).length, startup: startup.has(name), inputs: Object.keys(outputs[name]?.inputs ?? {}) };
      }),
  );
  const sum = (list: typeof chunks, key: 'bytes' | 'gzipBytes') => list.reduce((total, chunk) => total + chunk[key], 0);
  const atStart = chunks.filter((chunk) => chunk.startup);
  return {
    file,
    bytes: sum(chunks, 'bytes'),
    gzipBytes: sum(chunks, 'gzipBytes'),
    startupBytes: sum(atStart, 'bytes'),
    startupGzipBytes: sum(atStart, 'gzipBytes'),
    chunks,
    metafile: result.metafile,
  };
}

/** A chunk's name for people: the packages that make up most of it. */
export function chunkLabel(inputs: readonly string[]): string {
  const packages = new Map<string, number>();
  for (const input of inputs) {
    const name = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? input.match(/packages\/([^/]+)\/src\/(.+?)\.ts$/)?.slice(1).join('/') ?? input;
    packages.set(name, (packages.get(name) ?? 0) + 1);
  }
  return [...packages.keys()].slice(0, 4).join(', ') + (packages.size > 4 ? ', …' : '');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const built = await buildLambda();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`Lambda handler: ${built.file}`);
  console.log(`  ${kb(built.bytes)} minified, ${kb(built.gzipBytes)} gzipped in all`);
  console.log(`  loaded at start: ${kb(built.startupBytes)} (${kb(built.startupGzipBytes)} gzipped)`);
  for (const chunk of built.chunks.filter((c) => !c.startup).sort((a, b) => b.bytes - a.bytes)) {
    console.log(`  on first use: ${kb(chunk.bytes).padStart(9)}  ${chunkLabel(chunk.inputs)}`);
  }
}
