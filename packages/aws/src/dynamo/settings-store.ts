import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_SETTINGS, type OperatorSettings, type SettingsRepository } from '@scc/core';
import { callDynamo } from './errors';
import { SingleTable } from './single-table';

const key = { pk: 'SETTINGS', sk: 'OPERATOR' };

/** The operator's settings: one small item, read whole. */
export class DynamoSettingsRepository implements SettingsRepository {
  private readonly table: SingleTable;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.table = new SingleTable(db, tableName);
  }

  async get(): Promise<OperatorSettings> {
    const item = await this.table.get(key);
    const turnaround = item?.turnaroundMinutes as OperatorSettings['turnaroundMinutes'] | undefined;
    return { turnaroundMinutes: turnaround ?? DEFAULT_SETTINGS.turnaroundMinutes };
  }

  async put(settings: OperatorSettings): Promise<void> {
    await callDynamo('putSettings', () =>
      this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...key, entity: 'settings', version: 1, ...settings } })),
    );
  }
}
