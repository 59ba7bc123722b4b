import ICAL from 'ical.js';
import { type FeedEvent, type ParsedFeed, type SkippedFeedEvent } from './feed';
import { messageOf, readCalendar } from './feed-calendar';
import { classifyEvent } from './feed-classify';
import { occurrenceStarts } from './feed-recurrence';
import { FeedEventSkipError } from './feed-skip';
import { epochMsOf, type IcalTime, readTime, tzidOf } from './feed-times';

type Component = InstanceType<typeof ICAL.Component>;

export interface ParseOptions {
  /** The channel's source: 'boatsetter', 'getmyboat', 'viator', 'airbnb', 'direct', or any other (generic rules). */
  source: string;
  /** IANA zone of the channel: floating times and all-day dates are placed in it. */
  timezone: string;
  now: Date;
  /**
   * Recurring events are expanded from a day before `now` to `now` + this many days (default
   * 400). Only recurrences are bounded: a past single event is kept (the reconciler decides).
   */
  horizonDays?: number;
}

const DAY_MS = 86_400_000;
const DEFAULT_HORIZON_DAYS = 400;
// Anything outside is a typo or a placeholder ("forever" blocks to 9999), not a charter.
const EARLIEST_MS = Date.UTC(2000, 0, 1);
const LATEST_MS = Date.UTC(2101, 0, 1);

interface Placed {
  time: IcalTime;
  tzid: string | undefined;
  epochMs: number;
}

interface Span {
  start: Placed;
  end: Placed;
  allDay: boolean;
}

/**
 * A feed's text → its events, each a UTC span with status, sequence and kind. Throws
 * FeedParseError when the text is not an iCalendar document (an HTML login page, JSON, an
 * empty or cut-off body); an event that cannot be used is listed in `skipped` with the reason.
 */
export function parseFeed(text: string, options: ParseOptions): ParsedFeed {
  const { events: components, skipped } = readCalendar(text);
  const nowMs = options.now.getTime();
  const window = { fromMs: nowMs - DAY_MS, toMs: nowMs + (options.horizonDays ?? DEFAULT_HORIZON_DAYS) * DAY_MS };
  const zone = options.timezone;
  const candidates: FeedEvent[] = [];
  const overridden = new Set<string>();
  const masters: Array<{ uid: string; component: Component }> = [];

  // Overrides first: each replaces its occurrence of the master, whether or not it is usable
  // itself, and stands on its own when the master is absent or the occurrence out of window.
  for (const component of components) {
    const uid = textOf(component, 'uid');
    if (!uid) {
      skipped.push({ reason: 'no UID' });
    } else if (!component.hasProperty('recurrence-id')) {
      masters.push({ uid, component });
    } else {
      try {
        const recurrenceId = place(component, 'recurrence-id', zone, tzidOf(component.getFirstProperty('dtstart')));
        if (!recurrenceId) throw new FeedEventSkipError('RECURRENCE-ID has no value');
        const occurrenceUid = `${uid}#${new Date(recurrenceId.epochMs).toISOString()}`;
        overridden.add(occurrenceUid);
        candidates.push(eventOf(component, uid, occurrenceUid, spanOf(component, zone), options));
      } catch (error) {
        skipped.push(skipOf(uid, error));
      }
    }
  }

  for (const { uid, component } of latestBySequence(masters, skipped)) {
    try {
      const span = spanOf(component, zone);
      if (!component.hasProperty('rrule') && !component.hasProperty('rdate')) {
        candidates.push(eventOf(component, uid, uid, span, options));
        continue;
      }
      for (const start of occurrenceStarts(component, span.start.tzid, zone, span.end.epochMs - span.start.epochMs, window)) {
        const occurrenceUid = `${uid}#${new Date(start.epochMs).toISOString()}`;
        if (!overridden.has(occurrenceUid)) {
          candidates.push(eventOf(component, uid, occurrenceUid, occurrenceSpan(span, start, zone), options));
        }
      }
    } catch (error) {
      // Occurrences already read stay (a rule that runs away is cut off, not dropped).
      skipped.push(skipOf(uid, error));
    }
  }

  return { events: latestCopies(candidates, skipped), skipped };
}

function eventOf(component: Component, baseUid: string, uid: string, span: Span, options: ParseOptions): FeedEvent {
  if (textOf(component, 'transp').toUpperCase() === 'TRANSPARENT') throw new FeedEventSkipError('free time (TRANSP:TRANSPARENT)');
  const { start, end, allDay } = span;
  for (const ms of [start.epochMs, end.epochMs]) {
    if (!(ms >= EARLIEST_MS && ms < LATEST_MS)) throw new FeedEventSkipError(`date out of range: ${isoOrRaw(ms)} (outside 2000–2100)`);
  }
  if (end.epochMs < start.epochMs) throw new FeedEventSkipError('end before start');
  const summary = textOf(component, 'summary');
  const description = textOf(component, 'description');
  const { kind, guest } = classifyEvent({ uid: baseUid, summary, description, allDay }, options.source);
  return {
    uid,
    sequence: sequenceOf(component),
    status: statusOf(component),
    start: new Date(start.epochMs).toISOString(),
    end: new Date(end.epochMs).toISOString(),
    allDay,
    ...(end.epochMs === start.epochMs ? { noEnd: true as const } : {}),
    summary,
    description,
    location: textOf(component, 'location'),
    kind,
    ...(guest ? { guest } : {}),
  };
}

