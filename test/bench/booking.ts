/**
 * The booking benchmark: `POST /bookings` end to end, over real HTTP, with every outside
 * dependency replaced by a local server that speaks its protocol and answers after a fixed
 * delay, so that the production adapters and SDK clients are what is measured:
 *
 *   Google token 150 ms, Calendar insert 200 ms  the Google stand-in (its own delay faults)
 *   SES send 120 ms                               a delaying proxy in front of aws-ses-v2-local
 *   S3 put 80 ms                                  a delaying proxy in front of s3rver
 *   CloudFront invalidation 200 ms                a CreateInvalidation stand-in
 *   Scheduler call 60 ms                          an in-process stand-in for EventBridge Scheduler
 *                                                 (its adapter's requests are tested with mocks)
 *   DynamoDB                                      dynalite, on disk, no added delay
 *
 * The dependency servers run in a child process (BENCH_DEPS=inline: on the API's own thread,
 * as `npm start` runs them), so that their CPU work does not queue on the API's event loop.
 * The slowest chain is S3 put then CloudFront invalidation (280 ms of servers' delay); the
 * issue's target is a p95 within 1.10 × that chain, measured in the same run: after each booking
 * the chain runs alone through the same adapters and servers (the reference), so what the
 * dependencies really take (the SDK, the proxy, s3rver's write) is on both sides of the ratio. A naive version doing the same steps one after another is measured
 * the same way, for comparison.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { arch, cpus, loadavg, platform, totalmem } from 'node:os';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { serve } from '@hono/node-server';
import { createApp, createFeedFetcher, createLinks, createServices, LOCAL_STACK, MagicLinks, type Outside, parseMagicLinkKeys, sha256Hex } from '@scc/api';
import { CloudFrontInvalidator, createDocumentClient, ensureTable, S3GuestPageStore, S3PhotoStorage, SesMailer } from '@scc/aws';
import { GoogleCalendar, parseServiceAccountKey } from '@scc/google';
import { closeServer } from '@scc/local/emulators';
import { outbox } from '../support/outbox';
import { BENCH_BUCKET, DELAYS, type Deps, startDeps, startDepsInChild } from './deps';
import { naiveBookingApp } from './naive';
import { percentile } from './stats';
import { type Span, Trace, traceSdkClient, tracedFetch } from './trace';

/** The slowest dependency chain of one booking: the guest page's S3 put, then its invalidation. */
export const CHAIN_MS = DELAYS.s3Put + DELAYS.cloudFrontInvalidation;
export const TARGET_RATIO = 1.1;

const WARM_UP = 5;
const MAX_BOOKINGS = 2_000;
const TABLE = 'scc-bench';
const CALENDAR_ID = 'charters@example.com';
const AWS = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const CLIENT_SPAN = 'client POST /bookings';
const CHANGE_SPAN = 'client PATCH /bookings';
const LOOP_RESOLUTION_MS = 5;

function bookingCount(): number {
  const raw = process.env.BENCH_BOOKINGS;
  const n = raw === undefined || raw === '' ? 120 : Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_BOOKINGS) {
    throw new Error(`BENCH_BOOKINGS must be a whole number from 1 to ${MAX_BOOKINGS}, not "${raw}"`);
  }
  return n;
}

function depsPlacement(): 'process' | 'inline' {
  const raw = process.env.BENCH_DEPS || 'process';
  if (raw !== 'process' && raw !== 'inline') throw new Error(`BENCH_DEPS is process or inline, not "${raw}"`);
  return raw;
}

type Fetch = (request: Request) => Response | Promise<Response>;

function serveFetch(fetch: Fetch): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }) as Server;
    server.once('error', reject);
    server.once('listening', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => closeServer(server) });
    });
  });
}

interface Sample {
  booking: number;
  ms: number;
  bookingId?: string;
  slug?: string;
}

