import { httpApiEvent, startTestTable, stubLambdaEnvironment, type TestTable } from '@scc/test/support';
import type { APIGatewayProxyEventV2, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Apart from lambda.test.ts because the handler, and sst/resource's view of the environment,
// are built once per module load (vi.resetModules does not reload sst/resource), and this file
// loads them with a malformed Google key.
const KEY = 'lambda-google-test-key';
const headers = { 'x-service-key': KEY };
const context = { awsRequestId: 'req-google', functionName: 'SccApi' } as Context;
let table: TestTable;
let handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResult>;

beforeAll(async () => {
  table = await startTestTable('lambda-google-table');
  stubLambdaEnvironment({ tableName: table.tableName, dynamoEndpoint: table.endpoint, serviceKey: KEY });
  vi.stubEnv('SST_RESOURCE_GoogleServiceAccount', JSON.stringify({ value: '{"type":"service_account",', type: 'sst.sst.Secret' }));
  vi.stubEnv('SST_RESOURCE_GoogleCalendarId', JSON.stringify({ value: 'ops@charters.example', type: 'sst.sst.Secret' }));
  // S3, SES and CloudFront refuse at once (nothing listens on port 9), without SDK retries:
  // those steps fail fast; this test is about the calendar step.
  vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:9');
  vi.stubEnv('AWS_MAX_ATTEMPTS', '1');
  ({ handler } = (await import('./lambda')) as unknown as { handler: typeof handler });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await table.stop();
});

describe('Lambda handler with a malformed Google key', () => {
  it('still answers health', async () => {
    const res = await handler(httpApiEvent('GET', '/health'), context);
    expect(res.statusCode).toBe(200);
  });

  it('fails only the calendar step, not retryable, saying the calendar is misconfigured', async () => {
    const crew = await handler(
      httpApiEvent('POST', '/crew', { body: { name: 'Ana Lopez', email: 'ana@example.com' }, headers }),
      context,
    );
    const { crewId } = JSON.parse(crew.body);
    const res = await handler(
      httpApiEvent('POST', '/bookings', {
        headers,
        body: {
          source: 'boatsetter',
          externalId: 'BS-GOOGLE-1',
          title: 'Sunset sail',
          start: '2099-07-04T18:00:00-07:00',
          end: '2099-07-04T21:00:00-07:00',
          timezone: 'America/Los_Angeles',
          boat: 'JADA',
          meetingPoint: 'Dock C',
          guest: { name: 'Jane Smith', count: 6 },
          crew: [{ crewId, role: 'captain' }],
          finance: { revenue: 100000, captainFee: 20000, platformFee: 15000, currency: 'USD' },
        },
      }),
      context,
    );
    expect(res.statusCode).toBe(202);
    const calendar = JSON.parse(res.body).steps.calendar;
    expect(calendar).toMatchObject({ status: 'failed', retryable: false });
    expect(calendar.reason).toMatch(/^Google Calendar is misconfigured: The Google service-account key is not valid JSON/);
  }, 30_000);
});
