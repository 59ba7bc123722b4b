import type { AfterTripView } from '@scc/core';
import { emailDocument, type RenderedEmail, subjectLine } from './email-layout';
import { formatUntil } from './format';
import { html } from './html';
import { button, contactLine } from './reminder-parts';

/** To the guest as the trip ends, while uploads stay open: share your photos, until when. */
export function renderAfterTrip(view: AfterTripView): RenderedEmail {
  const until = formatUntil(view.uploadsUntil, view.timezone);
  const subject = subjectLine(`Share your photos from ${view.title}`);
  const lead = `Thank you for sailing with us! Share your photos from ${view.title} with your party on your trip page.`;
  const deadline = `You can add photos until ${until}.`;
  const contact = contactLine(view.operator);
  return {
    subject,
    html: emailDocument(subject, html`<p>Hi ${view.guestName},</p>
<p style="font-size:1.1em"><strong>${lead}</strong></p>
<p>${deadline}</p>
${button(view.guestPageUrl, 'Share your photos')}
${contact ? html`<p>${contact}</p>` : ''}`),
    text: [`Hi ${view.guestName},`, '', lead, '', deadline, '', `Your trip page: ${view.guestPageUrl}`, ...(contact ? ['', contact] : [])].join('\n'),
  };
}
