export { startTestTable, type TestTable } from './dynamo';
export { httpApiEvent } from './http-api-event';