export async function bookingFigures(dir: string): Promise<void> {
  const n = bookingCount();
  const trace = new Trace();
  const closers: (() => Promise<void>)[] = [];
  try {
    const onSpan = (span: { name: string; start: number; end: number }) => trace.addEpoch(span.name, span.start, span.end);
    const deps: Deps = depsPlacement() === 'process' ? await startDepsInChild(dir, onSpan) : await startDeps(dir, onSpan);
    closers.push(deps.close);
    const { info } = deps;

    // The production adapters, on SDK clients pointed at the stand-ins.
    const admin = new DynamoDBClient({ ...AWS, endpoint: info.dynamoUrl });
    await ensureTable(admin, TABLE);
    admin.destroy();
    const db = createDocumentClient({ ...AWS, endpoint: info.dynamoUrl });
    const s3Client = new S3Client({ ...AWS, credentials: S3RVER_CREDENTIALS, endpoint: info.s3Url, forcePathStyle: true });
    const sesClient = new SESv2Client({ ...AWS, endpoint: info.sesUrl });
    const cfClient = new CloudFrontClient({ ...AWS, endpoint: info.cloudFrontUrl });
    closers.push(async () => {
      for (const client of [db, s3Client, sesClient, cfClient]) client.destroy();
    });
    traceSdkClient(db, 'dynamodb', trace);
    traceSdkClient(s3Client, 's3', trace);
    traceSdkClient(sesClient, 'ses', trace);
    traceSdkClient(cfClient, 'cloudfront', trace);
    const guestPages = new S3GuestPageStore(s3Client, BENCH_BUCKET);
    const cdn = new CloudFrontInvalidator(cfClient, 'EBENCH0000000');
    const mailer = new SesMailer(sesClient, { from: 'ShipCaptainCrew <crew@shipcaptaincrew.local>' });
    const calendar = new GoogleCalendar({
      serviceAccount: parseServiceAccountKey(info.googleServiceAccountJson),
      calendarId: CALENDAR_ID,
      apiBaseUrl: info.googleUrl,
      fetch: tracedFetch(trace, (url, method) =>
        url === info.googleTokenUri ? 'google token' : `google events.${({ POST: 'insert', PUT: 'update', PATCH: 'patch' } as Record<string, string>)[method] ?? method}`,
      ),
    });
    const magicLinks = new MagicLinks(parseMagicLinkKeys(`bench:${randomBytes(32).toString('base64url')}`));
    const serviceKey = `scc_${randomBytes(24).toString('base64url')}`;
    const serviceKeyHash = sha256Hex(serviceKey);

    // The API as the local stack serves it (Node HTTP server, Hono app), and the naive one.
    let handle: Fetch = () => new Response('Starting', { status: 503 });
    const api = await serveFetch((request) => handle(request));
    closers.push(api.close);
    const outside: Outside = {
      guestPages,
      cdn,
      mailer,
      calendar,
      magicLinks,
      // The booking never uses it; the app needs one.
      photoStorage: new S3PhotoStorage(s3Client, BENCH_BUCKET),
      feedFetcher: createFeedFetcher(LOCAL_STACK),
      // Webhook deliveries are not part of what this bench measures.
      deliveryQueue: { send: async () => {} },
      // The booking plans its reminders: each schedule call waits as EventBridge would answer.
      reminderScheduler: {
        upsert: () => trace.time('scheduler', () => sleep(DELAYS.schedulerCall)),
        remove: () => trace.time('scheduler', () => sleep(DELAYS.schedulerCall)),
      },
      webhookSender: { post: async () => ({ status: 204 }) },
    };
    const app = createApp({ services: createServices(db, TABLE, outside, { publicBaseUrl: api.url }), serviceKeyHash, mode: 'local' });
    handle = (request) => trace.time('api handler', async () => app.fetch(request));
    const naiveApp = naiveBookingApp({
      db,
      tableName: TABLE,
      calendar,
      guestPages,
      cdn,
      mailer,
      links: createLinks(api.url, magicLinks),
      serviceKeyHash,
    });
    const naive = await serveFetch((request) => trace.time('api handler', async () => naiveApp.fetch(request)));
    closers.push(naive.close);
    // The reference: the slowest chain alone, through the same adapters, clients and servers,
    // behind the same kind of HTTP server; set to a real guest page after the warm-up.
    let referencePage = '';
    const chainAlone = await serveFetch(async (request) => {
      const { slug } = (await request.json()) as { slug: string };
      await guestPages.put(slug, referencePage);
      await cdn.invalidate([`/g/${slug}*`], `${slug}-page-ref`);
      return Response.json({ slug }, { status: 201 });
    });
    closers.push(chainAlone.close);

    const send = async (method: string, base: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { 'X-Service-Key': serviceKey, 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const post = (base: string, path: string, body: unknown) => send('POST', base, path, body);
    const crewIds: string[] = [];
    for (const [name, email] of [
      ['Ana Lopez', 'ana@example.com'],
      ['Ben Ortiz', 'ben@example.com'],
    ] as const) {
      const res = await post(api.url, '/crew', { name, email, phone: '+16195550101' });
      if (res.status !== 201) throw new Error(`POST /crew: ${res.status} ${JSON.stringify(res.body)}`);
      crewIds.push(String(res.body.crewId));
    }
    const booking = (source: string, i: number) => {
      const day = String((i % 28) + 1).padStart(2, '0');
      const month = String((Math.floor(i / 28) % 12) + 1).padStart(2, '0');
      return {
        source,
        externalId: `BS-${100_000 + i}`,
        title: `Sunset sail ${i} — Smith party`,
        start: `2027-${month}-${day}T18:00:00-07:00`,
        end: `2027-${month}-${day}T21:00:00-07:00`,
        timezone: 'America/Los_Angeles',
        boat: 'JADA',
        meetingPoint: 'Harbor Island West Marina, Dock C',
        guest: { name: 'Jane Smith', email: 'jane.smith@example.com', phone: '+16195550123', count: 6 },
        notes: 'Birthday; bring the cake plates',
        crew: [
          { crewId: crewIds[0], role: 'captain' },
          { crewId: crewIds[1], role: 'mate' },
        ],
        crewTasks: ['Stock cooler', 'Check fuel', 'Inspect sails'],
        finance: { revenue: 184731, captainFee: 35917, platformFee: 27709, currency: 'USD' },
      };
    };

    /** One reference sample: the chain alone, untraced, timed from the client like a booking. */
    const referenceSamples: number[] = [];
    const reference = async (index: number) => {
      const start = performance.now();
      const res = await fetch(`${chainAlone.url}/`, { method: 'POST', body: JSON.stringify({ slug: `reference-${index}` }) });
      await res.arrayBuffer();
      if (res.status !== 201) throw new Error(`The reference chain answered ${res.status}`);
      referenceSamples.push(performance.now() - start);
    };

    /**
     * One booking at a time, each a new externalId; traced as booking `first + i`. With
     * `interleave`, a reference sample follows each booking, so both see the same machine.
     */
    const drive = async (base: string, source: string, first: number, count: number, strict: boolean, interleave = false) => {
      const samples: Sample[] = [];
      for (let i = 0; i < count; i++) {
        if (interleave) await reference(first + i);
        const index = first + i;
        trace.current = index;
        const start = performance.now();
        const res = await post(base, '/bookings', booking(source, index));
        const end = performance.now();
        trace.add(CLIENT_SPAN, start, end);
        trace.current = -1;
        const steps = res.body.steps as Record<string, { status: string }> | undefined;
        const failed = steps && Object.entries(steps).filter(([, s]) => s.status !== 'succeeded');
        if (res.status !== 201 || (strict && (!steps || (failed?.length ?? 0) > 0))) {
          throw new Error(`POST /bookings (${source} #${index}): ${res.status} ${JSON.stringify(res.body)}`);
        }
        samples.push({ booking: index, ms: end - start, bookingId: String(res.body.bookingId), slug: String(res.body.slug) });
      }
      return samples;
    };

    // SCC: warm-up (the first one is cold: Google token, first connections), then measured.
    const warm = await drive(api.url, 'boatsetter', 0, WARM_UP, true);
    referencePage = (await guestPages.get(String(warm[0]?.slug))) ?? '';
    if (referencePage.length === 0) throw new Error('The reference chain needs the first booking’s guest page');
    for (let i = 0; i < WARM_UP; i++) await reference(-1 - i);
    referenceSamples.length = 0;
    const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    const gcPauses: number[] = [];
    const gc = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) gcPauses.push(entry.duration);
    });
    gc.observe({ entryTypes: ['gc'] });
    loop.enable();
    const cpuBefore = process.cpuUsage();
    const measured = await drive(api.url, 'boatsetter', WARM_UP, n, true, true);
    const cpu = process.cpuUsage(cpuBefore);
    loop.disable();
    gc.disconnect();
    // Naive: the same servers and adapters (token already cached), its own warm-up.
    const NAIVE_BASE = 100_000;
    await drive(naive.url, 'naive', NAIVE_BASE, WARM_UP, false);
    const naiveMeasured = await drive(naive.url, 'naive', NAIVE_BASE + WARM_UP, n, false);

    // Every booking reached every system exactly once.
    const total = 2 * (WARM_UP + n);
    const counts = await deps.counts();
    const emails = (await outbox(info.outboxUrl)).length;
    // SCC emails two crew and the guest; the naive version only the crew.
    const wantEmails = 3 * (WARM_UP + n) + 2 * (WARM_UP + n);
    const checks = [
      ['calendar events', counts.calendarEvents, total],
      // The reference chain's own, one per warm-up and measured booking.
      ['invalidations', counts.invalidations, total + WARM_UP + n],
      ['emails', emails, wantEmails],
      ['token requests', counts.tokenRequests, 1],
    ] as const;
    const wrong = checks.filter(([, got, want]) => got !== want);
    if (wrong.length > 0) throw new Error(`Side effects do not add up: ${JSON.stringify(wrong)}`);

    // Reschedules: each measured booking moves an hour later (a "what changed" email each).
    const CHANGE_BASE = 200_000;
    const changes: Sample[] = [];
    for (const [i, sample] of measured.entries()) {
      const index = CHANGE_BASE + i;
      const original = booking('boatsetter', sample.booking);
      const later = (iso: string) => iso.replace('T18:', 'T19:').replace('T21:', 'T22:');
      trace.current = index;
      const start = performance.now();
      const res = await send('PATCH', api.url, `/bookings/${sample.bookingId}`, { start: later(original.start), end: later(original.end) }, { 'If-Match': '"1"' });
      const end = performance.now();
      trace.add(CHANGE_SPAN, start, end);
      trace.current = -1;
      const steps = res.body.steps as Record<string, { status: string }> | undefined;
      if (res.status !== 200 || !steps || Object.values(steps).some((s) => s.status !== 'succeeded')) {
        throw new Error(`PATCH /bookings (#${i}): ${res.status} ${JSON.stringify(res.body)}`);
      }
      changes.push({ booking: index, ms: end - start });
    }
    const afterChanges = await deps.counts();
    const changeChecks = [
      ['calendar events (updated, not added)', afterChanges.calendarEvents, counts.calendarEvents],
      ['invalidations', afterChanges.invalidations, counts.invalidations + n],
      // A move tells both crew and the guest.
      ['emails', (await outbox(info.outboxUrl)).length, emails + 3 * n],
    ] as const;
    const wrongChange = changeChecks.filter(([, got, want]) => got !== want);
    if (wrongChange.length > 0) throw new Error(`Reschedule side effects do not add up: ${JSON.stringify(wrongChange)}`);
    trace.settle(CLIENT_SPAN);
    trace.settle(CHANGE_SPAN);

    report({
      n,
      where: deps.where,
      cold: warm[0] as Sample,
      measured,
      naiveMeasured,
      referenceSamples,
      trace,
      // The histogram holds each sampling interval as measured, resolution included.
      loopLateness: {
        p50: Math.max(0, loop.percentile(50) / 1e6 - LOOP_RESOLUTION_MS),
        p99: Math.max(0, loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
        max: Math.max(0, loop.max / 1e6 - LOOP_RESOLUTION_MS),
      },
      cpuPerBookingMs: (cpu.user + cpu.system) / 1000 / n,
      gcPauses,
      checked: `${total} calendar events, ${total} invalidations (and the reference's ${WARM_UP + n}), ${wantEmails} emails, 1 token request`,
    });
    changeReport(changes, trace);
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  }
}

