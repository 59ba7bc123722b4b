import type { CrewReminderView } from '@scc/core';
import { crewPageButton, emailDocument, LINK_NOTE, type RenderedEmail, subjectLine } from './email-layout';
import { formatDate, formatTimeRange, mapLink } from './format';
import { html } from './html';
import { progressLine, type Row, rowsHtml, rowsText } from './reminder-parts';

/**
 * To a crew member the evening before: when, where, their role, how far the checklist is,
 * and a fresh link to their crew page. The view holds no money and no guest contact details.
 */
export function renderCrewReminder(view: CrewReminderView): RenderedEmail {
  const date = formatDate(view.start, view.timezone);
  const subject = subjectLine(`Tomorrow: ${view.title} — ${formatTimeRange(view.start, view.end, view.timezone)} on ${view.boat}`);
  const lead = `A reminder: you are on ${view.title} tomorrow as ${view.role}.`;
  const rows: Row[] = [
    { label: 'When', value: `${date}, ${formatTimeRange(view.start, view.end, view.timezone)}` },
    { label: 'Meeting point', value: view.meetingPoint, href: mapLink(view.meetingPoint) },
    { label: 'Boat', value: view.boat },
    { label: 'Your role', value: view.role },
    { label: 'Guests', value: String(view.guestCount) },
    { label: 'Checklist', value: progressLine(view.checklist) },
  ];
  return {
    subject,
    html: emailDocument(subject, html`<p>Hi ${view.crewName},</p>
<p style="font-size:1.1em"><strong>${lead}</strong></p>
${rowsHtml(rows)}
${crewPageButton(view.crewPageUrl)}`),
    text: [`Hi ${view.crewName},`, '', lead, '', ...rowsText(rows), '', `Your crew page: ${view.crewPageUrl}`, '', ...LINK_NOTE].join('\n'),
  };
}
