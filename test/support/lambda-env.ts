import { sha256Hex } from '@scc/api';
import { vi } from 'vitest';

const resource = (value: object) => JSON.stringify(value);

export interface LambdaEnvironmentOptions {
  tableName: string;
  serviceKey: string;
  bucket?: string;
  /** `kid:secret`; a fixed test key when left out. */
  magicLinkKey?: string;
}

/**
 * What SST and the Lambda runtime give the API function: the SST_RESOURCE_* variables and the
 * plain environment its settings are read from (aws-settings.ts). Endpoints and credentials
 * are the caller's.
 */
export function lambdaEnvironment(options: LambdaEnvironmentOptions): Record<string, string> {
  return {
    SST_RESOURCE_SccTable: resource({ name: options.tableName, type: 'sst.aws.Dynamo' }),
    SST_RESOURCE_SccMedia: resource({ name: options.bucket ?? 'scc-media', type: 'sst.aws.Bucket' }),
    SST_RESOURCE_SccEmail: resource({ sender: 'crew@example.com', configSet: 'scc', type: 'sst.aws.Email' }),
    SST_RESOURCE_ServiceKeyHash: resource({ value: sha256Hex(options.serviceKey), type: 'sst.sst.Secret' }),
    SST_RESOURCE_MagicLinkKeys: resource({ value: options.magicLinkKey ?? `k1:${Buffer.alloc(32, 1).toString('base64url')}`, type: 'sst.sst.Secret' }),
    SST_RESOURCE_GoogleServiceAccount: resource({ value: 'none', type: 'sst.sst.Secret' }),
    SST_RESOURCE_GoogleCalendarId: resource({ value: 'none', type: 'sst.sst.Secret' }),
    SCC_DISTRIBUTION_ID: 'E2EXAMPLE',
    SCC_PUBLIC_URL: 'https://d111111abcdef8.cloudfront.net',
    SCC_WEBHOOK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/scc-test-SccWebhookDeliveries.fifo',
    AWS_REGION: 'us-east-1',
  };
}

/** The same for a test in this process, with the unchanged AWS SDK pointed at the local DynamoDB. */
export function stubLambdaEnvironment(options: LambdaEnvironmentOptions & { dynamoEndpoint: string }) {
  const variables = { ...lambdaEnvironment(options), AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' };
  for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
}