// ——— Reporting ———

/** What a reschedule costs: its latency, and every call it makes, per change. */
function changeReport(changes: Sample[], trace: Trace): void {
  const spans = trace.spans.filter((span) => span.booking >= changes[0]!.booking);
  const calls = new Map<string, number[]>();
  for (const span of spans) {
    if (span.name === CHANGE_SPAN || span.name === 'api handler') continue;
    const list = calls.get(span.name) ?? [];
    list.push(span.end - span.start);
    calls.set(span.name, list);
  }
  const totals = changes.map((c) => c.ms);
  console.log('PATCH /bookings, a reschedule (an hour later; 2 crew told what changed), one client, sequential');
  console.log(`  ${line('SCC reschedule', totals)}`);
  console.log(`  p95 / ${CHAIN_MS} ms                           ${(p(totals, 95) / CHAIN_MS).toFixed(2)} × (the same slowest chain: page put, then invalidation)`);
  console.log(`  ${'calls per reschedule'.padEnd(42)} per change   took p50   took p95`);
  for (const [name, durations] of [...calls].sort((a, b) => a[0].localeCompare(b[0]))) {
    console.log(`  ${name.padEnd(42)} ${(durations.length / changes.length).toFixed(1).padStart(10)} ${ms(p(durations, 50))}  ${ms(p(durations, 95))}`);
  }
  console.log('');
}

