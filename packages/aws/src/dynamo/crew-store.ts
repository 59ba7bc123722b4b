import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CrewMember, CrewRepository, Page, PageRequest } from '@scc/core';
import { SingleTable, type StoredItem } from './single-table';

const ROSTER = 'CREW';
const key = (crewId: string) => ({ pk: `CREW#${crewId}`, sk: 'PROFILE' });

/** Crew profiles; the roster index lists them by name. */
export class DynamoCrewRepository implements CrewRepository {
  private readonly table: SingleTable;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.table = new SingleTable(db, tableName);
  }

  create(member: CrewMember): Promise<void> {
    return this.table.create(toItem(member), `Crew member ${member.crewId}`);
  }

  async get(crewId: string): Promise<CrewMember | undefined> {
    const item = await this.table.get(key(crewId));
    return item && fromItem(item);
  }

  async getMany(crewIds: readonly string[]): Promise<CrewMember[]> {
    const items: StoredItem[] = [];
    for (let i = 0; i < crewIds.length; i += 100) {
      items.push(...(await this.table.getMany(crewIds.slice(i, i + 100).map(key))));
    }
    return items.map(fromItem);
  }

  async list(page: PageRequest): Promise<Page<CrewMember>> {
    const result = await this.table.queryIndex(ROSTER, page);
    return { items: result.items.map(fromItem), nextCursor: result.nextCursor };
  }

  replace(member: CrewMember, expectedVersion: number): Promise<void> {
    return this.table.replace(toItem(member), expectedVersion, `Crew member ${member.crewId}`);
  }
}

function toItem(member: CrewMember): StoredItem {
  return {
    ...key(member.crewId),
    gsi1pk: ROSTER,
    gsi1sk: `${member.name.toLowerCase()}#${member.crewId}`,
    entity: 'crew',
    ...member,
  };
}

/** An explicit projection, so table bookkeeping never leaks into responses. */
function fromItem(item: StoredItem): CrewMember {
  const member: CrewMember = {
    crewId: item.crewId as string,
    name: item.name as string,
    email: item.email as string,
    active: item.active as boolean,
    version: item.version,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
  };
  if (typeof item.phone === 'string') member.phone = item.phone;
  return member;
}
