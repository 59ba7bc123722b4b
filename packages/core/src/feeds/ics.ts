import { createHash } from 'node:crypto';
import { ICalCalendar, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import type { BookingRecord } from '../booking/schema';
import type { BoatBlock } from '../channels/channel-schema';
import type { CrewEvent } from '../schemas/event';

/**
 * Outgoing iCalendar: records in, RFC 5545 text out. Everything a feed shows is picked here
 * field by field (an allow-list), so money, guest names and contact details cannot reach a
 * feed by being on the record.
 */

const UID_DOMAIN = 'shipcaptaincrew';
const PROD_ID = { company: 'ShipCaptainCrew', product: 'SCC feeds', language: 'EN' };
/** How often subscribers are asked to refresh (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
const REFRESH_SECONDS = 15 * 60;

export const BUSY_SUMMARY = 'Busy — SCC';

/** One stretch of busy time of a boat, as a marketplace's calendar import sees it. */
export interface BusyBlock {
  /** Stable across fetches, so an importer moves the block instead of adding another. */
  uid: string;
  start: string;
  end: string;
  /** Increases whenever the block moves. */
  sequence: number;
  /** When it last changed (DTSTAMP, LAST-MODIFIED); the feed's own time when unknown. */
  updatedAt?: string;
}

/** One trip in a crew member's feed, already reduced to what they may see. */
export interface CrewFeedEntry {
  uid: string;
  sequence: number;
  start: string;
  end: string;
  summary: string;
  location: string;
  description: string;
  cancelled: boolean;
  updatedAt: string;
}

export const uidOf = (id: string) => `${id}@${UID_DOMAIN}`;

const sameBoat = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The booking part of a boat's busy time: every live booking of the boat, trip time only (no
 * turnaround: each marketplace adds its own buffer).
 *
 * Trips imported from a marketplace are included in the feed that goes back to that same
 * marketplace, on purpose: there is one URL per boat, a marketplace importing busy time over
 * a slot it booked itself only marks an already-taken slot unavailable, and leaving the trip
 * out would open a gap the moment SCC moves it to other times.
 */
export function bookingBusyBlocks(bookings: readonly BookingRecord[], boat: string): BusyBlock[] {
  return bookings
    .filter((b) => b.status !== 'cancelled' && sameBoat(b.request.boat, boat))
    .map((b) => ({ uid: uidOf(b.bookingId), start: b.request.start, end: b.request.end, sequence: b.version, updatedAt: b.updatedAt }));
}

/**
 * A boat's busy-time feed. `busy` is every block to publish: the bookings' part
 * (`bookingBusyBlocks`) and, later, blocks from elsewhere (other marketplaces' imports).
 */
export function renderBusyFeed(boat: string, busy: readonly BusyBlock[], now: Date): string {
  const calendar = new ICalCalendar({ prodId: PROD_ID, name: `${boat} — busy (SCC)`, ttl: REFRESH_SECONDS });
  for (const block of [...busy].sort(byStart)) {
    const stamp = block.updatedAt ? new Date(block.updatedAt) : now;
    calendar.createEvent({
      id: block.uid,
      sequence: block.sequence,
      start: new Date(block.start),
      end: new Date(block.end),
      stamp,
      lastModified: stamp,
      summary: BUSY_SUMMARY,
      transparency: ICalEventTransparency.OPAQUE,
      status: ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}

/**
 * What one crew member sees of one trip in their calendar: title, time, meeting point, their
 * role, the guest count and their crew page. Never notes or the party's name (notes are free
 * text that may name guests; a calendar is synced to places a crew page is not).
 */
export function crewFeedEntry(event: CrewEvent, crewId: string, crewPageUrl: string | undefined): CrewFeedEntry {
  const role = event.crew.find((a) => a.crewId === crewId)?.role ?? 'crew';
  const lines = [
    `Role: ${role}`,
    `Boat: ${event.boat}`,
    `Guests: ${event.guestCount}`,
    ...(crewPageUrl ? [`Crew page: ${crewPageUrl}`] : []),
  ];
  return {
    uid: uidOf(event.eventId),
    sequence: event.version,
    start: event.start,
    end: event.end,
    summary: event.title,
    location: event.meetingPoint,
    description: lines.join('\n'),
    cancelled: event.cancelled === true,
    updatedAt: event.updatedAt,
  };
}

/** A crew member's trips. Cancelled ones stay, marked so, so phone calendars remove them. */
export function renderCrewFeed(name: string, entries: readonly CrewFeedEntry[]): string {
  const calendar = new ICalCalendar({ prodId: PROD_ID, name: `SCC trips — ${name}`, ttl: REFRESH_SECONDS });
  for (const entry of [...entries].sort(byStart)) addCrewEntry(calendar, entry);
  return calendar.toString();
}

/** One trip as a crew member's calendar shows it, in their feed or as a file of its own. */
export function addCrewEntry(calendar: ICalCalendar, entry: CrewFeedEntry): void {
  const stamp = new Date(entry.updatedAt);
  calendar.createEvent({
    id: entry.uid,
    sequence: entry.sequence,
    start: new Date(entry.start),
    end: new Date(entry.end),
    stamp,
    lastModified: stamp,
    summary: entry.summary,
    location: entry.location,
    description: entry.description,
    status: entry.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    transparency: entry.cancelled ? ICalEventTransparency.TRANSPARENT : ICalEventTransparency.OPAQUE,
  });
}

function byStart(a: { start: string; uid: string }, b: { start: string; uid: string }): number {
  return Date.parse(a.start) - Date.parse(b.start) || a.uid.localeCompare(b.uid);
}

/**
 * The owners' marketplace blocks of a boat, as busy time. A moved block is a new UID (the
 * start and end are part of it), so an importer drops the old stretch and adds the new one.
 */
export function busyOfBlocks(blocks: readonly BoatBlock[], boat: string): BusyBlock[] {
  return blocks
    .filter((b) => sameBoat(b.boat, boat))
    .map((b) => ({
      uid: uidOf(`block-${createHash('sha256').update(`${b.channelId}\n${b.uid}\n${b.start}\n${b.end}`).digest('hex').slice(0, 24)}`),
      start: b.start,
      end: b.end,
      sequence: 0,
    }));
}
