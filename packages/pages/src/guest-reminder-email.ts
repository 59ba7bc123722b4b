import type { GuestReminderView } from '@scc/core';
import { emailDocument, MUTED, type RenderedEmail, subjectLine } from './email-layout';
import { formatDate, formatTimeRange, mapLink } from './format';
import { html } from './html';
import { button, contactLine, type Row, rowsHtml, rowsText } from './reminder-parts';

/**
 * To the guest the day before: where to meet, when, what to bring, their trip page and how to
 * reach the operator. The view holds no money and no crew contact details.
 */
export function renderGuestReminder(view: GuestReminderView): RenderedEmail {
  const when = formatTimeRange(view.start, view.end, view.timezone);
  const subject = subjectLine(`Tomorrow: ${view.title} — ${when}`);
  const lead = `Your trip is tomorrow. Here is everything for the day.`;
  const rows: Row[] = [
    { label: 'When', value: `${formatDate(view.start, view.timezone)}, ${when}` },
    { label: 'Meeting point', value: view.meetingPoint, href: mapLink(view.meetingPoint) },
    { label: 'Boat', value: view.boat },
    ...(view.whatToBring ? [{ label: 'What to bring', value: view.whatToBring }] : []),
  ];
  const contact = contactLine(view.operator);
  return {
    subject,
    html: emailDocument(subject, html`<p>Hi ${view.guestName},</p>
<p style="font-size:1.1em"><strong>${lead}</strong></p>
${rowsHtml(rows)}
${button(view.guestPageUrl, 'Open your trip page')}
<p style="${MUTED};font-size:.9em">Your party can share their photos from the day on your trip page.</p>
${contact ? html`<p>${contact}</p>` : ''}`),
    text: [
      `Hi ${view.guestName},`,
      '',
      lead,
      '',
      ...rowsText(rows),
      `Map: ${mapLink(view.meetingPoint)}`,
      '',
      `Your trip page: ${view.guestPageUrl}`,
      ...(contact ? ['', contact] : []),
    ].join('\n'),
  };
}
