export { createDocumentClient, type DynamoConfig } from './dynamo/client';
export { DynamoCrewRepository } from './dynamo/crew-store';
export { isTransient } from './dynamo/errors';
export { DynamoEventRepository } from './dynamo/event-store';
export { ensureTable, GSI1 } from './dynamo/table';