const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(9);
const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);
const p = (values: readonly number[], q: number) => percentile(sorted(values), q);

function line(label: string, samples: readonly number[]): string {
  const s = sorted(samples);
  return `${label.padEnd(40)} n=${String(s.length).padEnd(4)} p50 ${ms(percentile(s, 50))}  p95 ${ms(percentile(s, 95))}  max ${ms(s.at(-1) ?? Number.NaN)}`;
}

interface Report {
  n: number;
  cold: Sample;
  measured: Sample[];
  naiveMeasured: Sample[];
  /** The slowest chain alone, interleaved with the measured bookings. */
  referenceSamples: number[];
  trace: Trace;
  where: string;
  loopLateness: { p50: number; p99: number; max: number };
  cpuPerBookingMs: number;
  gcPauses: number[];
  checked: string;
}

function report(r: Report): void {
  const totals = r.measured.map((s) => s.ms);
  const naiveTotals = r.naiveMeasured.map((s) => s.ms);
  const p50 = p(totals, 50);
  const p95 = p(totals, 95);
  const ratio = p95 / CHAIN_MS;
  const naiveRatio = p(naiveTotals, 95) / CHAIN_MS;
  const spansBy = new Map<number, Span[]>();
  for (const span of r.trace.spans) {
    const list = spansBy.get(span.booking) ?? [];
    list.push(span);
    spansBy.set(span.booking, list);
  }
  const coldSpans = spansBy.get(r.cold.booking) ?? [];
  const tokenMs = coldSpans.filter((s) => s.name === 'google token').map((s) => s.end - s.start)[0];
  const cpu = cpus();

  console.log('POST /bookings, the one action, on local servers with fixed delays (one client, sequential)');
  console.log(
    `  delays                                   Google token ${DELAYS.googleToken} ms, Calendar insert ${DELAYS.calendarInsert} ms, ` +
      `SES send ${DELAYS.sesSend} ms, S3 put ${DELAYS.s3Put} ms, CloudFront invalidation ${DELAYS.cloudFrontInvalidation} ms, Scheduler call ${DELAYS.schedulerCall} ms`,
  );
  console.log(
    `                                           DynamoDB: dynalite on disk, no added delay; every server on 127.0.0.1, run by ${r.where}`,
  );
  console.log(`  per booking                              2 crew and the guest (3 emails; naive: 2); reminders planned; production step policies; ${WARM_UP} warm-up bookings first`);
  console.log(`  slowest chain                            S3 put then CloudFront invalidation = ${CHAIN_MS} ms`);
  console.log(
    `  cold first booking                       ${ms(r.cold.ms)}  (includes the Google token fetch, ${tokenMs === undefined ? '?' : `${tokenMs.toFixed(1)} ms`}, and first connections)`,
  );
  console.log(`  ${line('SCC (steps concurrent)', totals)}${r.n < 100 ? '  (fewer than the 100 the issue asks for)' : ''}`);
  console.log(
    `  p95 / ${CHAIN_MS} ms                           ${ratio.toFixed(2)} × — ${ratio <= TARGET_RATIO ? 'meets' : 'MISSES'} the target ≤ ${TARGET_RATIO.toFixed(2)} × (${(TARGET_RATIO * CHAIN_MS).toFixed(0)} ms); p50 / ${CHAIN_MS} ms = ${(p50 / CHAIN_MS).toFixed(2)} ×`,
  );
  const referenceP95 = p(r.referenceSamples, 95);
  const sameRun = p95 / referenceP95;
  console.log(`  ${line('reference: the slowest chain alone', r.referenceSamples)}  (same adapters and servers, one after each booking)`);
  console.log(
    `  p95 / reference p95                      ${sameRun.toFixed(2)} × — ${sameRun <= TARGET_RATIO ? 'meets' : 'MISSES'} the target ≤ ${TARGET_RATIO.toFixed(2)} × ` +
      `(SCC's own time at p95: ${(p95 - referenceP95).toFixed(1)} ms over the chain's ${referenceP95.toFixed(1)} ms)`,
  );
  console.log(`  ${line('naive (same steps one after another)', naiveTotals)}`);
  console.log(
    `  naive p95 / ${CHAIN_MS} ms                     ${naiveRatio.toFixed(2)} ×; naive p50 / SCC p50 = ${(p(naiveTotals, 50) / p50).toFixed(2)} ×`,
  );
  console.log(`  checked                                  ${r.checked}`);
  console.log(
    `  machine                                  Node ${process.version}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? '?'}), ` +
      `${platform()} ${arch()}, ${(totalmem() / 2 ** 30).toFixed(1)} GB`,
  );
  const [load1, load5] = loadavg();
  console.log(`  load average at the end                  ${load1?.toFixed(2)} (1 min), ${load5?.toFixed(2)} (5 min)`);
  const gcTotal = r.gcPauses.reduce((sum, d) => sum + d, 0);
  console.log(
    `  API process while measuring SCC          ${r.cpuPerBookingMs.toFixed(1)} ms CPU per booking` +
      `${r.where === 'a child process' ? '' : ' (the servers included)'}; ` +
      `timer lateness p50 ${r.loopLateness.p50.toFixed(1)} ms, p99 ${r.loopLateness.p99.toFixed(1)} ms, max ${r.loopLateness.max.toFixed(1)} ms; ` +
      `${r.gcPauses.length} GC pauses, ${gcTotal.toFixed(0)} ms in all, longest ${Math.max(0, ...r.gcPauses).toFixed(1)} ms`,
  );
  console.log('');
  breakdown(r.measured, spansBy);
}

