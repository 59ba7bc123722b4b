/**
 * `npm start`: runs the local stack (src/main.ts) from one bundle, dist/main.mjs, with plain
 * Node. Loading some 300 TypeScript files and the AWS SDK's many small files through tsx took
 * seconds on every start; one bundle loads in a fraction of that.
 *
 * Before it runs, whatever changed is rebuilt: the web assets (`npm run build:web`) and the
 * bundle itself, each only when a file it was built from changed since its manifest was
 * written (every input's SHA-256; node_modules counts as package-lock.json). So a second start
 * goes straight to the stack. Plain JavaScript on purpose: this file runs before anything is
 * built.
 *
 * dist/ sits at the same depth as src/, so the paths src/ resolves from import.meta.url (the
 * web assets, the CloudFront function) are the same from the bundle.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const BUNDLE = join(here, 'dist', 'main.mjs');
const BUNDLE_MANIFEST = join(here, 'dist', 'manifest.json');
const WEB_MANIFEST = join(root, 'web', 'dist', 'manifest.json');
const WEB_GENERATED = join(root, 'packages', 'pages', 'src', 'generated', 'assets.ts');
const LOCKFILE = 'package-lock.json';
// Loaded from node_modules as they are: they find their own files at run time.
const EXTERNAL = ['dynalite', 's3rver', 'aws-ses-v2-local', 'leveldown', 'classic-level'];

const sha256 = async (file) => createHash('sha256').update(await readFile(join(root, file)).catch(() => Buffer.alloc(0))).digest('hex');
const exists = (file) => access(file).then(() => true, () => false);

/** Whether every input the manifest lists still has its recorded hash, and every output is there. */
async function upToDate(manifestFile, outputs) {
  const manifest = await readFile(manifestFile, 'utf8').then(JSON.parse, () => undefined);
  if (!manifest?.inputs) return false;
  const checks = await Promise.all([
    ...Object.entries(manifest.inputs).map(async ([file, hash]) => (await sha256(file)) === hash),
    ...[...outputs, ...(manifest.assets ?? []).map((asset) => join(root, 'web', 'dist', 'assets', asset.file))].map(exists),
  ]);
  return checks.every(Boolean);
}

async function buildBundle() {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(here, 'src', 'main.ts')],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    sourcemap: true,
    metafile: true,
    logLevel: 'error',
    external: EXTERNAL,
    // Bundled CommonJS dependencies still call require() for Node built-ins.
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  });
  const sources = Object.keys(result.metafile.inputs)
    .map((file) => relative(root, join(process.cwd(), file)))
    .filter((file) => !file.includes('node_modules/'));
  const inputs = Object.fromEntries(await Promise.all([...sources, LOCKFILE].sort().map(async (file) => [file, await sha256(file)])));
  await mkdir(join(here, 'dist'), { recursive: true });
  await writeFile(BUNDLE_MANIFEST, `${JSON.stringify({ inputs }, null, 2)}\n`);
}

if (!(await upToDate(WEB_MANIFEST, [WEB_GENERATED]))) {
  const web = spawnSync('npm', ['run', '--silent', 'build:web'], { cwd: root, stdio: 'inherit' });
  if (web.status !== 0) process.exit(web.status ?? 1);
}
if (!(await upToDate(BUNDLE_MANIFEST, [BUNDLE]))) {
  console.log('Bundling the local stack (once per change)…');
  await buildBundle();
}
process.setSourceMapsEnabled(true);
await import(pathToFileURL(BUNDLE).href);
