import type { GuestPageView } from '@scc/core';
import { formatUntil, formatWhen, mapLink } from './format';
import { html, type SafeHtml } from './html';
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

const ACCEPT = 'image/jpeg,image/png,image/heic,image/heif,image/webp,image/gif,video/mp4,video/quicktime';

/**
 * Uploads stay open until the trip ends; the page names that moment in the trip's zone so a
 * guest can plan. A cancelled trip renders no form at all (and tells the script so), so
 * nothing, not even a script bug, can offer an upload for it; photos already shared stay.
 */
function photos(view: GuestPageView): SafeHtml {
  const intro = view.cancelled
    ? html`<p id="upload-window" class="muted">Uploads are closed because the trip was cancelled; any photos already shared stay here.</p>`
    : html`<p id="upload-window" class="muted">You can add photos and videos until <strong>${formatUntil(view.end, view.timezone)}</strong>.<span id="upload-left"></span></p>
<form id="upload-form">
<label for="files">Add photos or videos</label><br>
<input id="files" name="files" type="file" multiple accept="${ACCEPT}" disabled>
</form>
<noscript><p class="muted">Uploading needs JavaScript.</p></noscript>
<ul id="uploads" class="uploads" aria-live="polite"></ul>`;
  return html`<section aria-labelledby="photos">
<h2 id="photos">Photos and videos</h2>
${intro}
<div id="gallery" class="gallery" aria-label="The party's photos"></div>
</section>`;
}

/** What only helps a trip that is going ahead: packing, the crew, the boat being readied. */
function preparation(view: GuestPageView): SafeHtml {
  const crew = view.crew.length
    ? html`<ul>${view.crew.map((c) => html`<li>${c.firstName} <span class="muted">(${c.role})</span></li>`)}</ul>`
    : html`<p class="muted">Your crew will be introduced soon.</p>`;
  const checklist = view.checklist.length
    ? html`<ul id="checklist" aria-live="polite">${view.checklist.map((t) => html`<li class="${t.done ? 'done' : ''}">${t.label}${t.done ? ' ✓' : ''}</li>`)}</ul>`
    : html`<p class="muted">Nothing on the list yet.</p>`;
  return html`${view.whatToBring ? html`<section aria-labelledby="bring"><h2 id="bring">What to bring</h2><p>${view.whatToBring}</p></section>` : ''}
<section aria-labelledby="crew"><h2 id="crew">Your crew</h2>${crew}</section>
<section aria-labelledby="prep"><h2 id="prep">Getting the boat ready</h2>${checklist}</section>`;
}

/**
 * The public guest page: the trip at a glance for a phone on a dock. Built only from the
 * GuestPageView projection, which has no money and no contact details in it.
 */
export function renderGuestPage(view: GuestPageView, options: GuestPageOptions = {}): string {
  const cancelled = view.cancelled === true;
  return page(
    view.title,
    html`<h1>${view.title}</h1>
${cancelled ? html`<section class="banner" role="status"><p><strong>This trip has been cancelled.</strong></p><p>We're sorry we won't see you on board. The operator will be in touch about what's next.</p></section>` : ''}
<section aria-labelledby="trip"${cancelled ? html` class="off"` : ''}>
<h2 id="trip">${cancelled ? 'The trip that was planned' : 'Your trip'}</h2>
<dl>
<dt>When</dt><dd><span class="struck">${formatWhen(view.start, view.end, view.timezone)}</span>${cancelled ? '' : html`<br><span id="tz-note" class="muted"></span>`}</dd>
<dt>Boat</dt><dd>${view.boat}</dd>
<dt>Meeting point</dt><dd>${view.meetingPoint}${cancelled ? '' : html` · <a href="${mapLink(view.meetingPoint)}" rel="noreferrer">Open in Maps</a>`}</dd>
</dl>
</section>
${cancelled ? '' : preparation(view)}
${photos(view)}`,
    {
      script: guestPageScript,
      data: { slug: view.slug, timezone: view.timezone, end: view.end, ...(cancelled ? { cancelled: 'true' } : {}) },
      ...(options.mediaOrigin ? { mediaOrigin: options.mediaOrigin } : {}),
    },
  );
}
