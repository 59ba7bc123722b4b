import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildLambda } from '../packages/api/scripts/build';
import { httpApiEvent, startTestTable, stubLambdaEnvironment, type TestTable } from './support';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResult>;

let outdir: string;
let table: TestTable;
let built: Awaited<ReturnType<typeof buildLambda>>;

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'scc-bundle-'));
  table = await startTestTable('bundle-table');
  built = await buildLambda(outdir);
  stubLambdaEnvironment({ tableName: table.tableName, dynamoEndpoint: table.endpoint, serviceKey: 'bundle-key' });
}, 60_000);
afterAll(async () => {
  vi.unstubAllEnvs();
  await table.stop();
  await rm(outdir, { recursive: true, force: true });
});

describe('the bundled Lambda handler (what npm run build ships)', () => {
  it('is a single ESM file that runs on its own', async () => {
    expect(built.file.endsWith('.mjs')).toBe(true);
    const { handler } = (await import(pathToFileURL(join(outdir, 'index.mjs')).href)) as {
      handler: Handler;
    };
    const context = { awsRequestId: 'r' } as Context;
    const health = await handler(httpApiEvent('GET', '/health'), context);
    expect(JSON.parse(health.body)).toEqual({ ok: true, mode: 'aws' });
    const created = await handler(
      httpApiEvent('POST', '/crew', {
        body: { name: 'Bundled', email: 'b@example.com' },
        headers: { 'x-service-key': 'bundle-key' },
      }),
      context,
    );
    expect(created.statusCode).toBe(201);
    // The OpenAPI document is generated inside the bundle too (its JSON Schema step is aliased
    // to zod's main entry there: packages/api/src/bundle/aliases.ts).
    const document = await handler(httpApiEvent('GET', '/openapi.json'), context);
    expect(document.statusCode).toBe(200);
    const spec = JSON.parse(document.body) as { openapi: string; paths: Record<string, { post?: { requestBody?: unknown } }> };
    expect(spec.openapi).toMatch(/^3\.1/);
    expect(JSON.stringify(spec.paths['/bookings']?.post?.requestBody)).toContain('externalId');
  });
});
