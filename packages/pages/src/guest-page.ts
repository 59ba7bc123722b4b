import type { GuestPageView } from '@scc/core';
import { formatUntil, formatWhen, mapLink } from './format';
import { html, type SafeHtml } from './html';
import { guestPageScript } from './generated/assets';
import { page, pageCsp } from './layout';

/**
 * The guest page's own styles, on top of the shared block: the big upload button over a
 * visually hidden file input, the overall progress, the gallery's tap targets and the photo
 * viewer. Text on the accent takes the shared --on-accent (layout.ts checks its contrast).
 */
const GUEST_STYLE = `
[hidden]{display:none!important}
.vh{position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.pick{display:flex;align-items:center;justify-content:center;min-height:3.5rem;margin:.75rem 0;padding:.75rem 1rem;border-radius:.75rem;background:var(--accent);color:var(--on-accent);font-size:1.15rem;font-weight:600;cursor:pointer;text-align:center}
input.vh:focus-visible+.pick{outline:3px solid var(--fg);outline-offset:3px}
input.vh:disabled+.pick{opacity:.5;cursor:default}
.overall{font-weight:600;margin:.25rem 0}
.uploads{max-height:40vh;overflow:auto}.uploads li span:first-child{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.gallery a{display:block;border-radius:.5rem}
.call{display:inline-flex;align-items:center;min-height:44px}
.progress{font-weight:600;margin:0 0 .5rem}
dialog{padding:0;border:0;background:#000;color:#fff;max-width:100vw;max-height:100vh;width:100%;height:100%}
dialog::backdrop{background:rgba(0,0,0,.85)}
dialog img{display:block;max-width:100%;max-height:calc(100% - 4rem);margin:0 auto;object-fit:contain}
.viewer-bar{display:flex;justify-content:space-between;align-items:center;gap:1rem;padding:.5rem}
.viewer-bar a{color:#fff}
`;

/** The guest page's CSP, for servers that send it as a header too. */
export function guestPageCsp(mediaOrigin?: string): string {
  return pageCsp(true, mediaOrigin, GUEST_STYLE);
}

export interface GuestPageOptions {
  /** Where photos are uploaded to and shown from (the media bucket's origin). */
  mediaOrigin?: string;
}

const ACCEPT = 'image/jpeg,image/png,image/heic,image/heif,image/webp,image/gif,video/mp4,video/quicktime';

/**
 * Uploads stay open until the trip ends plus the operator's grace; the page names that moment
 * in the trip's zone so a guest can plan (the script keeps it current from the gallery, so a
 * grace changed after this page was rendered still shows). The button is a label over a
 * visually hidden file input: one tap, the phone's own picker, then nothing more to press.
 * A cancelled trip renders no upload control at all (and tells the script so), so nothing,
 * not even a script bug, can offer an upload for it; photos already shared stay.
 */
function share(view: GuestPageView): SafeHtml {
  const until = view.uploadsUntil ?? view.end;
  return html`<section id="share" aria-labelledby="share-h">
<h2 id="share-h">Share your photos</h2>
<p id="upload-window">You can add photos and videos until <strong>${formatUntil(until, view.timezone)}</strong>.<span id="upload-left"></span></p>
<input id="files" class="vh" name="files" type="file" multiple accept="${ACCEPT}" disabled>
<label for="files" class="pick">Add photos or videos</label>
<noscript><p class="muted">Uploading needs JavaScript.</p></noscript>
<p id="overall" class="overall" role="status"></p>
<ul id="uploads" class="uploads" aria-label="Your uploads"></ul>
</section>
<section id="thanks" aria-labelledby="thanks-h" hidden>
<h2 id="thanks-h">Thank you for sailing${view.operator?.name ? html` with ${view.operator.name}` : ''}!</h2>
<p>Uploads closed at <strong id="closed-at">${formatUntil(until, view.timezone)}</strong>. The party's photos stay here: tap one to see it full size and save it.</p>
</section>`;
}

function gallery(view: GuestPageView): SafeHtml {
  const intro = view.cancelled
    ? html`<p id="upload-window" class="muted">Uploads are closed because the trip was cancelled; any photos already shared stay here.</p>`
    : html`<p class="muted">Tap a photo to see it full size and save it.</p>`;
  return html`<section id="photos-section" aria-labelledby="photos">
<h2 id="photos">The party's photos</h2>
${intro}
<p id="gallery-empty" class="muted">No photos yet.</p>
<div id="gallery" class="gallery"></div>
</section>
<dialog id="viewer" aria-label="Photo">
<div class="viewer-bar"><a id="viewer-save" href="#" download>Download</a><button type="button" class="close" id="viewer-close">Close</button></div>
<div id="viewer-body"></div>
</dialog>`;
}

