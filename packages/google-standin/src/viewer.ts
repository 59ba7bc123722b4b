import type { ServerResponse } from 'node:http';
import { escapeHtml } from './escape';
import type { StoredEvent } from './state';

/** An event with the calendar it is on, as the viewer lists it. */
export interface ListedEvent {
  calendarId: string;
  event: StoredEvent;
}

/** No scripts, nothing from elsewhere: the page shows text a client wrote. */
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Every stored event of every calendar, the most recently written first. */
export function newestFirst(calendars: Map<string, Map<string, StoredEvent>>): ListedEvent[] {
  const listed = [...calendars].flatMap(([calendarId, events]) =>
    [...events.values()].map((event) => ({ calendarId, event })),
  );
  return listed.sort(
    (a, b) =>
      b.event.updated.localeCompare(a.event.updated) ||
      b.event.created.localeCompare(a.event.created),
  );
}

/** `GET /calendar.json`: what the page shows, for scripts; cancelled events included. */
export function sendCalendarJson(res: ServerResponse, listed: ListedEvent[]): void {
  const body = JSON.stringify({ items: listed.map(({ calendarId, event }) => ({ calendarId, ...event })) });
  res.writeHead(200, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

/** `GET /calendar`: the stand-in's events as a page, so a person can see what SCC wrote. */
export function sendCalendarPage(res: ServerResponse, listed: ListedEvent[]): void {
  const body = calendarPage(listed);
  res.writeHead(200, {
    'content-type': 'text/html; charset=UTF-8',
    'content-length': Buffer.byteLength(body),
    'content-security-policy': PAGE_CSP,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(body);
}

export function calendarPage(listed: ListedEvent[]): string {
  const items = listed.map(eventItem).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Calendar stand-in</title>
<style>
body { font: 16px/1.45 system-ui, sans-serif; max-width: 46rem; margin: 1.5rem auto; padding: 0 1rem; color: #1d2733; }
.note { color: #5a6572; }
ol { list-style: none; padding: 0; }
li { border: 1px solid #d5dbe1; border-radius: 6px; padding: .75rem 1rem; margin: .75rem 0; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 0 0 .25rem; }
p { margin: .2rem 0; }
.description { white-space: pre-wrap; }
.meta { color: #5a6572; font-size: .875rem; }
.cancelled { background: #f6f6f6; color: #6b7580; }
.cancelled h2 s { text-decoration-thickness: 2px; }
.label { font-size: .8rem; font-weight: 600; color: #8a1c1c; border: 1px solid currentColor; border-radius: 3px; padding: 0 .3rem; margin-left: .4rem; }
</style>
</head>
<body>
<h1>Calendar stand-in</h1>
<p class="note">Not Google: the events ShipCaptainCrew wrote to the local stand-in of Google Calendar, most recently changed first. As JSON: <a href="/calendar.json">/calendar.json</a>.</p>
${listed.length === 0 ? '<p>No events yet. Create a booking and its calendar event appears here.</p>' : `<ol>\n${items}\n</ol>`}
</body>
</html>
`;
}

function eventItem({ calendarId, event }: ListedEvent): string {
  const cancelled = event.status === 'cancelled';
  const summary = escapeHtml(event.summary);
  const lines = [
    `<h2>${cancelled ? `<s>${summary}</s><span class="label">Cancelled</span>` : summary}</h2>`,
    `<p class="when">${escapeHtml(when(event))}</p>`,
    text(event.location) ? `<p class="where">${escapeHtml(text(event.location))}</p>` : '',
    text(event.description) ? `<p class="description">${escapeHtml(text(event.description))}</p>` : '',
    `<p class="meta">Status: ${escapeHtml(event.status)} · updated ${escapeHtml(event.updated)} · ` +
      `id ${escapeHtml(event.id)} · calendar ${escapeHtml(calendarId)}</p>`,
  ];
  return `<li class="event${cancelled ? ' cancelled' : ''}">\n${lines.filter(Boolean).join('\n')}\n</li>`;
}

/** "Sun, Jul 4, 2027, 6:00 PM – 9:00 PM (America/Los_Angeles)", on the event's own clock. */
function when(event: StoredEvent): string {
  const zone = text(event.start.timeZone) || undefined;
  const from = moment(event.start, zone);
  const to = moment(event.end, zone);
  if (from.time === '' || to.time === '') return `${from.day} – ${to.day}`;
  const sameDay = from.day === to.day;
  return `${from.day}, ${from.time} – ${sameDay ? '' : `${to.day}, `}${to.time}${zone ? ` (${zone})` : ''}`;
}

function moment(time: Record<string, unknown>, zone: string | undefined): { day: string; time: string } {
  const raw = text(time.dateTime) || text(time.date);
  const date = new Date(raw);
  if (Number.isNaN(date.getTime())) return { day: raw, time: '' };
  try {
    const day = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' });
    const clock = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', minute: '2-digit' });
    return { day: day.format(date), time: clock.format(date) };
  } catch {
    // A time zone Intl does not know: show what the client sent.
    return { day: raw, time: '' };
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
