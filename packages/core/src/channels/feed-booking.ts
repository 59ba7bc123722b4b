import { createHash } from 'node:crypto';
import { canonicalJson } from '../booking/canonical';
import type { ImportedBooking } from '../booking/booking-service';
import type { BookingPatch, BookingRecord, Guest, IncomingBooking, NeededDetail } from '../booking/schema';
import type { ChannelRecord, FeedFacts } from './channel-schema';
import type { FeedEvent } from './feed';

const EXTERNAL_ID = /^[\x21-\x7e]{1,128}$/;

/** The booking's `externalId` for a feed UID: the UID itself when it fits, else a stable hash. */
export function externalIdOf(uid: string): string {
  return EXTERNAL_ID.test(uid) ? uid : `uid-${createHash('sha256').update(uid).digest('hex').slice(0, 40)}`;
}

export function factsOf(event: FeedEvent): FeedFacts {
  return { start: event.start, end: event.end, location: event.location, status: event.status, ...(event.guest ? { guest: event.guest } : {}) };
}

/** What decides whether an event changed since the last sync. */
export function fingerprintOf(event: FeedEvent): string {
  const meaningful = { ...factsOf(event), summary: event.summary, kind: event.kind, allDay: event.allDay };
  return createHash('sha256').update(canonicalJson(meaningful)).digest('hex').slice(0, 32);
}

/** An event without an end gets the channel's usual trip length. */
function endOf(event: FeedEvent, channel: ChannelRecord): string {
  if (!event.noEnd || !channel.defaults.durationMinutes) return event.end;
  return new Date(Date.parse(event.start) + channel.defaults.durationMinutes * 60_000).toISOString();
}

function guestOf(event: FeedEvent, channel: ChannelRecord): Guest {
  const found = event.guest ?? {};
  return {
    name: found.name ?? `${channel.name} guest`,
    count: found.count ?? 1,
    ...(found.email ? { email: found.email } : {}),
    ...(found.phone ? { phone: found.phone } : {}),
  };
}

/**
 * A new booking from a feed event: the channel's defaults, and what the event carries. Feeds
 * carry no money, so a feed's booking always needs its finance; crew and guest details too
 * when neither the defaults nor the event give them.
 */
export function bookingFromEvent(event: FeedEvent, channel: ChannelRecord): { submission: IncomingBooking; imported: ImportedBooking } {
  const { defaults } = channel;
  const submission: IncomingBooking = {
    source: channel.source,
    externalId: externalIdOf(event.uid),
    // Guests see the title on their page: the boat, never the marketplace's summary (which
    // often holds the guest's name).
    title: `${channel.boat} charter`,
    start: event.start,
    end: endOf(event, channel),
    timezone: defaults.timezone,
    boat: channel.boat,
    meetingPoint: event.location.trim() || defaults.meetingPoint,
    guest: guestOf(event, channel),
    notes: '',
    ...(defaults.whatToBring ? { whatToBring: defaults.whatToBring } : {}),
    crew: defaults.crew,
    crewTasks: defaults.crewTasks,
    // The marketplace already sold this slot: SCC records a clash and shows it, it cannot refuse it.
    allowConflicts: true,
  };
  const needsDetails: NeededDetail[] = [
    ...(defaults.crew.length === 0 ? (['crew'] as const) : []),
    'finance',
    ...(!event.guest?.name || !event.guest.count ? (['guest'] as const) : []),
  ];
  return { submission, imported: { origin: { channelId: channel.channelId, uid: event.uid }, needsDetails } };
}

/**
 * The change a moved or edited event makes: only what the feed said differently from the
 * last time, so the operator's own edits (crew, notes, a corrected guest count) survive.
 */
export function patchFromFeed(before: FeedFacts, event: FeedEvent, booking: BookingRecord, channel: ChannelRecord): BookingPatch | undefined {
  const patch: BookingPatch = {};
  if (event.start !== before.start) patch.start = event.start;
  if (event.end !== before.end || event.start !== before.start) patch.end = endOf(event, channel);
  if (event.location.trim() && event.location !== before.location) patch.meetingPoint = event.location.trim();
  const guest = { ...booking.request.guest };
  const now = event.guest ?? {};
  const was = before.guest ?? {};
  let guestChanged = false;
  for (const field of ['name', 'count', 'email', 'phone'] as const) {
    if (now[field] !== undefined && now[field] !== was[field] && now[field] !== guest[field]) {
      (guest as Record<string, unknown>)[field] = now[field];
      guestChanged = true;
    }
  }
  if (guestChanged) patch.guest = guest;
  if (patch.start === booking.request.start) delete patch.start;
  if (patch.end === booking.request.end) delete patch.end;
  return Object.keys(patch).length > 0 ? { ...patch, allowConflicts: true } : undefined;
}