/** Moments of an SCC booking, in the order they happen, located by the spans recorded during it. */
const MILESTONES: { label: string; name: string; at: 'start' | 'end' }[] = [
  { label: 'the app has the request', name: 'api handler', at: 'start' },
  { label: 'booking read (replay check) done', name: 'dynamodb GetItem booking', at: 'end' },
  { label: 'finance item written', name: 'dynamodb put finance', at: 'end' },
  { label: 'booking item written (the idempotency gate)', name: 'dynamodb put booking', at: 'end' },
  { label: 'event step claimed', name: 'dynamodb claimStep event', at: 'end' },
  { label: 'guest slug pointer written', name: 'dynamodb put slug', at: 'end' },
  { label: 'crew event written', name: 'dynamodb put event', at: 'end' },
  { label: 'event step outcome saved: fan-out starts', name: 'dynamodb recordStep event', at: 'end' },
  { label: 'guestPage step claimed', name: 'dynamodb claimStep guestPage', at: 'end' },
  { label: 'S3 put starts (the chain begins)', name: 's3 PutObject', at: 'start' },
  { label: 'S3 put answered', name: 's3 PutObject', at: 'end' },
  { label: 'CloudFront invalidation starts', name: 'cloudfront CreateInvalidation', at: 'start' },
  { label: 'CloudFront invalidation answered (chain ends)', name: 'cloudfront CreateInvalidation', at: 'end' },
  { label: 'guestPage step outcome saved', name: 'dynamodb recordStep guestPage', at: 'end' },
  { label: 'the app answers', name: 'api handler', at: 'end' },
  { label: 'the client has the answer', name: 'client POST /bookings', at: 'end' },
];

