import type { InstantRange } from '../schemas/paging';
import type { BoatBlock, ChannelRecord, ChannelSyncState, FeedEntry } from './channel-schema';

/** Persistence of channels, their feed entries and the boat blocks those hold. */
export interface ChannelRepository {
  create(channel: ChannelRecord): Promise<void>;
  get(channelId: string): Promise<ChannelRecord | undefined>;
  list(): Promise<ChannelRecord[]>;
  /** Throws VersionConflictError when the stored version is not `expectedVersion`. */
  replace(channel: ChannelRecord, expectedVersion: number): Promise<void>;
  /** The channel and every entry of it. */
  delete(channelId: string): Promise<void>;
  /**
   * Takes the channel's sync lease for `holder` until `until`, unless another holder has an
   * unexpired one: two syncs of one channel never run at once.
   */
  acquireLease(channelId: string, holder: string, now: Date, until: Date): Promise<boolean>;
  releaseLease(channelId: string, holder: string): Promise<void>;
  /** Records a sync's outcome without touching the channel's settings or version. */
  recordSync(channelId: string, sync: ChannelSyncState): Promise<void>;
  listEntries(channelId: string): Promise<FeedEntry[]>;
  getEntry(channelId: string, uid: string): Promise<FeedEntry | undefined>;
  putEntry(channelId: string, entry: FeedEntry): Promise<void>;
  deleteEntry(channelId: string, uid: string): Promise<void>;
  /** Blocks of every channel that overlap the range. */
  blocksAround(range: InstantRange): Promise<BoatBlock[]>;
}
