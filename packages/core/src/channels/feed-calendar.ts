import ICAL from 'ical.js';
import { type SkippedFeedEvent, FeedParseError } from './feed';

type Component = InstanceType<typeof ICAL.Component>;

/**
 * The feed's components, each parsed by ical.js on its own. ical.js parses a document all or
 * nothing: one event with `RRULE:FREQ=SOMETIMES` or a stray unfolded line makes it throw for
 * the whole feed. So the text is cut (line by line, at BEGIN/END of each VCALENDAR child) into
 * its components, each is parsed alone, and an unreadable event costs only itself. The
 * components hang under one VCALENDAR so TZIDs still find the feed's VTIMEZONEs.
 */
export function readCalendar(text: string): { calendar: Component; events: Component[]; skipped: SkippedFeedEvent[] } {
  const chunks = cutComponents(text);
  const calendar = new ICAL.Component('vcalendar');
  const events: Component[] = [];
  const skipped: SkippedFeedEvent[] = [];
  for (const chunk of chunks) {
    if (chunk.name !== 'VEVENT' && chunk.name !== 'VTIMEZONE') continue;
    try {
      const component = calendar.addSubcomponent(parseComponent(chunk.lines));
      if (chunk.name === 'VEVENT') events.push(component);
    } catch (error) {
      const uid = /^UID(?:;[^:]*)?:(.*\S)/im.exec(chunk.lines.join('\n'))?.[1]?.trim();
      const what = chunk.name === 'VEVENT' ? 'event' : 'VTIMEZONE';
      skipped.push({ ...(uid ? { uid } : {}), reason: `unreadable ${what}: ${messageOf(error)}` });
    }
  }
  return { calendar, events, skipped };
}

interface Chunk {
  name: string;
  lines: string[];
}

const BEGIN = /^BEGIN:([A-Za-z0-9-]+)\s*$/i;
const END = /^END:([A-Za-z0-9-]+)\s*$/i;

function cutComponents(text: string): Chunk[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const first = lines.find((line) => line.trim() !== '');
  if (first === undefined) throw new FeedParseError('The feed is empty');
  if (!/^BEGIN:VCALENDAR\s*$/i.test(first)) {
    throw new FeedParseError('The feed is not an iCalendar document', { details: { startsWith: first.trim().slice(0, 60) } });
  }
  const chunks: Chunk[] = [];
  let inCalendar = false;
  let ended = false;
  let current: (Chunk & { depth: number }) | undefined;
  for (const line of lines) {
    const begin = BEGIN.exec(line)?.[1]?.toUpperCase();
    const end = END.exec(line)?.[1]?.toUpperCase();
    if (current) {
      if (end === 'VCALENDAR' || begin === current.name) {
        // The component never ended; what was read goes to ical.js, which will say so.
        chunks.push(current);
        current = undefined;
      } else {
        current.lines.push(line);
        if (begin) current.depth += 1;
        if (end) current.depth -= 1;
        if (current.depth === 0) {
          chunks.push(current);
          current = undefined;
        }
        continue;
      }
    }
    if (begin === 'VCALENDAR') {
      inCalendar = true;
    } else if (end === 'VCALENDAR') {
      inCalendar = false;
      ended = true;
    } else if (begin && inCalendar) {
      current = { name: begin, lines: [line], depth: 1 };
    }
  }
  if (current) chunks.push(current);
  // A cut-off download must not read as "these bookings were deleted".
  if (!ended || inCalendar) throw new FeedParseError('The feed is truncated: END:VCALENDAR is missing');
  return chunks;
}

/**
 * Text lines that are neither properties nor folded continuations (a description with a raw
 * line break, say) are dropped on a second try rather than losing the event.
 */
function parseComponent(lines: string[]): Component {
  try {
    return new ICAL.Component(ICAL.parse(lines.join('\r\n')) as unknown[]);
  } catch (error) {
    const kept = lines.filter((line) => /^[A-Za-z0-9-]+[;:]/.test(line) || /^[ \t]/.test(line));
    if (kept.length === lines.length) throw error;
    return new ICAL.Component(ICAL.parse(kept.join('\r\n')) as unknown[]);
  }
}

/** ical.js quotes the offending line, which may be a whole description. */
export function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 200 ? `${message.slice(0, 199)}…` : message;
}
