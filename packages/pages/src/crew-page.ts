import type { CrewPageView } from '@scc/core';
import { formatWhen, mapLink } from './format';
import { html } from './html';
import { page } from './layout';

/** The crew member's page behind their magic link. */
export function renderCrewPage(view: CrewPageView): string {
  const crew = html`<ul>${view.crew.map(
    (c) =>
      html`<li>${c.name} <span class="muted">(${c.role})</span>${
        c.phone ? html` · <a href="tel:${c.phone.replace(/[^+0-9]/g, '')}">${c.phone}</a>` : ''
      }</li>`,
  )}</ul>`;
  const checklist = view.checklist.length
    ? html`<ul>${view.checklist.map(
        (t) =>
          html`<li class="${t.done ? 'done' : ''}">${t.label}${t.done && t.doneBy ? html` <span class="muted">— ${t.doneBy}</span>` : ''}</li>`,
      )}</ul>`
    : html`<p class="muted">No tasks for this trip.</p>`;
  return page(
    `${view.title} — crew`,
    html`<p class="muted">Hi ${view.viewerName}</p>
<h1>${view.title}</h1>
<section aria-labelledby="trip">
<h2 id="trip">Trip</h2>
<dl>
<dt>When</dt><dd>${formatWhen(view.start, view.end, view.timezone)}</dd>
<dt>Boat</dt><dd>${view.boat}</dd>
<dt>Meeting point</dt><dd>${view.meetingPoint} · <a href="${mapLink(view.meetingPoint)}" rel="noreferrer">Open in Maps</a></dd>
<dt>Guests</dt><dd>${view.partyName ? `${view.partyName}, ` : ''}${view.guestCount} on board</dd>
</dl>
</section>
<section aria-labelledby="crew"><h2 id="crew">Crew</h2>${crew}</section>
${view.notes ? html`<section aria-labelledby="notes"><h2 id="notes">Notes</h2><p>${view.notes}</p></section>` : ''}
<section aria-labelledby="tasks"><h2 id="tasks">Checklist</h2>${checklist}</section>
${view.guestPageUrl ? html`<p><a href="${view.guestPageUrl}">The guests' page</a></p>` : ''}`,
  );
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
