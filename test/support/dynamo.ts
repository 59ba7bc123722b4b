import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient, ensureTable } from '@scc/aws';
import { startDynamo } from '@scc/local/emulators';

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface TestTable {
  endpoint: string;
  tableName: string;
  db: ReturnType<typeof createDocumentClient>;
  stop(): Promise<void>;
}

/** A fresh in-memory dynalite with the SCC table, on a free port. */
export async function startTestTable(tableName = 'scc-test'): Promise<TestTable> {
  const dynamo = await startDynamo();
  const config = { endpoint: dynamo.url, region: 'us-east-1', credentials: LOCAL_CREDENTIALS };
  const raw = new DynamoDBClient(config);
  await ensureTable(raw, tableName);
  raw.destroy();
  const db = createDocumentClient(config);
  return {
    endpoint: dynamo.url,
    tableName,
    db,
    stop: async () => {
      db.destroy();
      await dynamo.close();
    },
  };
}