/** Where the time of an SCC booking goes, from the spans recorded during it. */
function breakdown(measured: Sample[], spansBy: Map<number, Span[]>): void {
  type Row = { offsets: number[]; durations: number[]; calls: number };
  const rows = new Map<string, Row>();
  const moments = MILESTONES.map(() => [] as number[]);
  const dynamoBefore: number[] = [];
  const lastStep = new Map<string, number>();
  const phases: { total: number; pre: number; chain: number; post: number }[] = [];
  for (const sample of measured) {
    const spans = spansBy.get(sample.booking) ?? [];
    const client = spans.find((s) => s.name === 'client POST /bookings');
    const put = spans.find((s) => s.name === 's3 PutObject');
    const invalidation = spans.find((s) => s.name === 'cloudfront CreateInvalidation');
    if (!client || !put || !invalidation) continue;
    const t0 = client.start;
    for (const span of spans) {
      const row = rows.get(span.name) ?? { offsets: [], durations: [], calls: 0 };
      row.offsets.push(span.start - t0);
      row.durations.push(span.end - span.start);
      row.calls += 1;
      rows.set(span.name, row);
    }
    MILESTONES.forEach((m, i) => {
      const span = spans.find((s) => s.name === m.name);
      if (span) moments[i]?.push((m.at === 'start' ? span.start : span.end) - t0);
    });
    dynamoBefore.push(spans.filter((s) => s.name.startsWith('dynamodb ') && s.end <= put.start).length);
    phases.push({ total: client.end - t0, pre: put.start - t0, chain: invalidation.end - put.start, post: client.end - invalidation.end });
    const saved = ['calendar', 'guestPage', 'crewNotices']
      .map((step) => ({ step, end: spans.find((s) => s.name === `dynamodb recordStep ${step}`)?.end ?? 0 }))
      .sort((a, b) => b.end - a.end);
    const last = saved[0]?.step ?? '?';
    lastStep.set(last, (lastStep.get(last) ?? 0) + 1);
  }
  const count = phases.length;
  const f = (v: number) => v.toFixed(1).padStart(7);
  const of = (pick: (ph: (typeof phases)[number]) => number) => phases.map(pick);
  console.log(`Where an SCC booking's time goes (n=${count}; ms from the client's send)`);
  console.log(`  ${'milestone'.padEnd(52)}    p50     p95`);
  MILESTONES.forEach((m, i) => {
    const values = moments[i] ?? [];
    if (values.length > 0) console.log(`  ${m.label.padEnd(52)}${f(p(values, 50))} ${f(p(values, 95))}`);
  });
  console.log('');
  console.log(`  ${'phase'.padEnd(52)}    p50     p95`);
  console.log(`  ${'before the chain (send → S3 put starts)'.padEnd(52)}${f(p(of((ph) => ph.pre), 50))} ${f(p(of((ph) => ph.pre), 95))}`);
  console.log(`  ${`the chain (${CHAIN_MS} ms of it is the servers' delay)`.padEnd(52)}${f(p(of((ph) => ph.chain), 50))} ${f(p(of((ph) => ph.chain), 95))}`);
  console.log(`  ${'after the chain (→ client has the answer)'.padEnd(52)}${f(p(of((ph) => ph.post), 50))} ${f(p(of((ph) => ph.post), 95))}`);
  console.log(`  ${'DynamoDB calls finished before the S3 put starts'.padEnd(52)}${f(p(dynamoBefore, 50))} ${f(p(dynamoBefore, 95))}`);
  const cut = p(of((ph) => ph.total), 95);
  const slow = phases.filter((ph) => ph.total >= cut);
  const mean = (pick: (ph: (typeof phases)[number]) => number) => slow.reduce((sum, ph) => sum + pick(ph), 0) / Math.max(1, slow.length);
  console.log(
    `  the slowest 5% (${slow.length} bookings), on average: ${mean((ph) => ph.total).toFixed(1)} ms = ` +
      `${mean((ph) => ph.pre).toFixed(1)} before + ${mean((ph) => ph.chain).toFixed(1)} chain + ${mean((ph) => ph.post).toFixed(1)} after`,
  );
  console.log(`  step whose outcome was saved last: ${[...lastStep].map(([step, k]) => `${step} ${k}×`).join(', ')}`);
  console.log('');
  console.log(`  ${'every call (in order of its typical start)'.padEnd(42)} per booking  starts p50   took p50   took p95`);
  const ordered = [...rows].filter(([name]) => name !== 'client POST /bookings').sort((a, b) => p(a[1].offsets, 50) - p(b[1].offsets, 50));
  for (const [name, row] of ordered) {
    console.log(
      `  ${name.padEnd(42)} ${(row.calls / count).toFixed(1).padStart(11)} ${f(p(row.offsets, 50))}    ${f(p(row.durations, 50))}    ${f(p(row.durations, 95))}`,
    );
  }
}
