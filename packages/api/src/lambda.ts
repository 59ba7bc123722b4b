import { createDocumentClient } from '@scc/aws';
import { handle } from 'hono/aws-lambda';
import { Resource } from 'sst/resource';
import { createApp } from './app';
import { awsOutside } from './aws-outside';
import { logger } from './middleware/request-log';
import { createServices } from './services';

// Built once per Lambda container, outside the handler, so warm invocations reuse the
// clients and their connections. Region and credentials come from the Lambda environment.
const db = createDocumentClient({});

export const app = createApp({
  services: createServices(db, Resource.SccTable.name, awsOutside()),
  serviceKeyHash: Resource.ServiceKeyHash.value,
  mode: 'aws',
});

const handleRequest = handle(app);

// Each log line then carries the invocation's function name, request id and cold start.
export const handler: typeof handleRequest = (event, context) => {
  // The runtime passes its full Context; hono types it as its own narrower LambdaContext.
  if (context) logger.addContext(context as unknown as Parameters<typeof logger.addContext>[0]);
  return handleRequest(event, context);
};
