import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '@scc/aws';
import { fakeOutside, TEST_SETTINGS } from '@scc/test/support';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from './app';
import { sha256Hex } from './middleware/service-key';
import { createServices } from './services';

const mock = mockClient(DynamoDBDocumentClient);
const db = createDocumentClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const app = createApp({
  services: createServices(db, 'table', fakeOutside().outside, TEST_SETTINGS),
  serviceKeyHash: sha256Hex('k'),
  mode: 'aws',
});
const get = (path: string) => app.request(path, { headers: { 'X-Service-Key': 'k' } });
afterEach(() => mock.reset());

describe('DynamoDB faults at the API', () => {
  it('throttling: 503 with a retryable code and Retry-After, no stack trace', async () => {
    mock.on(GetCommand).rejects(
      new ProvisionedThroughputExceededException({
        message: 'Rate exceeded',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const res = await get('/crew/ana');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    const text = await res.text();
    expect(JSON.parse(text).error).toMatchObject({
      code: 'dependency_unavailable',
      details: { dependency: 'dynamodb' },
    });
    expect(text).not.toMatch(/at .*\.ts|Rate exceeded/);
  });

  it('a 5xx: 503', async () => {
    mock.on(QueryCommand).rejects(
      Object.assign(new Error('Service unavailable'), {
        name: 'ServiceUnavailable',
        $metadata: { httpStatusCode: 503 },
      }),
    );
    expect((await get('/events')).status).toBe(503);
  });

  it('a bug: a bare 500 that is logged, not shown', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    mock.on(GetCommand).rejects(new TypeError('Cannot read properties of undefined'));
    const res = await get('/crew/ana');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text).error.code).toBe('internal_error');
    expect(text).not.toContain('Cannot read');
    expect(log).toHaveBeenCalledOnce();
    log.mockRestore();
  });
});
