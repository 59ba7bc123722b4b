/**
 * `npm run bench -- init`: the Lambda's cold start, as issue 13 measures it.
 *
 * 1. The bundle as `npm run build` makes it: what a cold start loads, and the chunks loaded on
 *    first use.
 * 2. Whole-process start: a fresh Node process that imports the handler and exits, for SCC and
 *    for a reference handler holding only Hono and the DynamoDB document client (the floor),
 *    bundled the same way. Runs alternate, so both see the same machine; the figure is the
 *    median of each pair's ratio.
 * 3. The first request after a cold start, of each kind (health, a crew link, a guest upload,
 *    a booking): a fresh process imports the handler and answers one API Gateway event, so the
 *    cost that lazy loading moves out of the start shows up here. The handler's AWS clients
 *    are pointed at local emulators (dynalite, s3rver, aws-ses-v2-local, a CloudFront
 *    stand-in) through the SDK's AWS_ENDPOINT_URL_* settings.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startDynamo, startS3, startSes } from '@scc/local/emulators';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { buildLambda, chunkLabel } from '../../packages/api/scripts/build';
import { bookingBody, crewLinkIn, httpApiEvent, lambdaEnvironment, outbox } from '../support';
import { startCloudFrontStandIn } from './delay-servers';
import { percentile } from './stats';

const execFileAsync = promisify(execFile);
const PAIRS = Number(process.env.BENCH_INIT_PAIRS ?? 15);
const FIRST_REQUEST_RUNS = Number(process.env.BENCH_INIT_RUNS ?? 5);
const TARGET_RATIO = 1.15;
/** Upper case: the S3 client then addresses it path-style, which s3rver on 127.0.0.1 needs. */
const BUCKET = 'Scc-Bench-Media';
const SERVICE_KEY = `scc_${randomBytes(24).toString('base64url')}`;

type Handler = (event: unknown, context: Context) => Promise<APIGatewayProxyResult>;

interface ChildRun {
  /** Spawn to exit, measured by this process. */
  wallMs: number;
  importMs: number;
  firstMs?: number;
  status?: number;
  maxRssMb: number;
}

// Runs in the fresh process: import, then at most one request, then the figures as JSON.
const CHILD = `
const t0 = performance.now();
const { handler } = await import(process.env.BENCH_HANDLER_URL);
const t1 = performance.now();
let status;
if (process.env.BENCH_EVENT) status = (await handler(JSON.parse(process.env.BENCH_EVENT), { awsRequestId: 'cold' })).statusCode;
const t2 = performance.now();
console.log(JSON.stringify({ importMs: t1 - t0, firstMs: process.env.BENCH_EVENT ? t2 - t1 : undefined, status, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
process.exit(0);
`;

/** Not execFileSync: the emulators the child calls run on this process's event loop. */
async function runChild(handlerUrl: string, env: NodeJS.ProcessEnv, event?: unknown): Promise<ChildRun> {
  const started = performance.now();
  const { stdout: out } = await execFileAsync(process.execPath, ['--input-type=module', '-e', CHILD], {
    env: { ...env, BENCH_HANDLER_URL: handlerUrl, ...(event ? { BENCH_EVENT: JSON.stringify(event) } : {}) },
    timeout: 60_000,
  });
  const wallMs = performance.now() - started;
  return { wallMs, ...(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Omit<ChildRun, 'wallMs'>) };
}

/** On stderr, so the figures on stdout stay clean. */
const progress = (what: string) => process.stderr.write(`  … ${what}\n`);
const median = (values: readonly number[]) => percentile([...values].sort((a, b) => a - b), 50);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(9);

