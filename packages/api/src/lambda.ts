import { createDocumentClient } from '@scc/aws/dynamo';
import { handle } from 'hono/aws-lambda';
import { createApp } from './app';
import { edgeTokenOf } from './client-address';
import { awsOutside, awsServiceSettings } from './aws-outside';
import { readAwsSettings } from './aws-settings';
import { logger } from './middleware/request-log';
import { createServices } from './services';

// Built once per Lambda container, outside the handler, so warm invocations reuse the
// clients and their connections. Region and credentials come from the Lambda environment.
// Settings first: a missing or bad one stops the start with every problem named.
const settings = readAwsSettings();
const db = createDocumentClient({});

export const app = createApp({
  services: createServices(db, settings.tableName, awsOutside(settings), awsServiceSettings(settings)),
  serviceKeyHash: settings.serviceKeyHash,
  mode: 'aws',
  edgeToken: edgeTokenOf(settings.serviceKeyHash),
});

const handleRequest = handle(app);

// Each log line then carries the invocation's function name, request id and cold start.
export const handler: typeof handleRequest = (event, context) => {
  // The runtime passes its full Context; hono types it as its own narrower LambdaContext.
  if (context) logger.addContext(context as unknown as Parameters<typeof logger.addContext>[0]);
  return handleRequest(event, context);
};
