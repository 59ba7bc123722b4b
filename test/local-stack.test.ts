import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LocalStack, readLocalConfig, startLocalStack } from '@scc/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'scc-stack-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const freePorts = { PORT: '0', LOCAL_DYNAMODB_PORT: '0', LOCAL_S3_PORT: '0', LOCAL_SES_PORT: '0' };

function start(): Promise<LocalStack> {
  return startLocalStack(readLocalConfig({ ...freePorts, SCC_DATA_DIR: dataDir }));
}

function client(stack: LocalStack) {
  return (method: string, path: string, body?: unknown) =>
    fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { 'X-Service-Key': stack.serviceKey, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}

describe('the local stack behind npm start', () => {
  it('serves the API over HTTP and keeps data and key across a restart', async () => {
    const first = await start();
    let eventId: string;
    try {
      expect(first.serviceKeySource).toBe('generated');
      expect((await stat(first.serviceKeyFile)).mode & 0o777).toBe(0o600);
      const call = client(first);
      expect(await (await fetch(`${first.apiUrl}/health`)).json()).toEqual({
        ok: true,
        mode: 'local',
      });

      const crew = await (
        await call('POST', '/crew', { name: 'Ana Lopez', email: 'ana@example.com' })
      ).json();
      const created = await call('POST', '/events', {
        title: 'Sunset sail',
        start: '2026-07-04T18:00:00-07:00',
        end: '2026-07-04T21:00:00-07:00',
        timezone: 'America/Los_Angeles',
        boat: 'JADA',
        meetingPoint: 'Harbor Island West Marina, Dock C',
        guestCount: 6,
        crew: [{ crewId: crew.crewId, role: 'captain' }],
        crewTasks: ['Stock cooler'],
      });
      expect(created.status).toBe(201);
      eventId = (await created.json()).eventId;
      expect((await (await call('GET', `/events/${eventId}`)).json()).crew).toEqual([
        { crewId: crew.crewId, role: 'captain' },
      ]);
      expect((await fetch(`${first.outboxUrl}/store`)).status).toBe(200);
    } finally {
      await first.close();
    }

    const second = await start();
    try {
      expect(second.serviceKeySource).toBe('data folder');
      expect(second.serviceKey).toBe(first.serviceKey);
      const event = await (await client(second)('GET', `/events/${eventId}`)).json();
      expect(event).toMatchObject({ eventId, title: 'Sunset sail', version: 1 });
    } finally {
      await second.close();
    }
  });

  it('explains a port that is taken instead of crashing', async () => {
    const running = await start();
    try {
      const port = new URL(running.apiUrl).port;
      await expect(
        startLocalStack(
          readLocalConfig({ ...freePorts, PORT: port, SCC_DATA_DIR: join(dataDir, 'other') }),
        ),
      ).rejects.toThrow(
        `Port ${port} is already in use. Stop what is using it, or set PORT to another port.`,
      );
    } finally {
      await running.close();
    }
  });

  it('npm start prints where everything is, and stops cleanly on SIGINT with data flushed', async () => {
    const dir = join(dataDir, 'cli');
    const env = { ...process.env, ...freePorts, SCC_DATA_DIR: dir, SERVICE_KEY: 'cli-test-key' };
    const run = () =>
      spawn(process.execPath, ['--import', 'tsx', 'packages/local/src/main.ts'], {
        env,
        cwd: fileURLToPath(new URL('..', import.meta.url)),
      });
    const readBanner = async (child: ChildProcess) => {
      let out = '';
      child.stdout?.on('data', (chunk) => {
        out += chunk;
      });
      for (let waited = 0; !out.includes('Press Ctrl-C'); waited += 50) {
        if (waited > 20_000 || child.exitCode !== null)
          throw new Error(`npm start did not come up:\n${out}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return { out: () => out, apiUrl: /API\s+(http:\/\/\S+)/.exec(out)?.[1] ?? '' };
    };

    const child = run();
    const { out, apiUrl } = await readBanner(child);
    expect(out()).toMatch(/Email outbox\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(out()).toContain(`Admin console  ${apiUrl}/admin`);
    expect(out()).toContain('Service key    cli-test-key  (from SERVICE_KEY)');
    expect(out()).toContain(`curl -s ${apiUrl}/crew -H 'X-Service-Key: cli-test-key'`);
    const made = await fetch(`${apiUrl}/crew`, {
      method: 'POST',
      headers: { 'X-Service-Key': 'cli-test-key', 'Content-Type': 'application/json' },
      body: JSON.stringify({ crewId: 'kept', name: 'Kept', email: 'kept@example.com' }),
    });
    expect(made.status).toBe(201);
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(out()).toContain('Stopped.');

    const again = run();
    const restarted = await readBanner(again);
    const kept = await fetch(`${restarted.apiUrl}/crew/kept`, {
      headers: { 'X-Service-Key': 'cli-test-key' },
    });
    expect((await kept.json()).name).toBe('Kept');
    again.kill('SIGTERM');
    expect((await once(again, 'exit'))[0]).toBe(0);
  });
});
