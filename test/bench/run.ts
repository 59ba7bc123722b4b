/**
 * `npm run bench`: the figures the issues ask for, measured on this machine and printed.
 * Nothing here asserts; tests never time things.
 *
 * 1. The Lambda bundle: size, and how long a fresh Node process takes to import it (the
 *    module-load part of a cold start).
 * 2. The API on the local stack (`npm start`'s stack, on free ports and a temp folder):
 *    latency of the roster and events operations, one request at a time.
 * 3. `POST /bookings` with every outside dependency a local server with a fixed delay,
 *    against its slowest dependency chain, and a naive sequential version (booking.ts).
 * 4. A marketplace channel's sync of a 500-event feed: first, unchanged, 304 (channels.ts).
 * 5. Lighthouse (mobile) on the guest page, the crew page and the console (lighthouse.ts).
 * 6. The month's finance report and CSV at 1000 bookings against the bookings list (finance.ts).
 * 7. The cold start against a Hono + DynamoDB reference, and each kind of first request (init.ts).
 * 8. `npm start` to a healthy /health, and the local stack's memory after 1000 bookings (stack.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readLocalConfig, startLocalStack } from '@scc/local';
import { buildLambda } from '../../packages/api/scripts/build';
import { bookingFigures } from './booking';
import { channelFigures } from './channels';
import { financeFigures } from './finance';
import { initFigures } from './init';
import { memoryFigures, startFigures } from './stack';
import { lighthouseFigures } from './lighthouse';
import { lambdaEnvironment } from '../support/lambda-env';
import { percentile, summary, timeEach } from './stats';

const N = Number(process.env.BENCH_N ?? 200);

async function bundleFigures(dir: string): Promise<void> {
  const built = await buildLambda(join(dir, 'lambda'));
  const url = pathToFileURL(built.file).href;
  const env = {
    ...process.env,
    ...lambdaEnvironment({ tableName: 'bench', bucket: 'bench', serviceKey: 'bench' }),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const script = `const t=performance.now();await import(${JSON.stringify(url)});console.log(performance.now()-t)`;
  const imports: number[] = [];
  for (let i = 0; i < 10; i++) {
    imports.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env }).toString()));
  }
  imports.sort((a, b) => a - b);
  console.log('Lambda bundle');
  console.log(`  size                             ${(built.bytes / 1024).toFixed(1)} KB minified, ${(built.gzipBytes / 1024).toFixed(1)} KB gzipped`);
  console.log(`  ${summary('import in a fresh process', imports)}`);
}

async function apiFigures(dir: string): Promise<void> {
  const stack = await startLocalStack(
    readLocalConfig({ PORT: '0', LOCAL_DYNAMODB_PORT: '0', LOCAL_S3_PORT: '0', LOCAL_SES_PORT: '0', SCC_DATA_DIR: join(dir, 'data') }),
  );
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { 'X-Service-Key': stack.serviceKey, 'Content-Type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  try {
    const crewIds: string[] = [];
    const createCrew = await timeEach(N, async (i) => {
      crewIds.push((await call('POST', '/crew', { name: `Crew ${i}`, email: `crew${i}@example.com` })).crewId);
    });
    const eventIds: string[] = [];
    const createEvent = await timeEach(N, async (i) => {
      const day = String((i % 28) + 1).padStart(2, '0');
      const event = await call('POST', '/events', {
        title: `Charter ${i}`,
        start: `2027-05-${day}T10:00:00-07:00`,
        end: `2027-05-${day}T14:00:00-07:00`,
        timezone: 'America/Los_Angeles',
        boat: 'JADA',
        meetingPoint: 'Dock C',
        guestCount: 6,
        crew: [
          { crewId: crewIds[i % crewIds.length], role: 'captain' },
          { crewId: crewIds[(i + 1) % crewIds.length], role: 'mate' },
        ],
        crewTasks: ['Stock cooler', 'Check fuel', 'Inspect sails'],
      });
      eventIds.push(event.eventId);
    });
    const getEvent = await timeEach(N, async (i) => {
      await call('GET', `/events/${eventIds[i % eventIds.length]}`);
    });
    const patchEvent = await timeEach(N, async (i) => {
      const id = eventIds[i % eventIds.length];
      const current = await call('GET', `/events/${id}`);
      await call('PATCH', `/events/${id}`, { guestCount: (i % 10) + 1 }, { 'If-Match': String(current.version) });
    });
    const listMonth = await timeEach(Math.min(N, 50), async () => {
      await call('GET', '/events?from=2027-05-01&to=2027-05-31&limit=50');
    });
    console.log(`API on the local stack (one client, sequential; dynalite, ${N} items per step)`);
    for (const [label, samples] of [
      ['POST /crew', createCrew],
      ['POST /events (2 crew, 3 tasks)', createEvent],
      ['GET /events/:id', getEvent],
      ['GET + PATCH /events/:id (If-Match)', patchEvent],
      ['GET /events?from&to (50 per page)', listMonth],
    ] as const) {
      console.log(`  ${summary(label, samples)}`);
    }
    const p95 = percentile(createEvent, 95);
    console.log(`  events created per second at p95: ${(1000 / p95).toFixed(0)}`);
  } finally {
    await stack.close();
  }
}

// `npm run bench -- channels` (or any of the names) runs only those parts.
const PARTS: Record<string, (dir: string) => Promise<void>> = {
  bundle: bundleFigures,
  init: initFigures,
  start: startFigures,
  memory: memoryFigures,
  api: apiFigures,
  booking: bookingFigures,
  channels: channelFigures,
  lighthouse: lighthouseFigures,
  finance: financeFigures,
};
const chosen = process.argv.slice(2).filter((name) => name in PARTS);
const dir = await mkdtemp(join(tmpdir(), 'scc-bench-'));
try {
  for (const [i, name] of (chosen.length ? chosen : Object.keys(PARTS)).entries()) {
    if (i > 0) console.log('');
    await PARTS[name]!(dir);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
