import { type BookingDetail, bookingHistory, getBooking } from '../booking-api';
import { cancelPanel } from '../detail/cancel-panel';
import { CANCEL_REASON_LABELS } from '../detail/cancel-reasons';
import { crewSection } from '../detail/crew-section';
import { feedNotice } from '../detail/feed-notice';
import { guestLinkSection } from '../detail/guest-link-section';
import { historyTimeline } from '../detail/history-timeline';
import { photosSection } from '../detail/photos-section';
import { reinstatePanel } from '../detail/reinstate-panel';
import { fill, h } from '../dom';
import { formatMoney } from '../money';
import { loadRoster, type RosterMember } from '../roster';
import { ApiError, data, messageOf } from '../session';
import { outcomeText, settled, stepsPanel, wireRetry } from '../steps';
import { alertBox, type Ctx, details, heading, section, statusLine, tripWhen, type View } from '../ui';

/**
 * One booking, everything the office may see: whether it is on, its steps (and Retry), the
 * trip, the guest page's link and QR code, the guests, the crew with their links, the checklist,
 * the guests' photos (and a zip of them all), the money and its history; and
 * what can be done to it: edit, cancel, reinstate, resend a crew invite. The calendar event
 * links here.
 */
export const bookingDetailView: View = (main, ctx, params) => {
  const bookingId = params.bookingId ?? '';
  const title = heading('Booking');
  const status = statusLine('Loading…');
  const body = h('div');
  main.append(h('p', { class: 'crumbs' }, h('a', { href: '/admin' }, '← Bookings')), title, status, body);

  void (async () => {
    try {
      const [booking, roster] = await Promise.all([getBooking(ctx, bookingId), loadRoster(ctx.api).catch(() => [] as RosterMember[])]);
      if (ctx.signal.aborted) return;
      title.textContent = booking.title;
      document.title = `${booking.title} — ShipCaptainCrew`;
      status.textContent = '';
      render(body, ctx, booking, roster);
    } catch (error) {
      if (ctx.signal.aborted) return;
      status.textContent = '';
      if (error instanceof ApiError && error.status === 404) {
        title.textContent = 'Booking not found';
        fill(body, h('p', {}, `There is no booking ${bookingId}. `, h('a', { href: '/admin' }, 'See all bookings.')));
      } else {
        fill(body, alertBox(`Could not load the booking: ${messageOf(error)}`));
      }
    }
  })();
};

