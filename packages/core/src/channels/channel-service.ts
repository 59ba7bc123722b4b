import { NotFoundError } from '../errors';
import { newId } from '../ids';
import type { Clock } from '../ports';
import type { ChannelRepository } from './channel-repository';
import { type ChannelCreate, type ChannelPatch, type ChannelRecord, type ChannelView, channelView } from './channel-schema';

/** The operator's channels: added, changed, removed; every answer hides the feed URL. */
export class ChannelService {
  constructor(
    private readonly channels: ChannelRepository,
    private readonly clock: Clock,
  ) {}

  async create(input: ChannelCreate): Promise<ChannelView> {
    const now = this.clock().toISOString();
    const record: ChannelRecord = { ...input, channelId: newId('ch'), sync: {}, version: 1, createdAt: now, updatedAt: now };
    await this.channels.create(record);
    return channelView(record);
  }

  async list(): Promise<ChannelView[]> {
    const all = await this.channels.list();
    return all.sort((a, b) => a.name.localeCompare(b.name)).map(channelView);
  }

  async get(channelId: string): Promise<ChannelView> {
    return channelView(await this.record(channelId));
  }

  async update(channelId: string, patch: ChannelPatch, expectedVersion?: number): Promise<ChannelView> {
    const current = await this.record(channelId);
    // A new address is a new feed: the old server's validators mean nothing for it.
    const { etag: _e, lastModified: _l, ...unvalidated } = current.sync;
    const next: ChannelRecord = {
      ...current,
      ...patch,
      ...(patch.url && patch.url !== current.url ? { sync: unvalidated } : {}),
      version: current.version + 1,
      updatedAt: this.clock().toISOString(),
    };
    await this.channels.replace(next, expectedVersion ?? current.version);
    return channelView(next);
  }

  /** The channel and its entries go; the bookings it created stay, as bookings. */
  async delete(channelId: string): Promise<void> {
    await this.record(channelId);
    await this.channels.delete(channelId);
  }

  private async record(channelId: string): Promise<ChannelRecord> {
    const record = await this.channels.get(channelId);
    if (!record) throw new NotFoundError(`No channel ${channelId}`, { details: { channelId } });
    return record;
  }
}
