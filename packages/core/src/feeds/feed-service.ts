import { crewLinkExpiry } from '../booking/crew-notices';
import type { BookingRepository } from '../booking/repository';
import type { BookingRecord } from '../booking/schema';
import { NotFoundError, ValidationError } from '../errors';
import type { Clock, CrewRepository, EventRepository } from '../ports';
import type { CrewMember } from '../schemas/crew';
import type { CrewEvent } from '../schemas/event';
import type { InstantRange, Page, PageRequest } from '../schemas/paging';
import { type BusyBlock, bookingBusyBlocks, crewFeedEntry, renderBusyFeed, renderCrewFeed } from './ics';
import { feedIdOf, type FeedKeyRepository, type FeedKeySigner, type FeedKind, type FeedRef } from './ports';

/**
 * A feed that cannot be served: no such boat or crew member, or a missing, wrong or rotated
 * key. One error, one message for all of them, so a caller cannot tell a real feed with a
 * wrong key from no feed at all.
 */
export class FeedNotFoundError extends NotFoundError {
  constructor(options: { cause?: unknown } = {}) {
    super('No such feed', options);
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Feeds reach back a month (a trip just done is still worth seeing) and 18 months ahead. */
export const FEED_PAST_DAYS = 30;
export const FEED_AHEAD_MONTHS = 18;

export function feedWindow(now: Date): InstantRange {
  const to = new Date(now);
  to.setUTCMonth(to.getUTCMonth() + FEED_AHEAD_MONTHS);
  return { from: new Date(now.getTime() - FEED_PAST_DAYS * DAY_MS).toISOString(), to: to.toISOString() };
}

export interface FeedLinks {
  /** The public URL of a feed; `name` is what the path shows (a boat's name as written). */
  feedUrl(kind: FeedKind, name: string, key: string): string;
  crewPageUrl(eventId: string, crewId: string, expiresAt: Date, generation?: number): Promise<string>;
}

export interface FeedDependencies {
  bookings: Pick<BookingRepository, 'listByStart'>;
  events: Pick<EventRepository, 'listByStart'>;
  crew: Pick<CrewRepository, 'get' | 'list'>;
  feedKeys: FeedKeyRepository;
  signer: FeedKeySigner;
  links: FeedLinks;
  clock: Clock;
  /**
   * Extension point for the boat feed: busy time that does not come from SCC's bookings,
   * such as blocks imported from other marketplaces. Added to the bookings' blocks as they
   * are; their uids must not collide with `<bookingId>@shipcaptaincrew`.
   */
  otherBusy?: (boat: string, window: InstantRange) => Promise<BusyBlock[]>;
}

export interface FeedList {
  boats: { boat: string; url: string }[];
  crew: { crewId: string; name: string; url: string }[];
}

/** The outgoing iCalendar feeds: a boat's busy time, a crew member's trips, and their keys. */
export class FeedService {
  constructor(private readonly deps: FeedDependencies) {}

  async boatFeed(boat: string, key: string | undefined): Promise<string> {
    const name = boat.trim();
    // The key is an HMAC over the boat, so only boats SCC handed a URL out for pass: a boat
    // whose trips are all past answers an empty calendar (the marketplace frees its dates)
    // rather than an error.
    if (!name) throw new FeedNotFoundError();
    await this.admit({ kind: 'boat', id: feedIdOf('boat', name) }, key);
    const window = feedWindow(this.deps.clock());
    const [bookings, other] = await Promise.all([
      this.bookingsIn(window),
      this.deps.otherBusy ? this.deps.otherBusy(name, window) : Promise.resolve([]),
    ]);
    return renderBusyFeed(name, [...bookingBusyBlocks(bookings, name), ...other], this.deps.clock());
  }

  async crewFeed(crewId: string, key: string | undefined): Promise<string> {
    await this.admit({ kind: 'crew', id: crewId }, key);
    const member = await this.activeMember(crewId);
    const now = this.deps.clock();
    const events = (await all((page) => this.deps.events.listByStart(feedWindow(now), page))).filter((e) =>
      e.crew.some((a) => a.crewId === crewId),
    );
    const entries = await Promise.all(
      events.map(async (event) => crewFeedEntry(event, crewId, await this.crewPageUrl(event, crewId, now))),
    );
    return renderCrewFeed(member.name, entries);
  }

  /** The person's feed URL for their current key (the crew page offers it). */
  async crewFeedUrl(crewId: string): Promise<string> {
    return this.urlOf({ kind: 'crew', id: crewId }, crewId, await this.generationOf({ kind: 'crew', id: crewId }));
  }

  /**
   * Every feed's URL: boats with trips in the feed window or a rotated key, and the active
   * roster. Admin-only: the answer holds working keys.
   */
  async list(): Promise<FeedList> {
    const [bookings, rotated, roster] = await Promise.all([
      this.bookingsIn(feedWindow(this.deps.clock())),
      this.deps.feedKeys.list(),
      all((page) => this.deps.crew.list(page)),
    ]);
    const generations = new Map(rotated.map((r) => [`${r.kind}#${r.id}`, r.generation]));
    // A boat is shown as its trips spell it; a rotated boat without trips, as it was rotated.
    const boats = new Map<string, string>();
    for (const b of bookings) {
      const id = feedIdOf('boat', b.request.boat);
      if (!boats.has(id)) boats.set(id, b.request.boat.trim());
    }
    for (const r of rotated) if (r.kind === 'boat' && !boats.has(r.id)) boats.set(r.id, r.name);
    return {
      boats: [...boats]
        .map(([id, boat]) => ({ boat, url: this.urlOf({ kind: 'boat', id }, boat, generations.get(`boat#${id}`) ?? 1) }))
        .sort((a, b) => a.boat.localeCompare(b.boat)),
      crew: roster
        .filter((m) => m.active)
        .map((m) => ({ crewId: m.crewId, name: m.name, url: this.urlOf({ kind: 'crew', id: m.crewId }, m.crewId, generations.get(`crew#${m.crewId}`) ?? 1) })),
    };
  }

  /** A new key for one feed; the old URL stops working at once. */
  async rotate(kind: FeedKind, name: string): Promise<{ url: string }> {
    const shown = kind === 'boat' ? name.trim() : name;
    if (!shown) throw new ValidationError('Name the boat whose feed key to rotate');
    if (kind === 'crew') await this.member(name);
    const record = await this.deps.feedKeys.rotate({ kind, id: feedIdOf(kind, shown) }, shown, this.deps.clock());
    return { url: this.urlOf(record, shown, record.generation) };
  }

  private async admit(feed: FeedRef, key: string | undefined): Promise<void> {
    if (!key) throw new FeedNotFoundError();
    const generation = await this.generationOf(feed);
    if (!this.deps.signer.matches(feed, generation, key)) throw new FeedNotFoundError();
  }

  private async generationOf(feed: FeedRef): Promise<number> {
    return (await this.deps.feedKeys.get(feed))?.generation ?? 1;
  }

  private urlOf(feed: FeedRef, name: string, generation: number): string {
    return this.deps.links.feedUrl(feed.kind, name, this.deps.signer.keyFor(feed, generation));
  }

  private async member(crewId: string): Promise<CrewMember> {
    const member = await this.deps.crew.get(crewId);
    if (!member) throw new NotFoundError(`No crew member ${crewId}`, { details: { crewId } });
    return member;
  }

  /** A deactivated member's feed stops with their access to everything else. */
  private async activeMember(crewId: string): Promise<CrewMember> {
    const member = await this.deps.crew.get(crewId);
    if (!member?.active) throw new FeedNotFoundError();
    return member;
  }

  /**
   * The crew page link for a trip, for the person's current link generation only (a reissued
   * or removed link stays revoked), with the expiry the crew-link service uses. None for a
   * cancelled trip (nothing to do there) or once the link would already have expired.
   */
  private async crewPageUrl(event: CrewEvent, crewId: string, now: Date): Promise<string | undefined> {
    if (event.cancelled) return undefined;
    const expiresAt = crewLinkExpiry(event.end);
    if (expiresAt.getTime() <= now.getTime()) return undefined;
    return this.deps.links.crewPageUrl(event.eventId, crewId, expiresAt, event.linkGenerations?.[crewId] ?? 1);
  }

  private bookingsIn(window: InstantRange): Promise<BookingRecord[]> {
    return all((page) => this.deps.bookings.listByStart(window, page));
  }
}

async function all<T>(list: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit: 100, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

