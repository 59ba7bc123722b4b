import { createDocumentClient } from '@scc/aws';
import { handle } from 'hono/aws-lambda';
import { Resource } from 'sst/resource';
import { createApp } from './app';
import { awsOutside } from './aws-outside';
import { createServices } from './services';

// Built once per Lambda container, outside the handler, so warm invocations reuse the
// clients and their connections. Region and credentials come from the Lambda environment.
const db = createDocumentClient({});

export const app = createApp({
  services: createServices(db, Resource.SccTable.name, awsOutside()),
  serviceKeyHash: Resource.ServiceKeyHash.value,
  mode: 'aws',
});

export const handler = handle(app);
