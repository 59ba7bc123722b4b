import type { CrewInviteView } from '@scc/core';
import { formatDate, formatWhen, mapLink } from './format';
import { html } from './html';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** The email each assigned crew member gets: where, when, their role, and their link. */
export function renderCrewInvite(view: CrewInviteView): RenderedEmail {
  const when = formatWhen(view.start, view.end, view.timezone);
  // One line: a newline in a subject would be a header injection or a rejected send.
  const subject = `${view.title} — ${formatDate(view.start, view.timezone)} on ${view.boat}`.replace(/\s+/g, ' ');
  const body = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;line-height:1.5;color:#10202e">
<p>Hi ${view.crewName},</p>
<p>You are on <strong>${view.title}</strong> as <strong>${view.role}</strong>.</p>
<table role="presentation" cellpadding="4">
<tr><td><b>When</b></td><td>${when}</td></tr>
<tr><td><b>Boat</b></td><td>${view.boat}</td></tr>
<tr><td><b>Meeting point</b></td><td><a href="${mapLink(view.meetingPoint)}">${view.meetingPoint}</a></td></tr>
<tr><td><b>Guests</b></td><td>${view.guestCount}</td></tr>
</table>
<p><a href="${view.crewPageUrl}" style="display:inline-block;padding:.6em 1.2em;background:#0b5cad;color:#fff;border-radius:.4em;text-decoration:none">Open your crew page</a></p>
<p style="color:#4a5a68;font-size:.9em">The link is yours alone; it works until three days after the trip. If it stops working, ask the operator for a new one.</p>
</body></html>`.value;
  const text = [
    `Hi ${view.crewName},`,
    '',
    `You are on ${view.title} as ${view.role}.`,
    '',
    `When: ${when}`,
    `Boat: ${view.boat}`,
    `Meeting point: ${view.meetingPoint}`,
    `Guests: ${view.guestCount}`,
    '',
    `Your crew page: ${view.crewPageUrl}`,
    '',
    'The link is yours alone; it works until three days after the trip.',
    'If it stops working, ask the operator for a new one.',
  ].join('\n');
  return { subject, html: body, text };
}
