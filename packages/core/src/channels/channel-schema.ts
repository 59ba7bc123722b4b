import * as z from 'zod';
import { eventFields } from '../schemas/event';
import type { FeedEvent } from './feed';

const sourceSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'Use a short lowercase source name such as "boatsetter"');

/** What a booking from this channel gets when its feed event does not say. */
export const channelDefaultsSchema = z.strictObject({
  crew: eventFields.crew.default([]),
  crewTasks: z.array(z.string().trim().min(1, 'A task needs a label').max(200)).max(100).default([]),
  meetingPoint: eventFields.meetingPoint,
  whatToBring: eventFields.whatToBring.optional(),
  /** For feeds whose events carry no end: the trip's length. */
  durationMinutes: z.int().min(15).max(14 * 24 * 60).optional(),
  /** Floating times and all-day dates in the feed are read in this zone. */
  timezone: eventFields.timezone,
});
export type ChannelDefaults = z.output<typeof channelDefaultsSchema>;

const feedUrlSchema = z
  .url({ protocol: /^https?$/, error: 'Use the feed’s https:// address' })
  .max(2048)
  .refine((url) => !new URL(url).username && !new URL(url).password, { error: 'The feed address must not carry a user name or password' });

export const channelCreateSchema = z.strictObject({
  name: z.string().trim().min(1, 'Name the channel, e.g. "Boatsetter — JADA"').max(100),
  source: sourceSchema,
  url: feedUrlSchema,
  boat: eventFields.boat,
  defaults: channelDefaultsSchema,
  enabled: z.boolean().default(true),
});
export type ChannelInput = z.input<typeof channelCreateSchema>;
export type ChannelCreate = z.output<typeof channelCreateSchema>;

export const channelPatchSchema = z
  .strictObject({
    name: channelCreateSchema.shape.name.optional(),
    url: feedUrlSchema.optional(),
    boat: eventFields.boat.optional(),
    defaults: channelDefaultsSchema.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { error: 'Send at least one field to change' });
export type ChannelPatch = z.output<typeof channelPatchSchema>;

export interface SyncCounts {
  /** Bookings created from new events. */
  created: number;
  /** Bookings changed because their event changed. */
  changed: number;
  /** Future trips gone from the feed or cancelled in it, waiting for the operator. */
  missing: number;
  unchanged: number;
  /** Owner blocks kept as boat blocks. */
  blocks: number;
  /** Past events and SCC's own exported events. */
  ignored: number;
  /** Events the parser or the booking rules could not use (see `problems`). */
  skipped: number;
}

export interface SyncProblem {
  uid?: string;
  reason: string;
}

/** The channel's health, as the console shows it. */
export interface ChannelSyncState {
  lastAttemptAt?: string;
  lastSuccessAt?: string;
  /** Set while the last attempt failed; a failed sync changes no booking. */
  lastError?: { failure: string; message: string; at: string };
  counts?: SyncCounts;
  problems?: SyncProblem[];
  /** What the feed's server gave for a conditional GET next time. */
  etag?: string;
  lastModified?: string;
  durationMs?: number;
}

export interface ChannelRecord extends ChannelCreate {
  channelId: string;
  sync: ChannelSyncState;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A channel as the API shows it: the feed URL is a secret, so only its host. */
export type ChannelView = Omit<ChannelRecord, 'url'> & { url: string };

export function channelView(record: ChannelRecord): ChannelView {
  return { ...record, url: redactedFeedUrl(record.url) };
}

/** `https://host/…`: enough to recognise the feed, nothing of its token. */
export function redactedFeedUrl(url: string): string {
  try {
    const { protocol, host } = new URL(url);
    return `${protocol}//${host}/…`;
  } catch {
    return '…';
  }
}

/** What the feed said about an event when SCC last applied it: the base of the next change. */
export type FeedFacts = Pick<FeedEvent, 'start' | 'end' | 'location' | 'status' | 'guest'>;

/** One UID of a channel's feed, as SCC last saw it. */
export interface FeedEntry {
  uid: string;
  kind: 'booking' | 'block';
  /** Hash of the event's meaningful fields: an unchanged event is not written again. */
  fingerprint: string;
  facts: FeedFacts;
  boat: string;
  summary: string;
  /** For a booking entry. */
  bookingId?: string;
  /** The alert SCC raised for this booking, so the next sync does not raise it again. */
  alert?: 'missing' | 'cancelled';
  /** The operator kept the trip although the feed lost it. */
  kept?: boolean;
  seenAt: string;
}

/** An owner's block on a marketplace: the boat is not available, but nobody is booked. */
export interface BoatBlock {
  channelId: string;
  uid: string;
  boat: string;
  start: string;
  end: string;
  summary: string;
}
