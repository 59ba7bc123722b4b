import { button, fill, h } from '../dom';
import { data, messageOf } from '../session';
import { alertBox, type Ctx, tripDate } from '../ui';
import { answerFeedAlert } from './channel-api';

/** What a booking from a feed still lacks, and what its feed says about it now. */
export interface FeedMarks {
  bookingId: string;
  status: 'active' | 'cancelled';
  needsDetails: string[];
  feedAlert?: { kind: 'missing' | 'cancelled'; channelId: string; since: string };
}

const DETAIL_WORDS: Record<string, string> = { crew: 'crew', finance: 'finance', guest: 'guest details' };

/** Still lacking details: only a trip that is on needs them. */
export const needsDetails = (b: FeedMarks) => b.status === 'active' && b.needsDetails.length > 0;
export const needsAttention = (b: FeedMarks) => needsDetails(b) || Boolean(b.feedAlert);

export function detailsText(b: FeedMarks): string {
  return `Needs details: ${b.needsDetails.map((d) => DETAIL_WORDS[d] ?? d).join(', ')}`;
}

/** "Missing from the Boatsetter — JADA feed — confirm cancellation". */
export function alertText(alert: NonNullable<FeedMarks['feedAlert']>, channelName: string | undefined): string {
  const feed = channelName ? `the ${channelName} feed` : 'its marketplace feed';
  return alert.kind === 'cancelled' ? `Cancelled in ${feed} — confirm cancellation` : `Missing from ${feed} — confirm cancellation`;
}

/** The lines on a booking row: "Needs details: crew, finance", "Missing from the … feed — confirm cancellation". */
export function feedMarks(b: FeedMarks, channelName: (channelId: string) => string | undefined): HTMLElement[] {
  return [
    needsDetails(b) ? h('span', { class: 'booking-problems needs-details' }, `⚠ ${detailsText(b)}`) : null,
    b.feedAlert ? h('span', { class: 'booking-problems feed-alert' }, `⚠ ${alertText(b.feedAlert, channelName(b.feedAlert.channelId))}`) : null,
  ].filter((m): m is HTMLSpanElement => m !== null);
}

/**
 * The one click for a trip the feed lost: "Cancel trip" (cancelled everywhere, for the
 * marketplace) or "Keep trip" (the alert goes and stays gone).
 */
export function alertButtons(ctx: Ctx, b: FeedMarks, title: string, onAnswered: (answer: 'keep' | 'cancel', message: string) => void): HTMLElement {
  const said = h('p', { class: 'status', role: 'status' });
  const ask = (answer: 'keep' | 'cancel') => async () => {
    for (const btn of wrap.querySelectorAll('button')) btn.disabled = true;
    said.textContent = answer === 'cancel' ? 'Cancelling the trip everywhere…' : 'Keeping the trip…';
    try {
      await answerFeedAlert(ctx, b.bookingId, answer);
      if (ctx.signal.aborted) return;
      said.textContent = answer === 'cancel' ? `“${title}” is cancelled: crew and guests are told.` : `“${title}” stays on.`;
      onAnswered(answer, said.textContent);
    } catch (error) {
      if (ctx.signal.aborted) return;
      for (const btn of wrap.querySelectorAll('button')) btn.disabled = false;
      fill(said, alertBox(`Not done: ${messageOf(error)}`));
    }
  };
  const wrap = h(
    'div',
    { class: 'actions' },
    button('Cancel trip', () => void ask('cancel')(), { class: 'danger small', 'aria-describedby': `alert-${b.bookingId}` }),
    button('Keep trip', () => void ask('keep')(), { class: 'secondary small', 'aria-describedby': `alert-${b.bookingId}` }),
  );
  return h('div', { class: 'alert-answer' }, wrap, said);
}

type Summary = Awaited<ReturnType<typeof fetchPage>>['items'][number];

const MAX_PAGES = 20;

function fetchPage(ctx: Ctx, from: string, to: string, cursor: string | undefined) {
  return data(ctx.api.bookings.$get({ query: { from, to, limit: '100', ...(cursor ? { cursor } : {}) } }));
}

/** Bookings from yesterday to 18 months ahead that lack details or wait for an answer. */
export async function loadAttention(ctx: Ctx, now = new Date()): Promise<{ items: Summary[]; partial: boolean }> {
  const from = new Date(now.getTime() - 24 * 3600 * 1000).toISOString();
  const until = new Date(now);
  until.setMonth(until.getMonth() + 18);
  const to = until.toISOString();
  const items: Summary[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await fetchPage(ctx, from, to, cursor);
    items.push(...result.items.filter(needsAttention));
    cursor = result.nextCursor ?? undefined;
    if (!cursor) break;
  }
  return { items, partial: Boolean(cursor) };
}

/** One booking that needs the operator: what it lacks, a "Complete" link, the alert's two buttons. */
export function attentionItem(
  ctx: Ctx,
  b: Summary,
  channelName: (channelId: string) => string | undefined,
  onAnswered: (message: string) => void,
): HTMLLIElement {
  const alertId = `alert-${b.bookingId}`;
  return h(
    'li',
    { class: 'booking attention', 'data-booking-id': b.bookingId },
    h('a', { href: `/admin/bookings/${b.bookingId}`, class: 'booking-title' }, b.title),
    h('span', { class: 'booking-when' }, tripDate(b.start, b.timezone)),
    h('span', { class: 'booking-meta' }, `${b.boat} · ${b.guestName}, ${b.guestCount} · ${b.source}`),
    needsDetails(b)
      ? h(
          'div',
          { class: 'booking-problems actions attention-line' },
          h('strong', {}, `${detailsText(b)}.`),
          h('a', { href: `/admin/bookings/${b.bookingId}/edit`, class: 'button-link', 'aria-label': `Complete ${b.title}, ${tripDate(b.start, b.timezone)}` }, 'Complete'),
        )
      : null,
    b.feedAlert
      ? h(
          'div',
          { class: 'booking-problems attention-alert' },
          h('strong', { id: alertId }, alertText(b.feedAlert, channelName(b.feedAlert.channelId))),
          alertButtons(ctx, b, `${b.title}, ${tripDate(b.start, b.timezone)}`, (_answer, message) => onAnswered(message)),
        )
      : null,
  );
}