/** DTSTART and the end it implies: DTEND (exclusive), else DURATION, else one day for a date. */
function spanOf(component: Component, zone: string): Span {
  const start = place(component, 'dtstart', zone);
  if (!start) throw new FeedEventSkipError('no DTSTART');
  const allDay = start.time.isDate;
  let end = place(component, 'dtend', zone);
  const duration = component.getFirstPropertyValue('duration');
  if (!end && duration instanceof ICAL.Duration) end = shifted(start, duration, zone);
  if (!end && allDay) end = shifted(start, ICAL.Duration.fromData({ days: 1 }), zone);
  // No end at all: the channel's trip length decides (FeedEvent.noEnd).
  if (!end) end = start;
  // Some exporters write a one-day event as DTEND = DTSTART.
  if (allDay && end.time.isDate && end.epochMs === start.epochMs) end = shifted(start, ICAL.Duration.fromData({ days: 1 }), zone);
  return { start, end, allDay };
}

/** An occurrence keeps the master's length: in days when all-day (DST-proof), else exactly. */
function occurrenceSpan(master: Span, start: { time: IcalTime; epochMs: number }, zone: string): Span {
  const placedStart = { time: start.time, tzid: master.start.tzid, epochMs: start.epochMs };
  if (master.allDay && master.end.time.isDate) {
    return { start: placedStart, end: shifted(placedStart, master.end.time.subtractDate(master.start.time), zone), allDay: true };
  }
  const endMs = start.epochMs + (master.end.epochMs - master.start.epochMs);
  return { start: placedStart, end: { time: start.time, tzid: master.start.tzid, epochMs: endMs }, allDay: master.allDay };
}

function place(component: Component, name: string, zone: string, fallbackTzid?: string): Placed | undefined {
  const read = readTime(component, name);
  if (!read) return undefined;
  const tzid = read.tzid ?? fallbackTzid;
  return { time: read.time, tzid, epochMs: epochMsOf(read.time, tzid, zone) };
}

/**
 * RFC 5545 3.3.6: days and weeks are nominal (same wall time, DST or not), hours and less are
 * exact. ical.js adds both to the wall clock, which loses or gains an hour across a jump.
 */
function shifted(from: Placed, duration: InstanceType<typeof ICAL.Duration>, zone: string): Placed {
  const sign = duration.isNegative ? -1 : 1;
  const time = from.time.clone();
  time.addDuration(ICAL.Duration.fromData({ weeks: duration.weeks, days: duration.days, isNegative: duration.isNegative }));
  const exactMs = sign * (duration.hours * 3_600 + duration.minutes * 60 + duration.seconds) * 1000;
  return { time, tzid: from.tzid, epochMs: epochMsOf(time, from.tzid, zone) + exactMs };
}

/** Of events sharing a UID (and no RECURRENCE-ID), the highest SEQUENCE; ties: the later one. */
function latestBySequence<T extends { uid: string; component: Component }>(items: T[], skipped: SkippedFeedEvent[]): T[] {
  const best = new Map<string, T>();
  for (const item of items) {
    const held = best.get(item.uid);
    if (held && sequenceOf(held.component) > sequenceOf(item.component)) {
      skipped.push(duplicate(item.uid, sequenceOf(item.component), sequenceOf(held.component)));
    } else {
      if (held) skipped.push(duplicate(item.uid, sequenceOf(held.component), sequenceOf(item.component)));
      best.set(item.uid, item);
    }
  }
  return [...best.values()];
}

/** Two overrides of one occurrence: the same rule as for duplicate UIDs. */
function latestCopies(candidates: FeedEvent[], skipped: SkippedFeedEvent[]): FeedEvent[] {
  const best = new Map<string, FeedEvent>();
  for (const candidate of candidates) {
    const held = best.get(candidate.uid);
    if (held && held.sequence > candidate.sequence) {
      skipped.push(duplicate(candidate.uid, candidate.sequence, held.sequence));
    } else {
      if (held) skipped.push(duplicate(candidate.uid, held.sequence, candidate.sequence));
      best.set(candidate.uid, candidate);
    }
  }
  return [...best.values()].sort((a, b) => a.start.localeCompare(b.start) || a.uid.localeCompare(b.uid));
}

function duplicate(uid: string, dropped: number, kept: number): SkippedFeedEvent {
  return { uid, reason: `duplicate UID: a copy with SEQUENCE ${dropped} dropped for one with SEQUENCE ${kept}` };
}

function textOf(component: Component, name: string): string {
  const value = component.getFirstPropertyValue(name);
  return typeof value === 'string' ? value.trim() : '';
}

function sequenceOf(component: Component): number {
  const value = Number(component.getFirstPropertyValue('sequence') ?? 0);
  return Number.isInteger(value) && value >= 0 ? value : 0;
}

function statusOf(component: Component): FeedEvent['status'] {
  const status = textOf(component, 'status').toUpperCase();
  return status === 'CANCELLED' ? 'cancelled' : status === 'TENTATIVE' ? 'tentative' : 'confirmed';
}

function skipOf(uid: string | undefined, error: unknown): SkippedFeedEvent {
  // Anything else ical.js throws while reading one event (an EXDATE it cannot read, …).
  const reason = error instanceof FeedEventSkipError ? error.message : `unreadable event: ${messageOf(error)}`;
  return uid ? { uid, reason } : { reason };
}

function isoOrRaw(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms);
}
