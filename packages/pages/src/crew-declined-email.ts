import type { CrewDeclinedView } from '@scc/core';
import { tripTableHtml, tripTableText, type TripRow } from './crew-trip-table';
import { emailDocument, MUTED, type RenderedEmail, subjectLine } from './email-layout';
import { formatDate, formatTimeRange, mapLink } from './format';
import { html } from './html';

/**
 * To the operator, at once: someone cannot make a trip. Who, which trip, their note, and the
 * booking in the console, where the swap is one edit away. Nothing about money.
 */
export function renderCrewDeclined(view: CrewDeclinedView): RenderedEmail {
  const date = formatDate(view.start, view.timezone);
  const subject = subjectLine(`${view.crewName} can't make ${view.title} — ${date}`);
  const rows: TripRow[] = [
    { label: 'When', value: `${date}, ${formatTimeRange(view.start, view.end, view.timezone)}`, lines: [date, formatTimeRange(view.start, view.end, view.timezone)] },
    { label: 'Boat', value: view.boat },
    { label: 'Meeting point', value: view.meetingPoint, href: mapLink(view.meetingPoint) },
    { label: 'Their role', value: view.role },
  ];
  const lead = `${view.crewName} can't make ${view.title}.`;
  const content = html`<p style="font-size:1.1em"><strong>${view.crewName}</strong> can't make <strong>${view.title}</strong>.</p>
${view.note ? html`<p>Their note:</p><blockquote style="margin:0 0 1em;padding:.5em 1em;border-left:4px solid #c98a00;background:#fff4cc">${view.note}</blockquote>` : html`<p style="${MUTED}">They left no note.</p>`}
${tripTableHtml(rows)}
<p style="margin:1.5em 0"><a href="${view.bookingUrl}" style="display:inline-block;padding:.7em 1.4em;background:#0b5cad;color:#fff;border-radius:.4em;text-decoration:none;font-weight:600">Open the booking</a></p>
<p style="${MUTED};font-size:.9em">Edit the booking's crew to put someone else on the trip: they get an invite, and ${view.crewName} is told they are off it.</p>`;
  const text = [
    lead,
    '',
    view.note ? `Their note: ${view.note}` : 'They left no note.',
    '',
    ...tripTableText(rows),
    '',
    `Open the booking: ${view.bookingUrl}`,
    '',
    `Edit the booking's crew to put someone else on the trip: they get an invite, and ${view.crewName} is told they are off it.`,
  ].join('\n');
  return { subject, html: emailDocument(subject, content), text };
}
