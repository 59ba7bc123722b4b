import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FREE_PORTS } from './support';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
let dataDir: string | undefined;
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('npm start (packages/local/launch.mjs: the local stack from its bundle)', () => {
  it('comes up, serves the API, the console and the hashed assets, and stops cleanly on Ctrl-C', async () => {
    // Prepare: the Quick start's command, on free ports and a data folder of its own.
    dataDir = await mkdtemp(join(tmpdir(), 'scc-launch-'));
    const child = spawn(process.execPath, ['packages/local/launch.mjs'], {
      cwd: ROOT,
      env: { ...process.env, ...FREE_PORTS, LOCAL_CALENDAR: 'off', SCC_DATA_DIR: dataDir },
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      for (let waited = 0; !out.includes('Press Ctrl-C'); waited += 100) {
        if (waited > 90_000 || child.exitCode !== null) throw new Error(`npm start did not come up:\n${out}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const api = /API\s+(http:\/\/\S+)/.exec(out)?.[1];

      // Act
      const health = await fetch(`${api}/health`);
      const shell = await (await fetch(`${api}/admin`)).text();
      const script = /src="(\/assets\/admin\.[0-9a-f]{12}\.js)"/.exec(shell)?.[1];
      const asset = await fetch(`${api}${script}`);

      // Assess
      expect(await health.json()).toEqual({ ok: true, mode: 'local' });
      expect(script).toBeDefined();
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await asset.text()).length).toBeGreaterThan(10_000);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('Stopped. Data is kept');
  }, 120_000);
});