function render(body: HTMLElement, ctx: Ctx, booking: BookingDetail, roster: RosterMember[]): void {
  const request = booking.booking;
  const cancelled = booking.status === 'cancelled';
  const byId = new Map(roster.map((m) => [m.crewId, m]));
  const nameOf = (crewId: string) => booking.crew.find((c) => c.crewId === crewId)?.name ?? byId.get(crewId)?.name ?? crewId;
  const here = `/admin/bookings/${booking.bookingId}`;

  const health = h('span', { class: 'health' });
  const showHealth = () => {
    const ok = settled(booking.steps);
    health.className = ok ? 'health ok' : 'health bad';
    health.textContent = ok ? '✓ OK' : '⚠ Needs attention';
  };
  showHealth();

  const panel = stepsPanel();
  panel.update(booking.steps);
  panel.say(outcomeText(booking.steps));
  const checklist = h('div', {}, h('p', { class: 'hint' }, 'Loading the checklist…'));
  const history = h('div', {}, h('p', { class: 'hint' }, 'Loading the history…'));
  wireRetry(panel, ctx, booking.bookingId, (steps) => {
    booking.steps = steps;
    showHealth();
    void loadChecklist();
    void loadHistory();
  });

  // Cancel and reinstate open a panel under the buttons; a done action shows the booking again.
  const actionArea = h('div');
  const handlers = {
    onDone: (message: string) => {
      ctx.navigate(here, { replace: true });
      if (message) ctx.notify(message);
    },
    onClose: () => {
      actionArea.replaceChildren();
      toggle.focus();
    },
  };
  const toggle = h(
    'button',
    {
      type: 'button',
      class: cancelled ? 'primary' : 'secondary danger-outline',
      id: cancelled ? 'reinstate' : 'cancel-trip',
      onclick: () => fill(actionArea, cancelled ? reinstatePanel(ctx, booking, handlers) : cancelPanel(ctx, booking, handlers)),
    },
    cancelled ? 'Reinstate trip…' : 'Cancel trip…',
  );
  const actions = h('div', { class: 'actions' }, h('a', { href: `${here}/edit`, class: 'button-link', id: 'edit-booking' }, 'Edit'), toggle);

  const finance = booking.finance;
  const refunds = finance?.cancelled;
  // As the finance month counts it: a trip that did not sail pays no captain, and keeps what
  // was not refunded plus any cancellation fee.
  const net = !finance
    ? 0
    : cancelled
      ? finance.revenue - (refunds?.refund ?? 0) + (refunds?.cancellationFee ?? 0) - finance.platformFee
      : finance.revenue - finance.captainFee - finance.platformFee;
  const guest = request.guest;

  const loadChecklist = async () => {
    try {
      const event = await data(ctx.api.events[':eventId'].$get({ param: { eventId: booking.eventId } }));
      if (ctx.signal.aborted) return;
      const done = event.crewTasks.filter((t) => t.done).length;
      fill(
        checklist,
        h('p', { class: 'hint' }, `${done} of ${event.crewTasks.length} done.`),
        h(
          'ul',
          { class: 'plain-list checklist-view' },
          ...event.crewTasks.map((t) => {
            const by = t.doneBy ? nameOf(t.doneBy) : '';
            return h('li', { class: t.done ? 'done' : '' }, t.done ? '☑ ' : '☐ ', t.label, t.done && by ? h('span', { class: 'hint' }, ` — ${by}`) : null);
          }),
        ),
      );
    } catch (error) {
      if (ctx.signal.aborted) return;
      fill(
        checklist,
        h('p', { class: 'hint' }, error instanceof ApiError && error.status === 404 ? 'The crew event is not written yet: retry the crew event step.' : `Could not load the checklist: ${messageOf(error)}`),
      );
    }
  };

  const loadHistory = async () => {
    try {
      const items = await bookingHistory(ctx, booking.bookingId);
      if (ctx.signal.aborted) return;
      fill(history, historyTimeline(items, { timeZone: request.timezone, currency: finance?.currency ?? 'USD', nameOf }));
    } catch (error) {
      if (!ctx.signal.aborted) fill(history, alertBox(`Could not load the history: ${messageOf(error)}`));
    }
  };

  const cancellation = booking.cancellation;
  fill(
    body,
    h(
      'p',
      { class: 'lead' },
      cancelled ? h('span', { class: 'badge cancelled', id: 'booking-status' }, 'Cancelled') : h('span', { class: 'badge active', id: 'booking-status' }, 'Active'),
      ' ',
      health,
      ' ',
      tripWhen(request.start, request.end, request.timezone),
    ),
    cancellation
      ? h(
          'div',
          { class: 'cancelled-note', role: 'note' },
          h('p', {}, h('strong', {}, `Cancelled: ${CANCEL_REASON_LABELS[cancellation.reason] ?? cancellation.reason}`), cancellation.note ? ` — ${cancellation.note}` : ''),
          h('p', { class: 'hint' }, `On ${new Date(cancellation.at).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' })}. Crew and guests see that the trip is off.`),
        )
      : null,
    feedNotice(ctx, booking, (answer) => handlers.onDone(answer === 'cancel' ? `“${booking.title}” is cancelled for the marketplace.` : `“${booking.title}” stays on.`)),
    actions,
    actionArea,
    section('Steps', panel.element),
    section(
      'Trip',
      details([
        ['When', tripWhen(request.start, request.end, request.timezone)],
        ['Time zone', request.timezone.replace(/_/g, ' ')],
        ['Boat', request.boat],
        ['Meeting point', request.meetingPoint],
        ['What to bring', request.whatToBring],
        ['Notes for the crew', request.notes],
        ['Booking reference', `${booking.source} · ${booking.externalId} · version ${booking.version}`],
      ]),
    ),
    guestLinkSection(booking.guestUrl, booking.title, cancelled),
    section(
      'Guests',
      details([
        ['Name', guest.name],
        ['On board', String(guest.count)],
        ['Email', guest.email ? h('a', { href: `mailto:${guest.email}` }, guest.email) : undefined],
        ['Phone', guest.phone ? h('a', { href: `tel:${guest.phone.replace(/[^+0-9]/g, '')}` }, guest.phone) : undefined],
      ]),
    ),
    crewSection(ctx, booking, roster),
    section('Crew checklist', checklist),
    photosSection(ctx, booking.bookingId),
    section(
      'Money',
      finance
        ? details([
            ['Revenue', formatMoney(finance.revenue, finance.currency)],
            ['Captain fee', formatMoney(finance.captainFee, finance.currency)],
            ['Platform fee', formatMoney(finance.platformFee, finance.currency)],
            ['Net', [h('strong', {}, formatMoney(net, finance.currency)), cancelled ? h('span', { class: 'hint block' }, 'Cancelled: no captain fee; refund and fee counted.') : null]],
            ['Refund', refunds?.refund !== undefined ? formatMoney(refunds.refund, finance.currency) : undefined],
            ['Cancellation fee', refunds?.cancellationFee !== undefined ? formatMoney(refunds.cancellationFee, finance.currency) : undefined],
          ])
        : h('p', { class: 'hint' }, 'No finance record.'),
    ),
    section('History', history),
  );
  void loadChecklist();
  void loadHistory();
}
