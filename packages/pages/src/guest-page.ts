import type { GuestPageView } from '@scc/core';
import { formatWhen, mapLink } from './format';
import { html } from './html';
import { guestPageScript } from './generated/scripts';
import { page, pageCsp } from './layout';

/** The guest page's CSP; CloudFront and the local server send it as a header too. */
export const GUEST_PAGE_CSP = pageCsp(guestPageScript);

/**
 * The public guest page: the trip at a glance for a phone on a dock. Built only from the
 * GuestPageView projection, which has no money and no contact details in it.
 */
export function renderGuestPage(view: GuestPageView): string {
  const crew = view.crew.length
    ? html`<ul>${view.crew.map((c) => html`<li>${c.firstName} <span class="muted">(${c.role})</span></li>`)}</ul>`
    : html`<p class="muted">Your crew will be introduced soon.</p>`;
  const checklist = view.checklist.length
    ? html`<ul id="checklist" aria-live="polite">${view.checklist.map((t) => html`<li class="${t.done ? 'done' : ''}">${t.label}${t.done ? ' ✓' : ''}</li>`)}</ul>`
    : html`<p class="muted">Nothing on the list yet.</p>`;
  return page(
    view.title,
    html`<h1>${view.title}</h1>
<section aria-labelledby="trip">
<h2 id="trip">Your trip</h2>
<dl>
<dt>When</dt><dd>${formatWhen(view.start, view.end, view.timezone)}</dd>
<dt>Boat</dt><dd>${view.boat}</dd>
<dt>Meeting point</dt><dd>${view.meetingPoint} · <a href="${mapLink(view.meetingPoint)}" rel="noreferrer">Open in Maps</a></dd>
</dl>
</section>
<section aria-labelledby="crew"><h2 id="crew">Your crew</h2>${crew}</section>
<section aria-labelledby="prep"><h2 id="prep">Getting the boat ready</h2>${checklist}</section>`,
    { script: guestPageScript, data: { slug: view.slug } },
  );
}