export async function initFigures(dir: string): Promise<void> {
  const [scc, reference] = await Promise.all([
    buildLambda(join(dir, 'init-scc')),
    buildLambda(join(dir, 'init-reference'), new URL('./reference-handler.ts', import.meta.url).pathname),
  ]);
  console.log('Lambda bundle (npm run build)');
  console.log(`  all chunks                               ${kb(scc.bytes)} minified, ${kb(scc.gzipBytes)} gzipped`);
  console.log(`  loaded by a cold start                   ${kb(scc.startupBytes)} (${kb(scc.startupGzipBytes)} gzipped) in ${scc.chunks.filter((c) => c.startup).length} files`);
  console.log(`  reference (Hono + DynamoDB client)       ${kb(reference.startupBytes)} (${kb(reference.startupGzipBytes)} gzipped)`);
  console.log('  loaded on first use (largest first; the rest are under 10 KB each):');
  const lazy = scc.chunks.filter((c) => !c.startup).sort((a, b) => b.bytes - a.bytes);
  for (const chunk of lazy.filter((c) => c.bytes >= 10 * 1024)) console.log(`    ${kb(chunk.bytes).padStart(9)}  ${chunkLabel(chunk.inputs)}`);
  const small = lazy.filter((c) => c.bytes < 10 * 1024);
  console.log(`    ${kb(small.reduce((sum, c) => sum + c.bytes, 0)).padStart(9)}  ${small.length} small chunks`);

  progress('starting the emulators');
  const [dynamo, s3, ses, cloudFront] = await Promise.all([
    startDynamo({ path: join(dir, 'init-dynamodb') }),
    startS3({ directory: join(dir, 'init-s3'), buckets: [BUCKET] }),
    startSes(),
    startCloudFrontStandIn({ delayMs: 0 }),
  ]);
  const magicKey = `k1:${randomBytes(32).toString('base64url')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...lambdaEnvironment({ tableName: 'scc-init', bucket: BUCKET, serviceKey: SERVICE_KEY, magicLinkKey: magicKey }),
    REFERENCE_TABLE: 'scc-init',
    // s3rver checks signatures against its own key; the other emulators take any.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    AWS_ENDPOINT_URL_S3: s3.url,
    AWS_ENDPOINT_URL_SESV2: ses.url,
    AWS_ENDPOINT_URL_CLOUDFRONT: cloudFront.url,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
  const sccUrl = pathToFileURL(scc.file).href;
  const referenceUrl = pathToFileURL(reference.file).href;
  try {
    // The table, a crew member and a booking, made through the handler itself (warm, here).
    const { ensureTable } = await import('@scc/aws');
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const admin = new DynamoDBClient({ region: 'us-east-1', endpoint: dynamo.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await ensureTable(admin, 'scc-init');
    admin.destroy();
    const saved = { ...process.env };
    Object.assign(process.env, env);
    const warm = ((await import(sccUrl)) as { handler: Handler }).handler;
    const headers = { 'x-service-key': SERVICE_KEY };
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await warm(httpApiEvent(method, path, { headers, ...(body === undefined ? {} : { body }) }), { awsRequestId: 'seed' } as Context);
      if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${res.body}`);
      return JSON.parse(res.body) as Record<string, unknown>;
    };
    progress('seeding: a crew member and a booking through the handler');
    const crew = await call('POST', '/crew', { name: 'Ana Lopez', email: 'ana@example.com' });
    const crewMember = [{ crewId: crew.crewId, role: 'captain' }];
    const seeded = await call('POST', '/bookings', bookingBody('INIT-SEED', { crew: crewMember }));
    process.env = saved;
    const invite = (await outbox(ses.url)).find((email) => email.destination.to.includes('ana@example.com'));
    if (!invite) throw new Error('The seeded booking sent no crew invite');
    const crewLink = new URL(crewLinkIn(invite));

    progress('paired cold starts');
    // Whole-process start, paired.
    const sccRuns: ChildRun[] = [];
    const referenceRuns: ChildRun[] = [];
    for (let i = 0; i < 2; i++) {
      await runChild(sccUrl, env);
      await runChild(referenceUrl, env);
    }
    for (let i = 0; i < PAIRS; i++) {
      if (i % 2 === 0) {
        sccRuns.push(await runChild(sccUrl, env));
        referenceRuns.push(await runChild(referenceUrl, env));
      } else {
        referenceRuns.push(await runChild(referenceUrl, env));
        sccRuns.push(await runChild(sccUrl, env));
      }
    }
    const ratios = sccRuns.map((run, i) => run.wallMs / referenceRuns[i]!.wallMs);
    const importRatios = sccRuns.map((run, i) => run.importMs / referenceRuns[i]!.importMs);
    const ratio = median(ratios);
    console.log('');
    console.log(`Cold start: a fresh Node ${process.version} process imports the handler and exits (${PAIRS} pairs, alternating)`);
    console.log(`  ${'handler'.padEnd(36)}   process p50    import p50   peak RSS p50`);
    for (const [label, runs] of [
      ['SCC', sccRuns],
      ['reference: Hono + DynamoDB client', referenceRuns],
    ] as const) {
      console.log(`  ${label.padEnd(36)} ${ms(median(runs.map((r) => r.wallMs)))}     ${ms(median(runs.map((r) => r.importMs)))}    ${median(runs.map((r) => r.maxRssMb)).toFixed(1)} MiB`);
    }
    console.log(
      `  SCC / reference, median of pair ratios   process ${ratio.toFixed(2)} × — ${ratio <= TARGET_RATIO ? 'meets' : 'MISSES'} the target ≤ ${TARGET_RATIO} ×; import alone ${median(importRatios).toFixed(2)} ×`,
    );

    // The first request of each kind, each in a fresh process.
    const kinds: { label: string; event: () => unknown }[] = [
      { label: 'GET /health', event: () => httpApiEvent('GET', '/health') },
      { label: 'GET /c/{eventId}?t= (a crew link)', event: () => httpApiEvent('GET', crewLink.pathname, { query: crewLink.search.slice(1) }) },
      {
        label: 'POST /g/{slug}/photos (guest upload)',
        event: () => httpApiEvent('POST', `/g/${String(seeded.slug)}/photos`, { body: { filename: 'dock.jpg', contentType: 'image/jpeg', size: 2048 } }),
      },
      {
        label: 'POST /bookings (S3, CloudFront, SES)',
        event: () => httpApiEvent('POST', '/bookings', { headers, body: bookingBody(`INIT-${randomBytes(6).toString('hex')}`, { crew: crewMember }) }),
      },
    ];
    console.log('');
    console.log(`The first request after a cold start (${FIRST_REQUEST_RUNS} fresh processes each; emulators on 127.0.0.1, no added delay)`);
    console.log(`  ${'request'.padEnd(40)} status   import p50   first request p50   process p50`);
    for (const kind of kinds) {
      const runs: ChildRun[] = [];
      for (let i = 0; i < FIRST_REQUEST_RUNS; i++) runs.push(await runChild(sccUrl, env, kind.event()));
      const statuses = [...new Set(runs.map((r) => r.status))].join('/');
      console.log(
        `  ${kind.label.padEnd(40)} ${statuses.padEnd(6)} ${ms(median(runs.map((r) => r.importMs)))}   ${ms(median(runs.map((r) => r.firstMs ?? 0)))}           ${ms(median(runs.map((r) => r.wallMs)))}`,
      );
    }
    const referenceFirst: ChildRun[] = [];
    for (let i = 0; i < FIRST_REQUEST_RUNS; i++) referenceFirst.push(await runChild(referenceUrl, env, httpApiEvent('GET', '/items/none')));
    console.log(
      `  ${'reference: GET /items/{id} (a table read)'.padEnd(40)} ${String(referenceFirst[0]?.status).padEnd(6)} ${ms(median(referenceFirst.map((r) => r.importMs)))}   ${ms(median(referenceFirst.map((r) => r.firstMs ?? 0)))}           ${ms(median(referenceFirst.map((r) => r.wallMs)))}`,
    );
  } finally {
    await Promise.all([dynamo.close(), s3.close(), ses.close(), cloudFront.close()]);
  }
}
