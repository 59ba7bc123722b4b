import { execSync } from 'node:child_process';

// The Lambda bundles packages/pages, which imports `./generated/scripts`: the browser code of
// the guest, crew and admin pages as strings, written by `npm run build:web` and not committed.
// In a clean checkout that file does not exist yet and the function's bundle would fail, so
// every `sst deploy`/`sst dev`/`sst diff` writes it first.
//
// Here rather than in the function's esbuild (a `nodejs.plugins` onStart hook): this runs once,
// before any function is bundled (sst.config.ts imports this module first), and with the same
// command and output as `npm start`/`npm test`. A plugin would also run on every rebuild in
// `sst dev`, and its write of an imported file would trigger the next rebuild. The flip side:
// while `sst dev` runs, a change under web/src needs `npm run build:web` (the function then
// reloads with it).
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
