import { alertButtons, alertText, detailsText, type FeedMarks, needsDetails } from '../channels/attention';
import { getChannel } from '../channels/channel-api';
import { h } from '../dom';
import type { Ctx } from '../ui';

/**
 * On a booking a marketplace feed brought in: what it still lacks ("Needs details: crew,
 * finance", with the way to the edit form), and the feed's alert with its one-click answer.
 */
export function feedNotice(
  ctx: Ctx,
  booking: FeedMarks & { title: string; origin?: { channelId: string } },
  onAnswered: (answer: 'keep' | 'cancel') => void,
): HTMLElement | null {
  const lacking = needsDetails(booking);
  const alert = booking.feedAlert;
  if (!lacking && !alert) return null;
  const channelId = alert?.channelId ?? booking.origin?.channelId;
  const fromText = h('span', {}, channelId ? ' It came from a marketplace feed without them.' : '');
  const alertLine = alert ? h('strong', { id: `alert-${booking.bookingId}` }, alertText(alert, undefined)) : null;
  if (channelId) {
    void getChannel(ctx, channelId)
      .then((channel) => {
        if (ctx.signal.aborted) return;
        fromText.textContent = ` It came from “${channel.name}” without them.`;
        if (alert && alertLine) alertLine.textContent = alertText(alert, channel.name);
      })
      .catch(() => undefined);
  }
  const since = alert ? new Date(alert.since).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' }) : '';
  return h(
    'div',
    { class: 'feed-notice' },
    lacking
      ? h(
          'div',
          { class: 'row-actions confirm-row', id: 'needs-details' },
          h('p', { class: 'confirm' }, `${detailsText(booking)}.`, fromText),
          h('a', { href: `/admin/bookings/${booking.bookingId}/edit`, class: 'button-link', id: 'complete-details' }, 'Complete details'),
        )
      : null,
    alert
      ? h(
          'div',
          { class: 'alert', id: 'feed-alert' },
          h('p', {}, alertLine),
          h(
            'p',
            { class: 'hint' },
            `Noticed ${since}. Cancel trip: it is cancelled everywhere for the marketplace, and crew and guests are told. Keep trip: the feed is wrong and the trip stays on.`,
          ),
          alertButtons(ctx, booking, booking.title, onAnswered),
        )
      : null,
  );
}
