import ICAL from 'ical.js';
import { FeedEventSkipError } from './feed-skip';
import { epochMsOf, type IcalTime } from './feed-times';

type Component = InstanceType<typeof ICAL.Component>;

export interface ExpansionWindow {
  fromMs: number;
  toMs: number;
}

/** A DAILY rule runs ~400 times in the default horizon; more than this is not a charter. */
const MAX_OCCURRENCES = 2_000;
/** A DAILY rule from a century ago fits; a MINUTELY one from years ago does not. */
const MAX_STEPS = 50_000;
const DAY_MS = 86_400_000;

/**
 * The start of every occurrence of a recurring event (RRULE, RDATE, less EXDATE, as ical.js
 * expands them) that overlaps the window. Overrides (RECURRENCE-ID) are not applied here: the
 * caller emits them on their own and leaves out the occurrences they replace.
 */
export function* occurrenceStarts(
  master: Component,
  tzid: string | undefined,
  channelZone: string,
  durationMs: number,
  window: ExpansionWindow,
): Generator<{ time: IcalTime; epochMs: number }> {
  // Explicit empty exceptions: by default ical.js relates every RECURRENCE-ID event of the
  // calendar to this one, whatever its UID.
  const iterator = new ICAL.Event(master, { exceptions: [] }).iterator();
  let yielded = 0;
  for (let steps = 0; ; steps += 1) {
    if (steps >= MAX_STEPS) throw new FeedEventSkipError(`recurrence not expanded: more than ${MAX_STEPS} steps to reach the window`);
    const time = iterator.next();
    if (!time) return;
    // ical.js reads a floating time as UTC: within 14 hours of the truth, enough to pass over
    // occurrences far from the window without asking Intl.
    const roughMs = time.toUnixTime() * 1000;
    if (roughMs - DAY_MS > window.toMs) return;
    if (roughMs + durationMs + DAY_MS < window.fromMs) continue;
    const epochMs = epochMsOf(time, tzid, channelZone);
    if (epochMs > window.toMs) return;
    if (epochMs + durationMs < window.fromMs) continue;
    if (yielded >= MAX_OCCURRENCES) throw new FeedEventSkipError(`recurrence stopped after ${MAX_OCCURRENCES} occurrences`);
    yielded += 1;
    yield { time, epochMs };
  }
}
