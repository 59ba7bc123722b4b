import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bookingBody, crewLinkIn, type NpmStart, openCrewLink, outbox, spawnNpmStart } from '@scc/test/support';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

let dataDir: string;
const running: NpmStart[] = [];
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'scc-main-'));
});
afterEach(async () => {
  for (const start of running.splice(0)) await start.stop('SIGKILL').catch(() => undefined);
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

function start(env: Record<string, string>): NpmStart {
  const started = spawnNpmStart(env);
  running.push(started);
  return started;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('npm start, when it cannot start', () => {
  it('says in one line that the S3 port is taken, and exits 1', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const run = start({ SCC_DATA_DIR: join(dataDir, 's3-port'), LOCAL_S3_PORT: String(port) });
      expect(await run.exit()).toBe(1);
      expect(run.stderr()).toBe(
        `Cannot start: Port ${port} is already in use. Stop what is using it, or set LOCAL_S3_PORT to another port.\n`,
      );
      expect(run.stdout()).not.toContain('running locally');
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('says in one line that the data folder is in use by another start, and leaves that one running', async () => {
    const folder = join(dataDir, 'shared');
    const first = start({ SCC_DATA_DIR: folder, SERVICE_KEY: 'shared-key' });
    const { apiUrl } = await first.banner();
    const second = start({ SCC_DATA_DIR: folder, SERVICE_KEY: 'shared-key' });
    expect(await second.exit()).toBe(1);
    expect(second.stderr()).toBe(
      `Cannot start: The data folder ${folder} is in use by another npm start (process ${first.child.pid}). Stop that one first, or set SCC_DATA_DIR to another folder. (If none is running, delete ${join(folder, 'scc.pid')}.)\n`,
    );
    // The first one still answers, its database open (no "Database is closed").
    const crew = await fetch(`${apiUrl}/crew?limit=1`, { headers: { 'X-Service-Key': 'shared-key' } });
    expect(crew.status).toBe(200);
    expect(await first.stop()).toBe(0);
    // Released on a clean stop: the next start gets the folder.
    const third = start({ SCC_DATA_DIR: folder });
    await third.banner();
    expect(await third.stop()).toBe(0);
  });

  it('takes over the lock a killed start left behind', async () => {
    const folder = join(dataDir, 'killed');
    const first = start({ SCC_DATA_DIR: folder });
    await first.banner();
    await first.stop('SIGKILL');
    const second = start({ SCC_DATA_DIR: folder });
    await second.banner();
    expect(await second.stop()).toBe(0);
  });
});

describe('npm start across a restart', () => {
  it('keeps the email outbox, so a crew link from an earlier email still opens; no SDK warning in the banner', async () => {
    const folder = join(dataDir, 'outbox');
    // The API on the same port both times, as with the default 3000: links name it.
    const env = { SCC_DATA_DIR: folder, SERVICE_KEY: 'outbox-test-key', PORT: String(await freePort()) };
    const first = start(env);
    const { apiUrl, outboxUrl } = await first.banner();
    // The AWS SDK's Node 20 notice would land in the middle of the banner.
    expect(first.stderr()).not.toContain('NodeVersionSupportWarning');
    const call = (path: string, body: unknown) =>
      fetch(`${apiUrl}${path}`, {
        method: 'POST',
        headers: { 'X-Service-Key': 'outbox-test-key', 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await call('/crew', { crewId: 'ana', name: 'Ana Lopez', email: 'ana@example.com' })).status).toBe(201);
    const booked = await call('/bookings', bookingBody('OUTBOX-1', { crew: [{ crewId: 'ana', role: 'captain' }] }));
    expect(booked.status).toBe(201);
    const [sent] = (await outbox(outboxUrl)).filter((email) => email.destination.to.includes('ana@example.com'));
    if (!sent) throw new Error('no invite in the outbox');
    expect(await first.stop()).toBe(0);
    // Ana's invite and the guest's welcome, both kept on disk.
    const onDisk = JSON.parse(await readFile(join(folder, 'outbox.json'), 'utf8')).emails as { destination: { to: string[] } }[];
    expect(onDisk.map((email) => email.destination.to[0]).sort()).toEqual(['ana@example.com', 'jane.smith@example.com']);

    const second = start(env);
    const restarted = await second.banner();
    const kept = (await outbox(restarted.outboxUrl)).find((email) => email.messageId === sent.messageId);
    expect(kept?.subject).toBe(sent.subject);
    const opened = await openCrewLink(crewLinkIn(kept ?? sent));
    expect(opened.status).toBe(200);
    expect(opened.html).toContain('Sunset sail');
    expect(await second.stop()).toBe(0);
  });
});
