import type { BookingService } from '../booking/booking-service';
import { deriveBookingId } from '../booking/ids';
import { NotFoundError, SccError } from '../errors';
import { newId } from '../ids';
import type { Clock } from '../ports';
import { withVersionRetry } from '../services/version-retry';
import type { ChannelRepository } from './channel-repository';
import type { ChannelRecord, ChannelSyncState, FeedEntry, SyncCounts, SyncProblem } from './channel-schema';
import { bookingFromEvent, externalIdOf, factsOf, fingerprintOf, patchFromFeed } from './feed-booking';
import { type FeedEvent, FeedFetchError, type FeedFetcher, FeedParseError, type ParsedFeed } from './feed';

/** A feed event with no end, on a channel without a trip length: it cannot become a booking. */
export class FeedEventWithoutEndError extends SccError {
  readonly code = 'feed_event_without_end';
}

export type FeedParser = (text: string, options: { source: string; timezone: string; now: Date }) => ParsedFeed;

export interface ChannelSyncDependencies {
  channels: ChannelRepository;
  bookings: BookingService;
  fetcher: FeedFetcher;
  parse: FeedParser;
  clock: Clock;
  /** How long one sync may hold its channel; a crashed sync frees it after this. */
  leaseMs?: number;
}

export type SyncOutcome =
  | { status: 'synced'; counts: SyncCounts; problems: SyncProblem[]; notModified: boolean }
  | { status: 'failed'; failure: string; message: string }
  | { status: 'busy' };

const DEFAULT_LEASE_MS = 5 * 60_000;
/** The console lists this many problems; the counts say how many there were. */
const MAX_PROBLEMS = 50;
/**
 * Events applied at once: a first sync of a busy feed creates hundreds of bookings, each
 * waiting mostly on its own systems; more at once would crowd the email and calendar quotas.
 */
const CONCURRENT_EVENTS = 6;

const emptyCounts = (): SyncCounts => ({ created: 0, changed: 0, missing: 0, unchanged: 0, blocks: 0, ignored: 0, skipped: 0 });

/**
 * Brings SCC's bookings to what a channel's feed says, by UID: new events become bookings,
 * changed ones change them, vanished or cancelled future trips are flagged for the operator
 * (never cancelled silently), owner blocks become boat blocks. A feed that cannot be fetched
 * or read changes nothing and is recorded on the channel.
 */
export class ChannelSync {
  private readonly leaseMs: number;

