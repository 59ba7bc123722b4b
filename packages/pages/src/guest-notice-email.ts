import type { GuestNoticeKind, GuestNoticeView } from '@scc/core';
import { emailDocument, MUTED, type RenderedEmail, subjectLine } from './email-layout';
import { formatDate, formatTimeRange, mapLink } from './format';
import { html, type SafeHtml } from './html';

interface Template {
  subject: string;
  lead: string;
}

function leadOf(view: GuestNoticeView, date: string): Template {
  const templates: Record<GuestNoticeKind, Template> = {
    welcome: { subject: `Your trip: ${view.title} — ${date}`, lead: `You're booked on ${view.title}. Here is everything for the day.` },
    changed: view.changed.includes('time')
      ? { subject: `Your trip has moved: ${view.title} — ${date}`, lead: `Your trip has moved. Here it is as it stands now.` }
      : { subject: `Your trip has changed: ${view.title} — ${date}`, lead: `Some details of your trip have changed. Here it is as it stands now.` },
    cancelled: { subject: `Cancelled: ${view.title} — ${date}`, lead: `We're sorry: ${view.title} on ${date} is cancelled.` },
    reinstated: { subject: `Back on: ${view.title} — ${date}`, lead: `Good news: ${view.title} is back on.` },
  };
  return templates[view.kind];
}

function rows(view: GuestNoticeView): [string, string, string | undefined][] {
  const previous = view.previous;
  const movedFrom =
    previous && view.changed.includes('time') ? `was ${formatDate(previous.start, previous.timezone)}, ${formatTimeRange(previous.start, previous.end, previous.timezone)}` : undefined;
  const placeFrom = previous && view.changed.includes('meetingPoint') ? `was ${previous.meetingPoint}` : undefined;
  return [
    ['When', `${formatDate(view.start, view.timezone)}, ${formatTimeRange(view.start, view.end, view.timezone)}`, movedFrom],
    ['Meeting point', view.meetingPoint, placeFrom],
    ['Boat', view.boat, previous && view.changed.includes('boat') ? `was ${previous.boat}` : undefined],
    ...(view.whatToBring ? [['What to bring', view.whatToBring, undefined] as [string, string, undefined]] : []),
  ];
}

function tripHtml(view: GuestNoticeView): SafeHtml {
  return html`<table role="presentation" style="border-collapse:collapse;margin:1em 0">${rows(view).map(
    ([label, value, was]) =>
      html`<tr><th scope="row" style="text-align:left;vertical-align:top;padding:.3em 1em .3em 0;${MUTED};font-weight:600">${label}</th><td style="padding:.3em 0">${value}${was ? html`<br><span style="${MUTED};font-size:.9em">(${was})</span>` : ''}</td></tr>`,
  )}</table>
<p><a href="${mapLink(view.meetingPoint)}">Open the meeting point in Maps</a></p>`;
}

function tripText(view: GuestNoticeView): string[] {
  return [...rows(view).map(([label, value, was]) => `${label}: ${value}${was ? ` (${was})` : ''}`), `Map: ${mapLink(view.meetingPoint)}`];
}

function pageButton(url: string): SafeHtml {
  return html`<p style="margin:1.5em 0"><a href="${url}" style="display:inline-block;padding:.7em 1.4em;background:#0b5cad;color:#fff;border-radius:.4em;text-decoration:none;font-weight:600">Open your trip page</a></p>
<p style="${MUTED};font-size:.9em">On your trip page you and your party can share your photos from the day. Anyone with the link can see it, so share it only with your party.</p>`;
}

function contactLine(view: GuestNoticeView): string | undefined {
  const { name, phone } = view.operator;
  if (!name && !phone) return undefined;
  if (name && phone) return `Questions? Call ${name} on ${phone}.`;
  return phone ? `Questions? Call us on ${phone}.` : `See you soon — ${name}`;
}

/**
 * The emails a guest gets about their booking. The view carries the trip, the guest's first
 * name, their page and the operator's contact: no money and no crew contact details exist in
 * it to leak, and every string is escaped by `html`.
 */
export function renderGuestNotice(view: GuestNoticeView): RenderedEmail {
  const date = formatDate(view.start, view.timezone);
  const { subject: rawSubject, lead } = leadOf(view, date);
  const subject = subjectLine(rawSubject);
  const contact = contactLine(view);
  const body =
    view.kind === 'cancelled'
      ? html`<p style="font-size:1.1em"><strong>${lead}</strong></p>
<p style="${MUTED}">It was ${formatTimeRange(view.start, view.end, view.timezone)} from ${view.meetingPoint}.</p>`
      : html`<p style="font-size:1.1em"><strong>${lead}</strong></p>
${tripHtml(view)}
${pageButton(view.guestPageUrl)}`;
  const text =
    view.kind === 'cancelled'
      ? [lead, '', `It was ${formatTimeRange(view.start, view.end, view.timezone)} from ${view.meetingPoint}.`]
      : [lead, '', ...tripText(view), '', `Your trip page (share your photos there): ${view.guestPageUrl}`];
  return {
    subject,
    html: emailDocument(subject, html`<p>Hi ${view.guestName},</p>
${body}
${contact ? html`<p>${contact}</p>` : ''}`),
    text: [`Hi ${view.guestName},`, '', ...text, ...(contact ? ['', contact] : [])].join('\n'),
  };
}
