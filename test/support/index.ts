export { startTestTable, type TestTable } from './dynamo';