  constructor(private readonly deps: ChannelSyncDependencies) {
    this.leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /** Every enabled channel, one after another (feeds are small; marketplaces rate-limit). */
  async syncAll(): Promise<Record<string, SyncOutcome>> {
    const outcomes: Record<string, SyncOutcome> = {};
    for (const channel of await this.deps.channels.list()) {
      if (channel.enabled) outcomes[channel.channelId] = await this.sync(channel.channelId);
    }
    return outcomes;
  }

  async sync(channelId: string): Promise<SyncOutcome> {
    const { channels, clock } = this.deps;
    const startedAt = clock();
    const holder = newId('sync');
    if (!(await channels.acquireLease(channelId, holder, startedAt, new Date(startedAt.getTime() + this.leaseMs)))) {
      if (!(await channels.get(channelId))) throw new NotFoundError(`No channel ${channelId}`, { details: { channelId } });
      return { status: 'busy' };
    }
    try {
      const channel = await channels.get(channelId);
      if (!channel) throw new NotFoundError(`No channel ${channelId}`, { details: { channelId } });
      return await this.syncHeld(channel, startedAt);
    } finally {
      await channels.releaseLease(channelId, holder);
    }
  }

  private async syncHeld(channel: ChannelRecord, startedAt: Date): Promise<SyncOutcome> {
    const attempt: ChannelSyncState = { ...channel.sync, lastAttemptAt: startedAt.toISOString() };
    let parsed: ParsedFeed | undefined;
    try {
      const fetched = await this.deps.fetcher.fetch(channel.url, {
        ...(channel.sync.etag ? { etag: channel.sync.etag } : {}),
        ...(channel.sync.lastModified ? { lastModified: channel.sync.lastModified } : {}),
      });
      if (fetched.kind === 'fetched') {
        parsed = this.deps.parse(fetched.body, { source: channel.source, timezone: channel.defaults.timezone, now: startedAt });
        attempt.etag = fetched.etag;
        attempt.lastModified = fetched.lastModified;
      }
    } catch (error) {
      if (!(error instanceof FeedFetchError || error instanceof FeedParseError)) throw error;
      const failure = error instanceof FeedFetchError ? error.failure : 'not_calendar';
      const { lastError: _, ...rest } = attempt;
      await this.deps.channels.recordSync(channel.channelId, {
        ...rest,
        lastError: { failure, message: error.message, at: startedAt.toISOString() },
        durationMs: this.deps.clock().getTime() - startedAt.getTime(),
      });
      return { status: 'failed', failure, message: error.message };
    }
    const { counts, problems } = parsed ? await this.reconcile(channel, parsed, startedAt) : { counts: emptyCounts(), problems: [] };
    const { lastError: _, ...rest } = attempt;
    await this.deps.channels.recordSync(channel.channelId, {
      ...rest,
      lastSuccessAt: startedAt.toISOString(),
      // A 304 leaves the last counts standing: they describe the feed as it still is.
      ...(parsed ? { counts, problems: problems.slice(0, MAX_PROBLEMS) } : {}),
      durationMs: this.deps.clock().getTime() - startedAt.getTime(),
    });
    return { status: 'synced', counts, problems, notModified: !parsed };
  }

  private async reconcile(channel: ChannelRecord, feed: ParsedFeed, now: Date): Promise<{ counts: SyncCounts; problems: SyncProblem[] }> {
    const counts = emptyCounts();
    const problems: SyncProblem[] = feed.skipped.map((s) => ({ ...(s.uid ? { uid: s.uid } : {}), reason: s.reason }));
    counts.skipped = problems.length;
    const entries = new Map((await this.deps.channels.listEntries(channel.channelId)).map((e) => [e.uid, e]));
    const seen = new Set(feed.events.map((event) => event.uid));
    await eachAtMost(CONCURRENT_EVENTS, feed.events, async (event) => {
      try {
        const outcome = await this.apply(channel, event, entries.get(event.uid), now);
        counts[outcome]++;
      } catch (error) {
        // One event the booking rules refuse (an unknown crew member in the defaults, say)
        // must not stop the rest of the feed; it is tried again next sync.
        if (!(error instanceof SccError)) throw error;
        counts.skipped++;
        problems.push({ uid: event.uid, reason: error.message });
      }
    });
    for (const entry of entries.values()) {
      if (seen.has(entry.uid)) continue;
      if (entry.kind === 'block') await this.deps.channels.deleteEntry(channel.channelId, entry.uid);
      else if (await this.flag(channel, entry, 'missing', now)) counts.missing++;
    }
    return { counts, problems };
  }

  private async apply(channel: ChannelRecord, event: FeedEvent, entry: FeedEntry | undefined, now: Date): Promise<keyof SyncCounts> {
    if (event.kind === 'own-export') return 'ignored';
    const past = Date.parse(event.end) <= now.getTime();
    const fingerprint = fingerprintOf(event);
    if (event.kind === 'block') {
      if (past || event.noEnd) return 'ignored';
      // A block kept before and unchanged since needs no look at the trips again.
      if (entry?.fingerprint === fingerprint) return 'blocks';
      if (await this.echoesOwnTrip(channel, event)) return 'ignored';
      await this.save(channel, event, { kind: 'block', fingerprint }, now);
      return 'blocks';
    }
    if (past && !entry) return 'ignored';
    if (event.noEnd && !channel.defaults.durationMinutes) {
      throw new FeedEventWithoutEndError('The event has no end time; set the channel’s trip length to import such events', { details: { uid: event.uid } });
    }
    if (event.status === 'cancelled') {
      if (!entry || past) return 'ignored';
      return (await this.flag(channel, entry, 'cancelled', now)) ? 'missing' : 'unchanged';
    }
    if (!entry) return this.create(channel, event, fingerprint, now);
    if (entry.fingerprint === fingerprint && !entry.alert) return 'unchanged';
    return this.follow(channel, event, entry, fingerprint, now);
  }

  private async create(channel: ChannelRecord, event: FeedEvent, fingerprint: string, now: Date): Promise<'created' | 'unchanged'> {
    const { submission, imported } = bookingFromEvent(event, channel);
    const outcome = await this.deps.bookings.upsert(submission, 'sync', imported);
    await this.save(channel, event, { kind: 'booking', fingerprint, bookingId: outcome.result.bookingId }, now);
    // A booking that exists already (a crash after its write, or a second channel on the same
    // feed) is not created twice.
    return outcome.kind === 'created' ? 'created' : 'unchanged';
  }

  /** A known event that changed, or came back after an alert. */
  private async follow(channel: ChannelRecord, event: FeedEvent, entry: FeedEntry, fingerprint: string, now: Date): Promise<'changed' | 'unchanged' | 'ignored'> {
    const bookingId = entry.bookingId ?? deriveBookingId(channel.source, externalIdOf(event.uid));
    let changed = false;
    const result = await withVersionRetry(undefined, async () => {
      const booking = await this.deps.bookings.get(bookingId);
      // The operator cancelled it: a feed never brings a trip back on its own.
      if (booking.status === 'cancelled') return 'ignored' as const;
      if (entry.alert && booking.feedAlert) await this.deps.bookings.setFeedAlert(bookingId, undefined);
      const patch = Date.parse(booking.request.end) > now.getTime() ? patchFromFeed(entry.facts, event, booking, channel) : undefined;
      if (patch) {
        const outcome = await this.deps.bookings.change(bookingId, patch, { actor: 'sync', expectedVersion: booking.version, allowConflicts: true });
        changed = outcome.kind === 'changed';
      }
      return changed ? ('changed' as const) : ('unchanged' as const);
    });
    const { alert: _, kept: _k, ...rest } = entry;
    await this.deps.channels.putEntry(channel.channelId, { ...rest, fingerprint, facts: factsOf(event), summary: event.summary, boat: channel.boat, seenAt: now.toISOString() });
    return result;
  }

  /**
   * A marketplace that imported SCC's boat feed may publish those busy times back as its own
   * blocks ("Not available"). A block exactly on one of SCC's live trips of the boat is that
   * echo, not the owner's block: kept, it would stand in the way of moving that very trip.
   */
  private async echoesOwnTrip(channel: ChannelRecord, event: FeedEvent): Promise<boolean> {
    const start = Date.parse(event.start);
    const end = Date.parse(event.end);
    const page = await this.deps.bookings.list({ from: event.start, to: new Date(start + 1).toISOString() }, { limit: 100 });
    return page.items.some(
      (b) =>
        b.status !== 'cancelled' &&
        b.request.boat.trim().toLowerCase() === channel.boat.trim().toLowerCase() &&
        Date.parse(b.request.start) === start &&
        Date.parse(b.request.end) === end,
    );
  }

  /** Raises the operator's alert for a future trip the feed lost or cancelled, once. */
  private async flag(channel: ChannelRecord, entry: FeedEntry, kind: 'missing' | 'cancelled', now: Date): Promise<boolean> {
    if (!entry.bookingId || entry.kept || entry.alert === kind) return false;
    if (Date.parse(entry.facts.end) <= now.getTime()) return false;
    const booking = await this.deps.bookings.get(entry.bookingId).catch((error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    });
    if (!booking || booking.status === 'cancelled' || Date.parse(booking.request.end) <= now.getTime()) return false;
    await this.deps.bookings.setFeedAlert(entry.bookingId, { kind, channelId: channel.channelId, since: now.toISOString() });
    await this.deps.channels.putEntry(channel.channelId, { ...entry, alert: kind });
    return true;
  }

  private async save(
    channel: ChannelRecord,
    event: FeedEvent,
    fields: Pick<FeedEntry, 'kind' | 'fingerprint'> & { bookingId?: string },
    now: Date,
  ): Promise<void> {
    await this.deps.channels.putEntry(channel.channelId, {
      uid: event.uid,
      ...fields,
      facts: factsOf(event),
      boat: channel.boat,
      summary: event.summary,
      seenAt: now.toISOString(),
    });
  }

  /**
   * The operator's answer to an alert: keep the trip (the feed losing it is the marketplace's
   * mistake) or confirm the cancellation, which cancels it everywhere with reason `marketplace`.
   */
  async resolveAlert(bookingId: string, answer: 'keep' | 'cancel'): Promise<void> {
    const booking = await this.deps.bookings.get(bookingId);
    const alert = booking.feedAlert;
    if (!alert) return;
    const entry = booking.origin && (await this.deps.channels.getEntry(alert.channelId, booking.origin.uid));
    if (answer === 'cancel' && booking.status !== 'cancelled') {
      const channel = await this.deps.channels.get(alert.channelId);
      const where = channel ? `the ${channel.name} feed` : 'its channel’s feed';
      await this.deps.bookings.cancel(bookingId, {
        reason: 'marketplace',
        note: alert.kind === 'missing' ? `No longer in ${where}` : `Cancelled in ${where}`,
      }, { actor: 'console' });
    }
    await this.deps.bookings.setFeedAlert(bookingId, undefined);
    if (entry) await this.deps.channels.putEntry(alert.channelId, { ...entry, ...(answer === 'keep' ? { kept: true } : {}) });
  }
}

/** Runs `work` on every item, at most `limit` at a time; the first unexpected error stops it. */
async function eachAtMost<T>(limit: number, items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
