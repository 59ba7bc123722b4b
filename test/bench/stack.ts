/**
 * The local stack as a user runs it.
 *
 * `npm run bench -- start`: `npm start` from the spawn to a healthy /health, three times in a
 * row on one data folder (the first may build the web assets and fill tsx's cache; the next
 * ones are the warm second start the issue's goal is about).
 *
 * `npm run bench -- memory`: the stack's resident memory after start and after 1000 bookings
 * (stack-process.ts, in a process of its own), then after half a minute idle, with the V8 heap
 * before and after a full collection, so what is held can be told from garbage not yet
 * collected; and the size of the email outbox the SES emulator keeps in memory.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bookingBody, FREE_PORTS } from '../support';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BOOKINGS = Number(process.env.BENCH_MEMORY_BOOKINGS ?? 1000);
const MEMORY_TARGET = 1.5;
const IDLE_MS = Number(process.env.BENCH_MEMORY_IDLE_MS ?? 30_000);
const START_TARGET_MS = 2000;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`.padStart(9);

async function untilHealthy(url: () => string | undefined, child: ChildProcess, started: number): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error('npm start exited before it was healthy');
    const base = url();
    if (base) {
      const healthy = await fetch(`${base}/health`).then((res) => res.ok, () => false);
      if (healthy) return performance.now() - started;
    }
    if (performance.now() - started > 60_000) throw new Error('npm start was not healthy within a minute');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function startFigures(dir: string): Promise<void> {
  const dataDir = join(dir, 'start-data');
  const runs: { ms: number; run: number }[] = [];
  for (let run = 1; run <= 3; run++) {
    const started = performance.now();
    const child = spawn('npm', ['start'], { cwd: ROOT, env: { ...process.env, ...FREE_PORTS, LOCAL_CALENDAR: 'off', SCC_DATA_DIR: dataDir }, detached: true });
    let out = '';
    child.stdout?.on('data', (chunk) => (out += chunk));
    child.stderr?.on('data', (chunk) => (out += chunk));
    try {
      const ms = await untilHealthy(() => /API\s+(http:\/\/\S+)/.exec(out)?.[1], child, started);
      runs.push({ ms, run });
    } finally {
      // The whole group: npm, and the stack under it.
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.pid) process.kill(-child.pid, 'SIGINT');
      await exited;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  console.log('npm start → GET /health answers 200 (one data folder; npm, the launcher checking the web assets and the bundle, emulators, API)');
  for (const { ms, run } of runs) {
    const note = run === 1 ? '(first: may build the web assets and fill caches)' : run === 2 ? '(the warm second start)' : '(warm again)';
    console.log(`  start ${run}                                 ${`${ms.toFixed(0)} ms`.padStart(8)}  ${note}`);
  }
  const warm = runs.find((r) => r.run === 2)!.ms;
  console.log(`  warm second start                       ${warm <= START_TARGET_MS ? 'meets' : 'MISSES'} the target ≤ ${START_TARGET_MS} ms`);
}

type Memory = { before: NodeJS.MemoryUsage; after: NodeJS.MemoryUsage };

export async function memoryFigures(dir: string): Promise<void> {
  const dataDir = join(dir, 'memory-data');
  await mkdir(dataDir, { recursive: true });
  const child = fork(fileURLToPath(new URL('./stack-process.ts', import.meta.url)), [dataDir], {
    execArgv: [...process.execArgv, '--expose-gc'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: { type: string }) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        resolve(message as T);
      };
      child.on('message', onMessage);
      child.once('exit', () => reject(new Error('The stack process exited')));
    });
  const measure = async () => {
    const answer = next<Memory>('memory');
    child.send({ type: 'measure' });
    return answer;
  };
  try {
    const { apiUrl, serviceKey, outboxUrl } = await next<{ apiUrl: string; serviceKey: string; outboxUrl: string }>('ready');
    const call = async (method: string, path: string, body: unknown) => {
      const res = await fetch(`${apiUrl}${path}`, { method, headers: { 'X-Service-Key': serviceKey, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      if (res.status >= 300 && res.status !== 202) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, unknown>;
    };
    const crew = await Promise.all(['ana', 'ben'].map((name) => call('POST', '/crew', { name, email: `${name}@example.com` })));
    const atStart = await measure();
    const started = performance.now();
    for (let i = 0; i < BOOKINGS; i++) {
      const day = new Date(Date.UTC(2027, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
      await call(
        'POST',
        '/bookings',
        bookingBody(`MEM-${i}`, {
          title: `Sunset sail ${i}`,
          start: `${day}T18:00:00-07:00`,
          end: `${day}T21:00:00-07:00`,
          crew: [
            { crewId: crew[0]!.crewId, role: 'captain' },
            { crewId: crew[1]!.crewId, role: 'mate' },
          ],
          crewTasks: ['Check fuel'],
        }),
      );
    }
    const seconds = (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const afterBookings = await measure();
    // V8's memory reducer collects and gives pages back once a process has been idle a while.
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const afterIdle = await measure();
    const ratio = afterBookings.before.rss / atStart.before.rss;
    const idleRatio = afterIdle.before.rss / atStart.before.rss;
    console.log(`Local stack memory (startLocalStack in its own process, as npm start runs it; ${BOOKINGS} bookings in ${seconds.toFixed(0)} s, one at a time)`);
    console.log(`  ${''.padEnd(34)}       rss  heap used  heap total   external  rss after GC  heap used after GC`);
    for (const [label, m] of [
      ['after start', atStart],
      [`after ${BOOKINGS} bookings`, afterBookings],
      [`then ${IDLE_MS / 1000} s idle`, afterIdle],
    ] as const) {
      console.log(
        `  ${label.padEnd(34)} ${mb(m.before.rss)}  ${mb(m.before.heapUsed)}   ${mb(m.before.heapTotal)}  ${mb(m.before.external)}     ${mb(m.after.rss)}           ${mb(m.after.heapUsed)}`,
      );
    }
    console.log(`  rss after / rss after start            ${ratio.toFixed(2)} × — ${ratio <= MEMORY_TARGET ? 'meets' : 'MISSES'} the target ≤ ${MEMORY_TARGET} ×`);
    console.log(`  rss after idle / rss after start       ${idleRatio.toFixed(2)} × (no collection forced before the first figure of each line)`);
    console.log(
      `  live heap growth per booking           ${((afterBookings.after.heapUsed - atStart.after.heapUsed) / BOOKINGS / 1024).toFixed(1)} KB (heap used after a full collection)`,
    );
    // What the SES emulator holds in memory: every email sent, as npm start's outbox shows them.
    const outbox = await (await fetch(`${outboxUrl}/store`)).text();
    const emails = (JSON.parse(outbox) as { emails: unknown[] }).emails.length;
    console.log(`  the email outbox, kept in memory        ${emails} emails, ${mb(Buffer.byteLength(outbox)).trim()} as JSON`);
  } finally {
    if (child.exitCode === null) {
      const closed = next('closed').catch(() => undefined);
      child.send({ type: 'close' });
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      child.kill();
    }
  }
}
