import type { CrewBrief, CrewNoticeView, CrewVisibleField } from '@scc/core';
import { formatDate, formatTimeRange, formatWhen, mapLink } from './format';
import { html, type SafeHtml } from './html';
import { MUTED } from './email-layout';

/** One line of the trip as a crew email shows it; `was` only when it changed. */
export interface TripRow {
  label: string;
  value: string;
  /** The value as separate lines in HTML, where a phone would otherwise break it mid-phrase. */
  lines?: string[];
  was?: string;
  href?: string;
}

/** What the crew member was told before, if this field is one that changed. */
function before(view: CrewNoticeView, field: CrewVisibleField): CrewBrief | undefined {
  return view.changed.includes(field) ? view.previous : undefined;
}

/** The old time, as short as is still unambiguous: the date only when that moved too. */
export function previousWhen(view: CrewNoticeView, previous: CrewBrief): string {
  const sameDay =
    previous.timezone === view.timezone &&
    formatDate(previous.start, previous.timezone) === formatDate(view.start, view.timezone);
  return sameDay
    ? formatTimeRange(previous.start, previous.end, previous.timezone)
    : formatWhen(previous.start, previous.end, previous.timezone);
}

/** The rows one data source feeds to both the HTML and the text part, so they cannot disagree. */
export function tripRows(view: CrewNoticeView, options: { role: boolean }): TripRow[] {
  const rows: TripRow[] = [];
  const title = before(view, 'title');
  if (title) rows.push({ label: 'Trip', value: view.title, was: title.title });
  const time = before(view, 'time');
  rows.push({
    label: 'When',
    value: formatWhen(view.start, view.end, view.timezone),
    lines: [formatDate(view.start, view.timezone), formatTimeRange(view.start, view.end, view.timezone)],
    ...(time ? { was: previousWhen(view, time) } : {}),
  });
  const boat = before(view, 'boat');
  rows.push({ label: 'Boat', value: view.boat, ...(boat ? { was: boat.boat } : {}) });
  const place = before(view, 'meetingPoint');
  rows.push({
    label: 'Meeting point',
    value: view.meetingPoint,
    href: mapLink(view.meetingPoint),
    ...(place ? { was: place.meetingPoint } : {}),
  });
  const guests = before(view, 'guests');
  rows.push({ label: 'Guests', value: String(view.guestCount), ...(guests ? { was: String(guests.guestCount) } : {}) });
  if (options.role) {
    const role = before(view, 'role');
    rows.push({ label: 'Your role', value: view.role, ...(role ? { was: role.role } : {}) });
  }
  return rows;
}

// Cells, not rows, carry the marking: mail clients honour cell styles more reliably, and the
// spacing keeps two changed rows in a row from reading as one block.
const CHANGED_CELL = 'background:#fff4cc';
const CHANGED_EDGE = 'border-left:4px solid #c98a00';

export function tripTableHtml(rows: readonly TripRow[]): SafeHtml {
  return html`<table role="presentation" cellpadding="6" cellspacing="0" style="border-collapse:separate;border-spacing:0 4px;width:100%">
${rows.map((row) => {
  const changed = row.was !== undefined;
  return html`<tr>
<td style="vertical-align:top;font-weight:600;width:1%;padding-right:12px;${changed ? `${CHANGED_CELL};${CHANGED_EDGE}` : 'border-left:4px solid transparent'}">${row.label}</td>
<td style="vertical-align:top;${changed ? CHANGED_CELL : ''}">${
    row.href
      ? html`<a href="${row.href}" style="color:#0b5cad">${row.value}</a>`
      : row.lines
        ? row.lines.map((line, i) => html`${i ? html`<br>` : ''}${line}`)
        : row.value
  }${
    changed ? html`<br><span style="${MUTED};font-size:.9em">was ${row.was}</span>` : ''
  }</td>
</tr>`;
})}
</table>`;
}

export function tripTableText(rows: readonly TripRow[]): string[] {
  return rows.map((row) => `${row.label}: ${row.value}${row.was === undefined ? '' : ` (was ${row.was})`}`);
}