/** "Your crew is getting the boat ready — 3 of 5 done"; when every item is ticked, it is ready. */
export function checklistProgress(items: readonly { done: boolean }[]): string {
  const done = items.filter((item) => item.done).length;
  return done === items.length
    ? `Your crew has the boat ready — ${done} of ${items.length} done`
    : `Your crew is getting the boat ready — ${done} of ${items.length} done`;
}

/** What only helps a trip that is going ahead: packing, the crew, the boat being readied. */
function preparation(view: GuestPageView): SafeHtml {
  const crew = view.crew.length
    ? html`<ul>${view.crew.map((c) => html`<li>${c.firstName} <span class="muted">(${c.role})</span></li>`)}</ul>`
    : html`<p class="muted">Your crew will be introduced soon.</p>`;
  const items = view.checklistShows === 'progress'
    ? ''
    : html`<ul id="checklist">${view.checklist.map((t) => html`<li class="${t.done ? 'done' : ''}">${t.label}${t.done ? ' ✓' : ''}</li>`)}</ul>`;
  const checklist = view.checklist.length
    ? html`<p id="prep-progress" class="progress" role="status">${checklistProgress(view.checklist)}</p>${items}`
    : html`<p class="muted">Nothing on the list yet.</p>`;
  return html`${view.whatToBring ? html`<section id="bring-section" aria-labelledby="bring"><h2 id="bring">What to bring</h2><p>${view.whatToBring}</p></section>` : ''}
<section aria-labelledby="crew"><h2 id="crew">Your crew</h2>${crew}</section>
<section id="prep-section" aria-labelledby="prep"><h2 id="prep">Getting the boat ready</h2>${checklist}</section>`;
}

/** A number a phone can dial: digits and a leading +. */
function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '')}`;
}

function operatorRow(view: GuestPageView): SafeHtml | string {
  const { name, phone } = view.operator ?? {};
  if (!name && !phone) return '';
  return html`<dt>Your operator</dt><dd>${name ?? ''}${name && phone ? html`<br>` : ''}${phone ? html`<a class="call" href="${telHref(phone)}">Call ${phone}</a>` : ''}</dd>`;
}

/**
 * The public guest page: the trip at a glance for a phone on a dock. Built only from the
 * GuestPageView projection, which has no money and no contact details of guest or crew in it
 * (the operator's own business phone is there on purpose).
 */
export function renderGuestPage(view: GuestPageView, options: GuestPageOptions = {}): string {
  const cancelled = view.cancelled === true;
  return page(
    view.title,
    html`<h1>${view.title}</h1>
${cancelled ? html`<section class="banner" role="status"><p><strong>This trip has been cancelled.</strong></p><p>We're sorry we won't see you on board. The operator will be in touch about what's next.</p></section>` : share(view)}
<section aria-labelledby="trip"${cancelled ? html` class="off"` : ''}>
<h2 id="trip">${cancelled ? 'The trip that was planned' : 'Your trip'}</h2>
<dl>
<dt>When</dt><dd><span class="struck">${formatWhen(view.start, view.end, view.timezone)}</span>${cancelled ? '' : html`<br><span id="tz-note" class="muted"></span>`}</dd>
<dt>Boat</dt><dd>${view.boat}</dd>
<dt>Meeting point</dt><dd>${view.meetingPoint}${cancelled ? '' : html` · <a href="${mapLink(view.meetingPoint)}" rel="noreferrer">Open in Maps</a>`}</dd>
${operatorRow(view)}
</dl>
</section>
${cancelled ? '' : preparation(view)}
${gallery(view)}`,
    {
      script: guestPageScript,
      style: GUEST_STYLE,
      data: {
        slug: view.slug,
        timezone: view.timezone,
        end: view.end,
        closes: view.uploadsUntil ?? view.end,
        ...(view.checklistShows === 'progress' ? { checklist: 'progress' } : {}),
        ...(cancelled ? { cancelled: 'true' } : {}),
      },
      ...(options.mediaOrigin ? { mediaOrigin: options.mediaOrigin } : {}),
    },
  );
}
