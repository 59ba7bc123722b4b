import ICAL from 'ical.js';

/** One VEVENT of a feed as an independent RFC 5545 reader (ical.js) sees it. */
export interface ParsedIcsEvent {
  uid: string;
  sequence: number;
  start: string;
  end: string;
  summary: string;
  location: string | null;
  description: string | null;
  status: string | null;
  transp: string | null;
  lastModified: string | null;
  dtstamp: string | null;
}

const instant = (value: unknown) => (value instanceof ICAL.Time ? value.toJSDate().toISOString() : null);
const text = (value: unknown) => (typeof value === 'string' ? value : null);

/** Parses a feed's text back, so tests check what a calendar app would read, not our strings. */
export function parseIcs(body: string): ParsedIcsEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(body));
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      sequence: event.sequence,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      summary: event.summary,
      location: text(vevent.getFirstPropertyValue('location')),
      description: text(vevent.getFirstPropertyValue('description')),
      status: text(vevent.getFirstPropertyValue('status')),
      transp: text(vevent.getFirstPropertyValue('transp')),
      lastModified: instant(vevent.getFirstPropertyValue('last-modified')),
      dtstamp: instant(vevent.getFirstPropertyValue('dtstamp')),
    };
  });
}
