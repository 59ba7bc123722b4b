import type { CrewPageView } from '@scc/core';
import { formatWhen, mapLink } from './format';
import { html } from './html';
import { crewPageScript } from './generated/scripts';
import { page, pageCsp } from './layout';

export const CREW_PAGE_CSP = pageCsp(crewPageScript);

/** The person's own calendar feed: `webcal:` to subscribe, the same feed over https to copy. */
export interface CrewCalendarFeed {
  subscribeUrl: string;
  copyUrl: string;
}

/** The crew member's page behind their magic link. */
export function renderCrewPage(view: CrewPageView, options: { calendarFeed?: CrewCalendarFeed } = {}): string {
  const feed = options.calendarFeed;
  const crew = html`<ul>${view.crew.map(
    (c) =>
      html`<li>${c.name} <span class="muted">(${c.role})</span>${
        c.phone ? html` · <a href="tel:${c.phone.replace(/[^+0-9]/g, '')}">${c.phone}</a>` : ''
      }</li>`,
  )}</ul>`;
  // Checkboxes start disabled: without the script a tick could not be saved. On a cancelled
  // trip they stay so (the script leaves them), and the list is there to read, not to work.
  const checklist = view.checklist.length
    ? html`<ul id="checklist" class="checklist">${view.checklist.map(
        (t) =>
          html`<li class="${t.done ? 'done' : ''}"><label><input type="checkbox" data-task-id="${t.taskId}"${t.done ? html` checked` : ''} disabled> ${t.label}</label> <span class="muted" data-done-by="${t.taskId}">${t.done && t.doneBy ? `— ${t.doneBy}, ${formatTime(t.doneAt, view.timezone)}` : ''}</span></li>`,
      )}</ul>
<p id="checklist-status" class="muted" role="status" aria-live="polite"></p>`
    : html`<p class="muted">No tasks for this trip.</p>`;
  const cancelled = view.cancelled === true;
  return page(
    `${view.title} — crew`,
    html`<p class="muted">Hi ${view.viewerName}</p>
<h1>${view.title}</h1>
${cancelled ? html`<section class="banner" role="status"><p><strong>Cancelled — this trip is off.</strong> You don't need to come.</p></section>` : ''}
<section aria-labelledby="trip"${cancelled ? html` class="off"` : ''}>
<h2 id="trip">Trip</h2>
<dl>
<dt>When</dt><dd><span class="struck">${formatWhen(view.start, view.end, view.timezone)}</span><br><span id="countdown" class="muted" data-start="${view.start}" data-end="${view.end}"></span></dd>
<dt>Boat</dt><dd>${view.boat}</dd>
<dt>Meeting point</dt><dd>${view.meetingPoint}${cancelled ? '' : html` · <a href="${mapLink(view.meetingPoint)}" rel="noreferrer">Open in Maps</a>`}</dd>
<dt>Guests</dt><dd>${view.partyName ? `${view.partyName}, ` : ''}${view.guestCount} on board</dd>
</dl>
</section>
<section aria-labelledby="crew"><h2 id="crew">Crew</h2>${crew}</section>
${view.notes ? html`<section aria-labelledby="notes"><h2 id="notes">Notes</h2><p>${view.notes}</p></section>` : ''}
<section aria-labelledby="tasks"><h2 id="tasks">Checklist</h2>${cancelled ? html`<p class="muted">Read only: the trip is off.</p>` : ''}${checklist}</section>
${view.guestPageUrl ? html`<p><a href="${view.guestPageUrl}">The guests' page</a></p>` : ''}
${feed ? html`<section aria-labelledby="calendar"><h2 id="calendar">Your calendar</h2>
<p><a href="${feed.subscribeUrl}">Add to my calendar</a> <span class="muted">— all your trips, kept up to date</span></p>
<p class="muted">If your calendar app does not open, copy <a href="${feed.copyUrl}" rel="noreferrer">this link</a> and add it as a calendar subscription. It is yours alone: keep it to yourself.</p>
</section>` : ''}`,
    {
      script: crewPageScript,
      data: { 'event-id': view.eventId, timezone: view.timezone, ...(cancelled ? { cancelled: 'true' } : {}) },
    },
  );
}

function formatTime(iso: string | undefined, timeZone: string): string {
  return iso ? new Intl.DateTimeFormat('en-US', { timeZone, timeStyle: 'short' }).format(new Date(iso)) : '';
}

/** Shown instead of a stack trace when a link cannot be honoured, with what to do next. */
export function renderLinkProblemPage(reason: 'expired' | 'invalid' | 'wrong_event' | 'removed'): string {
  const explanation = {
    expired: 'This crew link has expired.',
    invalid: 'This crew link is not valid. It may have been copied incompletely, or replaced by a newer one.',
    wrong_event: 'This crew link belongs to another trip.',
    removed: 'You are no longer on the crew for this trip.',
  }[reason];
  return page(
    'Crew link not valid',
    html`<h1>This link does not work</h1><section><p>${explanation}</p><p>Ask the operator for a new link; they can send one from the booking.</p></section>`,
  );
}
