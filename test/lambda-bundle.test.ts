import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startS3, startSes, type RunningEmulator } from '@scc/local/emulators';
import type { APIGatewayProxyEventV2, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildLambda } from '../packages/api/scripts/build';
import { type CloudFrontStandIn, startCloudFrontStandIn } from './bench/delay-servers';
import { bookingBody, httpApiEvent, outbox, startTestTable, stubLambdaEnvironment, type TestTable } from './support';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResult>;

/** Upper case: the S3 client then addresses it path-style, which s3rver on 127.0.0.1 needs. */
const BUCKET = 'Scc-Media-Bundle';
const KEY = 'bundle-key';
const context = { awsRequestId: 'r' } as Context;
/** What only some requests need, each loaded on first use. */
const LAZY = ['@aws-sdk/client-s3', '@aws-sdk/client-sesv2', '@aws-sdk/client-cloudfront', '@aws-sdk/client-sqs', '@aws-sdk/client-scheduler', '@aws-sdk/lib-storage', 'jose', 'packages/google/'];

let outdir: string;
let table: TestTable;
let s3: RunningEmulator;
let ses: RunningEmulator;
let cloudFront: CloudFrontStandIn;
let built: Awaited<ReturnType<typeof buildLambda>>;

const load = async (dir: string) => ((await import(pathToFileURL(join(dir, 'index.mjs')).href)) as { handler: Handler }).handler;
const json = (res: APIGatewayProxyResult) => JSON.parse(res.body) as Record<string, unknown>;

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'scc-bundle-'));
  [table, s3, ses, cloudFront, built] = await Promise.all([
    startTestTable('bundle-table'),
    startS3({ directory: join(outdir, 's3'), buckets: [BUCKET] }),
    startSes(),
    startCloudFrontStandIn({ delayMs: 0 }),
    buildLambda(join(outdir, 'lambda')),
  ]);
  stubLambdaEnvironment({ tableName: table.tableName, dynamoEndpoint: table.endpoint, serviceKey: KEY, bucket: BUCKET });
  vi.stubEnv('AWS_ENDPOINT_URL_S3', s3.url);
  vi.stubEnv('AWS_ENDPOINT_URL_SESV2', ses.url);
  vi.stubEnv('AWS_ENDPOINT_URL_CLOUDFRONT', cloudFront.url);
  // s3rver checks signatures against its own key; the other emulators take any.
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'S3RVER');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'S3RVER');
}, 60_000);
afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([table.stop(), s3.close(), ses.close(), cloudFront.close()]);
  await rm(outdir, { recursive: true, force: true });
});

