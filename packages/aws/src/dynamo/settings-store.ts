import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type OperatorSettings, resolveSettings, type SettingsInput, type SettingsRepository } from '@scc/core';
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
    const { pk: _pk, sk: _sk, entity: _entity, version: _version, ...stored } = ((await this.table.get(key)) ?? {}) as Record<string, unknown>;
    // Settings saved before a section existed read back with that section's defaults.
    return resolveSettings(stored as SettingsInput);
  }

  async put(settings: OperatorSettings): Promise<void> {
    await callDynamo('putSettings', () =>
      this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...key, entity: 'settings', version: 1, ...settings } })),
    );
  }
}
