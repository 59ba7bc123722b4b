import type { BoatBlock } from '../channels/channel-schema';
import type { InstantRange } from '../schemas/paging';
import type { BookingRepository, OperatorSettings } from './repository';
import type { BookingRecord } from './schema';

/** Trips longer than this are not looked back for; a charter is hours, at most days. */
export const LONGEST_TRIP_MS = 14 * 24 * 60 * 60 * 1000;
const MINUTE = 60_000;

/** Where the conflict check finds the owners' marketplace blocks. */
export interface BoatBlockSource {
  blocksAround(range: InstantRange): Promise<BoatBlock[]>;
}

/** `block`: the owner made the boat unavailable on a marketplace (`bookingId` is then empty). */
export interface Conflict {
  kind: 'boat' | 'crew' | 'block';
  bookingId: string;
  title: string;
  start: string;
  end: string;
  boat?: string;
  crewId?: string;
  /** For a block: the channel whose feed holds it. */
  channelId?: string;
  /** When the two trips (with the boat's turnaround) overlap. */
  overlap: { start: string; end: string };
}

/** The part of a booking that can clash with another: when, which boat, who. */
export type Candidate = Pick<BookingRecord, 'bookingId' | 'request' | 'status'>;

const sameBoat = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function turnaroundMs(settings: OperatorSettings, boat: string): number {
  const { boats } = settings.turnaroundMinutes;
  const entry = Object.entries(boats).find(([name]) => sameBoat(name, boat));
  return (entry?.[1] ?? settings.turnaroundMinutes.default) * MINUTE;
}

/**
 * Other live bookings that put the same boat (with its turnaround between trips) or the same
 * person on overlapping time. Cancelled trips never conflict, and a cancelled candidate has
 * nothing to conflict with.
 */
export async function findConflicts(
  bookings: BookingRepository,
  settings: OperatorSettings,
  candidate: Candidate,
  blockSource?: BoatBlockSource,
): Promise<Conflict[]> {
  if (candidate.status === 'cancelled') return [];
  const start = Date.parse(candidate.request.start);
  const end = Date.parse(candidate.request.end);
  const buffer = turnaroundMs(settings, candidate.request.boat);
  const around = { from: new Date(start - LONGEST_TRIP_MS - buffer).toISOString(), to: new Date(end + buffer).toISOString() };
  const [others, blocks] = await Promise.all([
    bookingsAround(bookings, start - LONGEST_TRIP_MS - buffer, end + buffer),
    blockSource ? blockSource.blocksAround(around) : Promise.resolve([]),
  ]);
  const blocked = blocks.flatMap((block): Conflict[] => {
    const blockStart = Date.parse(block.start);
    const blockEnd = Date.parse(block.end);
    if (!sameBoat(block.boat, candidate.request.boat) || !(blockStart < end && start < blockEnd)) return [];
    const { channelId, boat, summary: title } = block;
    return [{ kind: 'block', bookingId: '', title, start: block.start, end: block.end, boat, channelId, overlap: overlap(start, end, blockStart, blockEnd) }];
  });
  const crew = new Set(candidate.request.crew.map((a) => a.crewId));
  return blocked.concat(others.flatMap((other): Conflict[] => {
    if (other.bookingId === candidate.bookingId || other.status === 'cancelled') return [];
    const otherStart = Date.parse(other.request.start);
    const otherEnd = Date.parse(other.request.end);
    const found: Conflict[] = [];
    const base = { bookingId: other.bookingId, title: other.request.title, start: other.request.start, end: other.request.end };
    if (sameBoat(other.request.boat, candidate.request.boat) && otherStart < end + buffer && start < otherEnd + buffer) {
      found.push({ kind: 'boat', ...base, boat: other.request.boat, overlap: overlap(start - buffer, end + buffer, otherStart, otherEnd) });
    }
    if (otherStart < end && start < otherEnd) {
      for (const { crewId } of other.request.crew) {
        if (crew.has(crewId)) found.push({ kind: 'crew', ...base, crewId, overlap: overlap(start, end, otherStart, otherEnd) });
      }
    }
    return found;
  }));
}

function overlap(aStart: number, aEnd: number, bStart: number, bEnd: number) {
  return { start: new Date(Math.max(aStart, bStart)).toISOString(), end: new Date(Math.min(aEnd, bEnd)).toISOString() };
}

async function bookingsAround(bookings: BookingRepository, from: number, to: number): Promise<BookingRecord[]> {
  const range = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  const all: BookingRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await bookings.listByStart(range, { limit: 100, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}
