import { httpApiEvent, startTestTable, stubLambdaEnvironment, type TestTable } from '@scc/test/support';
import type { APIGatewayProxyEventV2, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const KEY = 'lambda-test-key';
let table: TestTable;
let handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResult>;

beforeAll(async () => {
  table = await startTestTable('lambda-table');
  stubLambdaEnvironment({ tableName: table.tableName, dynamoEndpoint: table.endpoint, serviceKey: KEY });
  ({ handler } = (await import('./lambda')) as unknown as { handler: typeof handler });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await table.stop();
});

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
      httpApiEvent('POST', '/crew', {
        body: { name: 'Ana Lopez', email: 'ana@example.com' },
        headers,
      }),
      context,
    );
    expect(created.statusCode).toBe(201);
    const { crewId } = JSON.parse(created.body);
    const listed = await handler(
      httpApiEvent('GET', '/crew', { query: 'limit=10', headers }),
      context,
    );
    expect(JSON.parse(listed.body).items).toEqual([
      expect.objectContaining({ crewId, name: 'Ana Lopez' }),
    ]);
  });

  it('refuses a request without the service key', async () => {
    const res = await handler(httpApiEvent('GET', '/crew'), context);
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body).error.code).toBe('unauthorized');
  });
});
