/** In-memory channel store with the DynamoDB store's conditions. Test support only. */
import { NotFoundError, VersionConflictError } from '../../errors';
import type { InstantRange } from '../../schemas/paging';
import type { ChannelRepository } from '../channel-repository';
import type { BoatBlock, ChannelRecord, ChannelSyncState, FeedEntry } from '../channel-schema';

const copy = <T>(value: T): T => structuredClone(value);

export class MemoryChannels implements ChannelRepository {
  readonly channels = new Map<string, ChannelRecord>();
  readonly entries = new Map<string, Map<string, FeedEntry>>();
  readonly leases = new Map<string, { holder: string; until: number }>();
  entryWrites = 0;

  async create(channel: ChannelRecord) {
    this.channels.set(channel.channelId, copy(channel));
  }
  async get(channelId: string) {
    const found = this.channels.get(channelId);
    return found && copy(found);
  }
  async list() {
    return [...this.channels.values()].map(copy);
  }
  async replace(channel: ChannelRecord, expectedVersion: number) {
    const stored = this.channels.get(channel.channelId);
    if (!stored) throw new NotFoundError('no channel');
    if (stored.version !== expectedVersion) throw new VersionConflictError('changed');
    this.channels.set(channel.channelId, copy({ ...channel, sync: stored.sync }));
  }
  async delete(channelId: string) {
    this.channels.delete(channelId);
    this.entries.delete(channelId);
  }
  async acquireLease(channelId: string, holder: string, now: Date, until: Date) {
    if (!this.channels.has(channelId)) return false;
    const lease = this.leases.get(channelId);
    if (lease && lease.until > now.getTime()) return false;
    this.leases.set(channelId, { holder, until: until.getTime() });
    return true;
  }
  async releaseLease(channelId: string, holder: string) {
    if (this.leases.get(channelId)?.holder === holder) this.leases.delete(channelId);
  }
  async recordSync(channelId: string, sync: ChannelSyncState) {
    const stored = this.channels.get(channelId);
    if (stored) stored.sync = copy(sync);
  }
  async listEntries(channelId: string) {
    return [...(this.entries.get(channelId)?.values() ?? [])].map(copy);
  }
  async getEntry(channelId: string, uid: string) {
    const found = this.entries.get(channelId)?.get(uid);
    return found && copy(found);
  }
  async putEntry(channelId: string, entry: FeedEntry) {
    this.entryWrites++;
    const entries = this.entries.get(channelId) ?? new Map<string, FeedEntry>();
    entries.set(entry.uid, copy(entry));
    this.entries.set(channelId, entries);
  }
  async deleteEntry(channelId: string, uid: string) {
    this.entries.get(channelId)?.delete(uid);
  }
  async blocksAround(range: InstantRange): Promise<BoatBlock[]> {
    return [...this.entries.entries()].flatMap(([channelId, entries]) =>
      [...entries.values()]
        .filter((e) => e.kind === 'block' && e.facts.end > range.from && e.facts.start < range.to)
        .map((e) => ({ channelId, uid: e.uid, boat: e.boat, start: e.facts.start, end: e.facts.end, summary: e.summary })),
    );
  }
}
