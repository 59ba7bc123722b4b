import type { CrewPageResponse, CrewPageView } from '@scc/core';
import { answerLine, tickTime } from '@scc/core/crew-time';
import { crewPageScript } from './generated/assets';
import { CREW_STYLE } from './crew-page-style';
import { formatDate, formatTimeRange, mapLink } from './format';
import { html, type SafeHtml } from './html';
import { page, pageCsp } from './layout';

export const CREW_PAGE_CSP = pageCsp(true, undefined, CREW_STYLE);

/** The person's own calendar feed: `webcal:` to subscribe, the same feed over https to copy. */
export interface CrewCalendarFeed {
  subscribeUrl: string;
  copyUrl: string;
}

export interface CrewPageOptions {
  calendarFeed?: CrewCalendarFeed;
  /** This one trip as an .ics file, for "Add to my calendar". */
  tripIcsUrl?: string;
  /** The server's now: a tick shows its date unless it was today, on the day of the trip. */
  now?: Date;
}

/**
 * The crew member's page behind their magic link, phone first: when and where, then their
 * answer (Confirm or Can't make it), then the checklist with its progress, then the rest.
 */
export function renderCrewPage(view: CrewPageView, options: CrewPageOptions = {}): string {
  const now = options.now ?? new Date();
  const cancelled = view.cancelled === true;
  return page(
    `${view.title} — crew`,
    html`<p class="muted">Hi ${view.viewerName}</p>
<h1>${view.title}</h1>
${cancelled ? html`<section class="banner" role="status"><p><strong>Cancelled — this trip is off.</strong> You don't need to come.</p></section>` : ''}
${tripCard(view, options)}
${view.response ? answerSection(view.response, now, view.timezone) : ''}
${checklistSection(view, now)}
${detailsSection(view)}
${view.notes ? html`<section aria-labelledby="notes"><h2 id="notes">Notes</h2><p>${view.notes}</p></section>` : ''}
${view.guestPageUrl ? html`<p><a href="${view.guestPageUrl}">The guests' page</a></p>` : ''}
${feedSection(options.calendarFeed)}`,
    {
      script: crewPageScript,
      style: CREW_STYLE,
      data: {
        'event-id': view.eventId,
        timezone: view.timezone,
        start: view.start,
        ...(cancelled ? { cancelled: 'true' } : {}),
      },
    },
  );
}

/** What the person needs first on the dock: when, where, and the way into their calendar. */
function tripCard(view: CrewPageView, options: CrewPageOptions): SafeHtml {
  const cancelled = view.cancelled === true;
  return html`<section aria-labelledby="trip"${cancelled ? html` class="off"` : ''}>
<h2 id="trip">Trip</h2>
<p class="trip-when"><span class="struck">${formatDate(view.start, view.timezone)}<br>${formatTimeRange(view.start, view.end, view.timezone)}</span></p>
<p><span id="countdown" class="muted" data-start="${view.start}" data-end="${view.end}"></span></p>
<p class="trip-where">${view.meetingPoint}<br><span class="muted">Boat:</span> ${view.boat}</p>
${cancelled ? '' : html`<p class="trip-actions"><a href="${mapLink(view.meetingPoint)}" rel="noreferrer">Open in Maps</a>${options.tripIcsUrl ? html`<a href="${options.tripIcsUrl}">Add to my calendar</a>` : ''}</p>`}
</section>`;
}

/**
 * Confirm or Can't make it, with the current answer pressed. The buttons start disabled: the
 * page's script sends the answer (no form posts here, and no link that acts).
 */
function answerSection(response: CrewPageResponse, now: Date, timeZone: string): SafeHtml {
  const state = html`<p id="answer-state" class="answer-state ${response.status}" role="status" aria-live="polite">${answerLine(response, timeZone, now)}</p>`;
  if (!response.open) {
    return html`<section aria-labelledby="answer"><h2 id="answer">Your answer</h2>${state}</section>`;
  }
  const pressed = (status: CrewPageResponse['status']) => (response.status === status ? 'true' : 'false');
  return html`<section aria-labelledby="answer" id="answer-section"><h2 id="answer">Can you make it?</h2>
${state}
<div class="answer-buttons">
<button type="button" id="confirm" aria-pressed="${pressed('confirmed')}" disabled>Confirm</button>
<button type="button" id="decline" class="secondary" aria-pressed="${pressed('declined')}" aria-expanded="false" aria-controls="decline-note" disabled>Can't make it</button>
</div>
<div id="decline-note" class="answer-note" hidden>
<label for="note">A note for the operator (optional)</label>
<textarea id="note" rows="3" maxlength="500">${response.status === 'declined' ? (response.note ?? '') : ''}</textarea>
<div class="row"><button type="button" id="send-decline">Send: can't make it</button><button type="button" id="keep" class="secondary">Back</button></div>
</div>
</section>`;
}

function checklistSection(view: CrewPageView, now: Date): SafeHtml {
  const cancelled = view.cancelled === true;
  const done = view.checklist.filter((t) => t.done).length;
  const total = view.checklist.length;
  // Checkboxes start disabled: without the script a tick could not be saved. On a cancelled
  // trip they stay so (the script leaves them), and the list is there to read, not to work.
  const list = total
    ? html`<p id="progress" class="progress">${done} of ${total} done</p>
<progress id="progress-bar" class="progress-bar" value="${done}" max="${total}" aria-labelledby="progress"></progress>
<ul id="checklist" class="checklist">${view.checklist.map(
        (t) =>
          html`<li class="${t.done ? 'done' : ''}"><label><input type="checkbox" data-task-id="${t.taskId}"${t.done ? html` checked` : ''} disabled> ${t.label}</label> <span class="muted" data-done-by="${t.taskId}">${t.done && t.doneBy ? `— ${t.doneBy}${t.doneAt ? `, ${tickTime(t.doneAt, view.start, view.timezone, now)}` : ''}` : ''}</span></li>`,
      )}</ul>
<p id="checklist-status" class="muted" role="status" aria-live="polite"></p>`
    : html`<p class="muted">No tasks for this trip.</p>`;
  return html`<section aria-labelledby="tasks"><h2 id="tasks">Checklist</h2>${cancelled ? html`<p class="muted">Read only: the trip is off.</p>` : ''}${list}</section>`;
}

function detailsSection(view: CrewPageView): SafeHtml {
  const crew = html`<ul>${view.crew.map(
    (c) =>
      html`<li>${c.name} <span class="muted">(${c.role})</span>${
        c.status && c.status !== 'pending' ? html` <span class="crew-status">${c.status === 'confirmed' ? '✓ confirmed' : "can't make it"}</span>` : ''
      }${c.phone ? html` · <a href="tel:${c.phone.replace(/[^+0-9]/g, '')}">${c.phone}</a>` : ''}</li>`,
  )}</ul>`;
  return html`<section aria-labelledby="details"><h2 id="details">Guests and crew</h2>
<dl>
<dt>Guests</dt><dd>${view.partyName ? `${view.partyName}, ` : ''}${view.guestCount} on board</dd>
</dl>
<h3 id="crew">Crew</h3>${crew}</section>`;
}

function feedSection(feed: CrewCalendarFeed | undefined): SafeHtml | string {
  if (!feed) return '';
  return html`<section aria-labelledby="calendar"><h2 id="calendar">All your trips</h2>
<p><a href="${feed.subscribeUrl}">Add to my calendar</a> <span class="muted">— all your trips, kept up to date</span></p>
<p class="muted">If your calendar app does not open, copy <a href="${feed.copyUrl}" rel="noreferrer">this link</a> and add it as a calendar subscription. It is yours alone: keep it to yourself.</p>
</section>`;
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
