import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type BoatBlock,
  type ChannelRecord,
  type ChannelRepository,
  type ChannelSyncState,
  type FeedEntry,
  type InstantRange,
  NotFoundError,
  VersionConflictError,
} from '@scc/core';
import { callDynamo } from './errors';
import { SingleTable, type StoredItem } from './single-table';

const ALL_CHANNELS = 'CHANNELS';
/** Every channel's owner blocks by start, for the conflict check and the boat feeds. */
const BLOCKS_BY_START = 'BLOCKS';
/** A block is found by its start: look this far back for one that began before the range. */
const LONGEST_BLOCK_MS = 62 * 24 * 60 * 60 * 1000;

const channelKey = (channelId: string) => ({ pk: `CHANNEL#${channelId}`, sk: 'CHANNEL' });
const entryKey = (channelId: string, uid: string) => ({ pk: `CHANNEL#${channelId}`, sk: `ENTRY#${uid}` });
const CONFIG_FIELDS = ['name', 'url', 'boat', 'defaults', 'enabled', 'version', 'updatedAt'] as const;

/** Channels (settings, sync health, lease) and their feed entries, on the channel's partition. */
export class DynamoChannelRepository implements ChannelRepository {
  private readonly table: SingleTable;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.table = new SingleTable(db, tableName);
  }

  async create(channel: ChannelRecord): Promise<void> {
    await this.table.create(
      { ...channelKey(channel.channelId), gsi1pk: ALL_CHANNELS, gsi1sk: channel.channelId, entity: 'channel', ...channel },
      `Channel ${channel.channelId}`,
    );
  }

  async get(channelId: string): Promise<ChannelRecord | undefined> {
    const item = await this.table.get(channelKey(channelId));
    return item && channelOf(item);
  }

  async list(): Promise<ChannelRecord[]> {
    const all: ChannelRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.table.queryIndex(ALL_CHANNELS, { limit: 100, ...(cursor ? { cursor } : {}) });
      all.push(...page.items.map(channelOf));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  }

  /** Settings only: a sync recording its outcome meanwhile is not overwritten. */
  async replace(channel: ChannelRecord, expectedVersion: number): Promise<void> {
    const names = Object.fromEntries(CONFIG_FIELDS.map((f) => [`#${f}`, f]));
    const values = Object.fromEntries(CONFIG_FIELDS.map((f) => [`:${f}`, channel[f]]));
    // A new feed address drops the old server's validators.
    const forgetValidators = channel.sync.etag === undefined && channel.sync.lastModified === undefined;
    try {
      await this.table.update('replaceChannel', {
        Key: channelKey(channel.channelId),
        UpdateExpression:
          `SET ${CONFIG_FIELDS.map((f) => `#${f} = :${f}`).join(', ')}` + (forgetValidators ? ' REMOVE #sync.etag, #sync.lastModified' : ''),
        ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
        ExpressionAttributeNames: { ...names, ...(forgetValidators ? { '#sync': 'sync' } : {}) },
        ExpressionAttributeValues: { ...values, ':expected': expectedVersion },
      });
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const current = await this.get(channel.channelId);
      if (!current) throw new NotFoundError(`No channel ${channel.channelId}`, { cause: error });
      throw new VersionConflictError(`Channel ${channel.channelId} was changed by someone else`, {
        details: { currentVersion: current.version, expectedVersion },
        cause: error,
      });
    }
  }

  async delete(channelId: string): Promise<void> {
    await this.table.deleteMany(await this.table.partition(`CHANNEL#${channelId}`));
  }

  async acquireLease(channelId: string, holder: string, now: Date, until: Date): Promise<boolean> {
    return this.table.conditional('acquireChannelLease', {
      Key: channelKey(channelId),
      UpdateExpression: 'SET #lease = :lease',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#lease) OR #lease.#until < :now)',
      ExpressionAttributeNames: { '#lease': 'lease', '#until': 'until' },
      ExpressionAttributeValues: { ':lease': { holder, until: until.toISOString() }, ':now': now.toISOString() },
    });
  }

  async releaseLease(channelId: string, holder: string): Promise<void> {
    await this.table.conditional('releaseChannelLease', {
      Key: channelKey(channelId),
      UpdateExpression: 'REMOVE #lease',
      ConditionExpression: '#lease.holder = :holder',
      ExpressionAttributeNames: { '#lease': 'lease' },
      ExpressionAttributeValues: { ':holder': holder },
    });
  }

  async recordSync(channelId: string, sync: ChannelSyncState): Promise<void> {
    await this.table.conditional('recordChannelSync', {
      Key: channelKey(channelId),
      UpdateExpression: 'SET #sync = :sync',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#sync': 'sync' },
      ExpressionAttributeValues: { ':sync': sync },
    });
  }

  async listEntries(channelId: string): Promise<FeedEntry[]> {
    return (await this.table.partition(`CHANNEL#${channelId}`, 'ENTRY#')).map(entryOf);
  }

  async getEntry(channelId: string, uid: string): Promise<FeedEntry | undefined> {
    const item = await this.table.get(entryKey(channelId, uid));
    return item && entryOf(item);
  }

  async putEntry(channelId: string, entry: FeedEntry): Promise<void> {
    const block = entry.kind === 'block' ? { gsi1pk: BLOCKS_BY_START, gsi1sk: `${entry.facts.start}#${channelId}#${entry.uid}`, channelId } : {};
    await callDynamo('putFeedEntry', () =>
      this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...entryKey(channelId, entry.uid), entity: 'feed-entry', ...block, ...entry } })),
    );
  }

  async deleteEntry(channelId: string, uid: string): Promise<void> {
    await this.table.deleteMany([entryKey(channelId, uid)]);
  }

  async blocksAround(range: InstantRange): Promise<BoatBlock[]> {
    const from = new Date(Date.parse(range.from) - LONGEST_BLOCK_MS).toISOString();
    const blocks: BoatBlock[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.table.queryIndex(BLOCKS_BY_START, { limit: 100, ...(cursor ? { cursor } : {}) }, { from, to: `${range.to}\uffff` });
      for (const item of page.items) {
        const entry = entryOf(item);
        if (entry.facts.end > range.from && entry.facts.start < range.to) {
          blocks.push({ channelId: item.channelId as string, uid: entry.uid, boat: entry.boat, start: entry.facts.start, end: entry.facts.end, summary: entry.summary });
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return blocks;
  }

}

function channelOf(item: StoredItem): ChannelRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, entity: _e, lease: _l, ...rest } = item;
  return { ...(rest as unknown as ChannelRecord), sync: (item.sync as ChannelSyncState | undefined) ?? {} };
}

function entryOf(item: StoredItem): FeedEntry {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, entity: _e, channelId: _c, version: _v, ...rest } = item;
  return rest as unknown as FeedEntry;
}
