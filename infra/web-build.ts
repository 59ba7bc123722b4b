import { execSync } from 'node:child_process';

// `npm run build:web` writes the browser code of the guest, crew and admin pages and the
// console's stylesheet as hashed files to web/dist/assets (with web/dist/manifest.json), and
// their public paths to packages/pages/src/generated/assets.ts; none of it is committed. The
// Lambda bundles packages/pages, which imports those paths (only the paths: the files go to the
// media bucket, infra/assets.ts, and CloudFront serves them at /assets/*). In a clean checkout
// neither exists yet, so the function's bundle and the upload would fail: every
// `sst deploy`/`sst dev`/`sst diff` builds them first.
//
// Here rather than in the function's esbuild (a `nodejs.plugins` onStart hook): this runs once,
// before any function is bundled (sst.config.ts imports this module first), and with the same
// command and output as `npm start`/`npm test`. A plugin would also run on every rebuild in
// `sst dev`, and its write of an imported file would trigger the next rebuild. The flip side:
// while `sst dev` runs, a change under web/src needs `npm run build:web` (the function then
// reloads with the new paths) and the app's infra to run again, which uploads the new files.
try {
  execSync('npm run --silent build:web', { cwd: $cli.paths.root, stdio: 'pipe', encoding: 'utf8' });
} catch (error) {
  const { stdout, stderr } = error as { stdout?: string; stderr?: string };
  throw new Error(
    `npm run build:web failed; the Lambda cannot be bundled without its output:\n${stderr ?? ''}${stdout ?? ''}`,
    { cause: error },
  );
}

export {};