describe('the bundled Lambda handler (what npm run build ships)', () => {
  it('starts with DynamoDB alone: the other AWS clients, jose and Google are chunks loaded on first use', () => {
    const atStart = built.chunks.filter((chunk) => chunk.startup).flatMap((chunk) => chunk.inputs);
    const later = built.chunks.filter((chunk) => !chunk.startup).flatMap((chunk) => chunk.inputs);

    expect(atStart.some((input) => input.includes('@aws-sdk/client-dynamodb/'))).toBe(true);
    for (const name of LAZY) {
      expect(atStart.filter((input) => input.includes(name)), name).toEqual([]);
      expect(later.some((input) => input.includes(name)), name).toBe(true);
    }
    expect(built.startupBytes).toBeLessThan(built.bytes);
  });

  it('holds one copy of jose, hono and zod, and one version of every @aws-sdk package', () => {
    const roots = new Map<string, Set<string>>();
    for (const input of Object.keys(built.metafile.inputs)) {
      const match = input.match(/^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//);
      if (!match) continue;
      const [, root, name] = match as unknown as [string, string, string];
      roots.set(name, (roots.get(name) ?? new Set()).add(root));
    }
    for (const name of ['jose', 'hono', 'zod']) expect([...(roots.get(name) ?? [])], name).toHaveLength(1);
    const sdk = [...roots].filter(([name]) => name.startsWith('@aws-sdk/client-'));
    expect(sdk.length).toBeGreaterThanOrEqual(6);
    for (const [name, where] of sdk) expect([...where], name).toHaveLength(1);
  });

  it('answers health, books with every lazily loaded client, and starts a guest upload', async () => {
    const handler = await load(join(outdir, 'lambda'));
    const headers = { 'x-service-key': KEY };

    const health = await handler(httpApiEvent('GET', '/health'), context);
    const crew = json(await handler(httpApiEvent('POST', '/crew', { body: { name: 'Bundled', email: 'b@example.com' }, headers }), context));
    const booked = await handler(
      httpApiEvent('POST', '/bookings', { body: bookingBody('BUNDLE-1', { crew: [{ crewId: crew.crewId, role: 'captain' }] }), headers }),
      context,
    );
    const booking = json(booked);
    const upload = await handler(
      httpApiEvent('POST', `/g/${String(booking.slug)}/photos`, { body: { filename: 'dock.jpg', contentType: 'image/jpeg', size: 1024 } }),
      context,
    );

    expect(JSON.parse(health.body)).toEqual({ ok: true, mode: 'aws' });
    expect(booked.statusCode, booked.body).toBe(201);
    // S3 (the page), CloudFront (its invalidation) and SES (crew and guest), each loaded by this first booking.
    expect(booking.steps).toMatchObject({ guestPage: { status: 'succeeded' }, crewNotices: { status: 'succeeded', sent: 1 }, guestNotices: { status: 'succeeded' } });
    expect(cloudFront.created).toBe(1);
    expect((await outbox(ses.url)).map((email) => email.destination.to).flat()).toEqual(expect.arrayContaining(['b@example.com']));
    expect(upload.statusCode, upload.body).toBe(201);
    expect(String((json(upload) as { upload?: { url?: string } }).upload?.url ?? upload.body)).toContain(`/${BUCKET}/`);
    // The OpenAPI document is generated inside the bundle too (its JSON Schema step is aliased
    // to zod's main entry there: packages/api/src/bundle/aliases.ts).
    const document = await handler(httpApiEvent('GET', '/openapi.json'), context);
    const spec = JSON.parse(document.body) as { openapi: string; paths: Record<string, { post?: { requestBody?: unknown } }> };
    expect(spec.openapi).toMatch(/^3\.1/);
    expect(JSON.stringify(spec.paths['/bookings']?.post?.requestBody)).toContain('externalId');
  });

  it('answers 503 when a chunk cannot be loaded, and keeps serving what does not need it', async () => {
    // Prepare: a copy of the bundle (new module URLs, nothing cached) without the S3 client's chunk.
    const broken = join(outdir, 'broken');
    await cp(join(outdir, 'lambda'), broken, { recursive: true });
    const s3Chunk = built.chunks.find((chunk) => chunk.inputs.some((input) => input.includes('@aws-sdk/client-s3/')));
    expect(s3Chunk?.startup).toBe(false);
    await rm(join(broken, s3Chunk!.file.slice(s3Chunk!.file.indexOf('chunks/'))));
    const handler = await load(broken);
    const listed = await handler(httpApiEvent('GET', '/bookings', { query: 'limit=1&from=2027-07-01&to=2027-08-01', headers: { 'x-service-key': KEY } }), context);
    const { slug } = (JSON.parse(listed.body) as { items: { slug: string }[] }).items[0]!;

    // Act
    const upload = await handler(
      httpApiEvent('POST', `/g/${slug}/photos`, {
        body: { filename: 'dock.jpg', contentType: 'image/jpeg', size: 1024 },
      }),
      context,
    );
    const health = await handler(httpApiEvent('GET', '/health'), context);

    // Assess
    expect(upload.statusCode).toBe(503);
    expect(json(upload)).toMatchObject({ error: { code: 'dependency_unavailable', message: 'Could not load the photo storage; try again' } });
    expect(health.statusCode).toBe(200);
  });
});
