/**
 * Writes small, valid iCalendar feeds for tests: a 500-event feed for the benchmark, feeds
 * that change between syncs. Test support only (the parser never writes ICS).
 */

export interface FixtureEvent {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
  status?: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  sequence?: number;
}

export interface BuildFeedOptions {
  lineEnding?: '\r\n' | '\n';
  /** DTSTAMP of every event (default: 2027-01-01T00:00:00Z, so output is stable). */
  stamp?: Date;
  calendarName?: string;
}

export function buildFeed(events: FixtureEvent[], options: BuildFeedOptions = {}): string {
  const stamp = utc(options.stamp ?? new Date(Date.UTC(2027, 0, 1)));
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//ShipCaptainCrew//Test feed//EN', 'CALSCALE:GREGORIAN'];
  if (options.calendarName) lines.push(`X-WR-CALNAME:${escapeText(options.calendarName)}`);
  for (const event of events) {
    lines.push('BEGIN:VEVENT', `UID:${escapeText(event.uid)}`, `DTSTAMP:${stamp}`, `DTSTART:${utc(event.start)}`, `DTEND:${utc(event.end)}`);
    lines.push(`SUMMARY:${escapeText(event.summary)}`);
    if (event.description !== undefined) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
    if (event.location !== undefined) lines.push(`LOCATION:${escapeText(event.location)}`);
    if (event.status) lines.push(`STATUS:${event.status}`);
    if (event.sequence !== undefined) lines.push(`SEQUENCE:${event.sequence}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  const eol = options.lineEnding ?? '\r\n';
  return lines.map((line) => fold(line, eol)).join(eol) + eol;
}

/** RFC 5545 3.3.11: backslash, semicolon, comma and line breaks are escaped in TEXT. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** RFC 5545 3.1: lines of at most 75 octets, continued after a line break and one space. */
export function fold(line: string, eol: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    // The first line holds 75 octets; continuations hold 74 after their leading space.
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${eol} `);
}

function utc(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}
