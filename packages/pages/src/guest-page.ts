import type { GuestPageView } from '@scc/core';
import { formatWhen, mapLink } from './format';
import { html } from './html';
import { guestPageScript } from './generated/scripts';
import { page, pageCsp } from './layout';

/** The guest page's CSP, for servers that send it as a header too. */
export function guestPageCsp(mediaOrigin?: string): string {
  return pageCsp(guestPageScript, mediaOrigin);
}

export interface GuestPageOptions {
  /** Where photos are uploaded to and shown from (the media bucket's origin). */
  mediaOrigin?: string;
}

/**
 * The public guest page: the trip at a glance for a phone on a dock. Built only from the
 * GuestPageView projection, which has no money and no contact details in it.
 */
export function renderGuestPage(view: GuestPageView, options: GuestPageOptions = {}): string {
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
<dt>When</dt><dd>${formatWhen(view.start, view.end, view.timezone)}<br><span id="tz-note" class="muted"></span></dd>
<dt>Boat</dt><dd>${view.boat}</dd>
<dt>Meeting point</dt><dd>${view.meetingPoint} · <a href="${mapLink(view.meetingPoint)}" rel="noreferrer">Open in Maps</a></dd>
</dl>
</section>
${view.whatToBring ? html`<section aria-labelledby="bring"><h2 id="bring">What to bring</h2><p>${view.whatToBring}</p></section>` : ''}
<section aria-labelledby="crew"><h2 id="crew">Your crew</h2>${crew}</section>
<section aria-labelledby="prep"><h2 id="prep">Getting the boat ready</h2>${checklist}</section>
<section aria-labelledby="photos">
<h2 id="photos">Photos and videos</h2>
<p id="upload-window" class="muted">Share your photos and videos with the party until the trip ends.</p>
<form id="upload-form">
<label for="files">Add photos or videos</label><br>
<input id="files" name="files" type="file" multiple accept="image/jpeg,image/png,image/heic,image/heif,image/webp,image/gif,video/mp4,video/quicktime" disabled>
</form>
<noscript><p class="muted">Uploading needs JavaScript.</p></noscript>
<ul id="uploads" class="uploads" aria-live="polite"></ul>
<div id="gallery" class="gallery" aria-label="The party's photos"></div>
</section>`,
    {
      script: guestPageScript,
      data: { slug: view.slug, timezone: view.timezone, end: view.end },
      ...(options.mediaOrigin ? { mediaOrigin: options.mediaOrigin } : {}),
    },
  );
}
