import { sha256Hex } from '@scc/api';
import { vi } from 'vitest';

const resource = (value: object) => JSON.stringify(value);

/**
 * What SST and the Lambda runtime give the API function, as SST_RESOURCE_* variables and
 * plain environment, pointing the unchanged AWS SDK at the local DynamoDB.
 */
export function stubLambdaEnvironment(options: { tableName: string; dynamoEndpoint: string; serviceKey: string }) {
  vi.stubEnv('SST_RESOURCE_SccTable', resource({ name: options.tableName, type: 'sst.aws.Dynamo' }));
  vi.stubEnv('SST_RESOURCE_SccMedia', resource({ name: 'scc-media', type: 'sst.aws.Bucket' }));
  vi.stubEnv('SST_RESOURCE_SccEmail', resource({ sender: 'crew@example.com', configSet: 'scc', type: 'sst.aws.Email' }));
  vi.stubEnv('SST_RESOURCE_ServiceKeyHash', resource({ value: sha256Hex(options.serviceKey), type: 'sst.sst.Secret' }));
  vi.stubEnv('SST_RESOURCE_MagicLinkKeys', resource({ value: `k1:${Buffer.alloc(32, 1).toString('base64url')}`, type: 'sst.sst.Secret' }));
  vi.stubEnv('SST_RESOURCE_GoogleServiceAccount', resource({ value: 'none', type: 'sst.sst.Secret' }));
  vi.stubEnv('SST_RESOURCE_GoogleCalendarId', resource({ value: 'none', type: 'sst.sst.Secret' }));
  vi.stubEnv('SCC_DISTRIBUTION_ID', 'E2EXAMPLE');
  vi.stubEnv('SCC_PUBLIC_URL', 'https://d111111abcdef8.cloudfront.net');
  vi.stubEnv('SCC_WEBHOOK_QUEUE_URL', 'https://sqs.us-east-1.amazonaws.com/123456789012/scc-test-SccWebhookDeliveries.fifo');
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', options.dynamoEndpoint);
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
}
