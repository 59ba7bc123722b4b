import type { APIGatewayProxyEventV2, APIGatewayProxyResult, Context } from 'aws-lambda';
import { startTestTable, type TestTable } from '@scc/test/support';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from './middleware/service-key';

const KEY = 'lambda-test-key';
let table: TestTable;
let handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResult>;

beforeAll(async () => {
  table = await startTestTable('lambda-table');
  // What SST and the Lambda runtime provide: linked resources as SST_RESOURCE_* variables,
  // region and credentials; the endpoint override points the unchanged SDK at dynalite.
  vi.stubEnv('SST_RESOURCE_SccTable', JSON.stringify({ name: table.tableName, type: 'sst.aws.Dynamo' }));
  vi.stubEnv('SST_RESOURCE_ServiceKeyHash', JSON.stringify({ value: sha256Hex(KEY), type: 'sst.sst.Secret' }));
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', table.endpoint);
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  ({ handler } = (await import('./lambda')) as unknown as { handler: typeof handler });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await table.stop();
});

/** An API Gateway HTTP API (payload format 2.0) event, as API Gateway sends it. */
function httpApiEvent(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; query?: string } = {}): APIGatewayProxyEventV2 {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: options.query ?? '',
    headers: {
      host: 'abc123.execute-api.us-east-1.amazonaws.com',
      'user-agent': 'curl/8.5.0',
      ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}),
      ...options.headers,
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'curl/8.5.0' },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '04/Jul/2026:18:00:00 +0000',
      timeEpoch: 1783216800000,
    },
    ...(body ? { body } : {}),
    isBase64Encoded: false,
  };
}

const context = { awsRequestId: 'req-1', functionName: 'SccApi' } as Context;

describe('Lambda handler', () => {
  it('answers health in aws mode', async () => {
    const res = await handler(httpApiEvent('GET', '/health'), context);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, mode: 'aws' });
  });

  it('creates and reads a crew member through the linked table', async () => {
    const headers = { 'x-service-key': KEY };
    const created = await handler(
      httpApiEvent('POST', '/crew', { body: { name: 'Ana Lopez', email: 'ana@example.com' }, headers }),
      context,
    );
    expect(created.statusCode).toBe(201);
    const { crewId } = JSON.parse(created.body);
    const listed = await handler(httpApiEvent('GET', '/crew', { query: 'limit=10', headers }), context);
    expect(JSON.parse(listed.body).items).toEqual([expect.objectContaining({ crewId, name: 'Ana Lopez' })]);
  });

  it('refuses a request without the service key', async () => {
    const res = await handler(httpApiEvent('GET', '/crew'), context);
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body).error.code).toBe('unauthorized');
  });
});
