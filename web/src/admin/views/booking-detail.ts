import type { InferResponseType } from 'hono/client';
import { button, fill, h } from '../dom';
import { formatMoney } from '../money';
import { loadRoster, type RosterMember } from '../roster';
import { ApiError, data, messageOf } from '../session';
import { outcomeText, stepsPanel, wireRetry } from '../steps';
import { alertBox, type Ctx, details, heading, section, statusLine, tripWhen, type View } from '../ui';
import { showCrewLinks } from './new-booking';

/**
 * One booking, everything the office may see: its steps (and Retry), the trip, the crew and
 * their checklist, the guest's contact details and the money. The calendar event links here.
 */
export const bookingDetailView: View = (main, ctx, params) => {
  const bookingId = params.bookingId ?? '';
  const title = heading('Booking');
  const status = statusLine('Loading…');
  const body = h('div');
  main.append(h('p', { class: 'crumbs' }, h('a', { href: '/admin' }, '← Bookings')), title, status, body);

  void (async () => {
    try {
      const [booking, roster] = await Promise.all([
        data(ctx.api.bookings[':bookingId'].$get({ param: { bookingId } })),
        loadRoster(ctx.api).catch(() => [] as RosterMember[]),
      ]);
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

type Detail = InferResponseType<Ctx['api']['bookings'][':bookingId']['$get'], 200>;

function render(body: HTMLElement, ctx: Ctx, booking: Detail, roster: RosterMember[]): void {
  const request = booking.booking;
  const byId = new Map(roster.map((m) => [m.crewId, m]));
  const panel = stepsPanel();
  panel.update(booking.steps);
  panel.say(outcomeText(booking.steps));
  const crewLinks = h('div', { class: 'crew-links' });
  const checklist = h('div', {}, h('p', { class: 'hint' }, 'Loading the checklist…'));
  wireRetry(panel, ctx, booking.bookingId, (steps) => {
    booking.steps = steps;
    health.textContent = healthText(steps);
    health.className = healthText(steps).startsWith('✓') ? 'health ok' : 'health bad';
    void loadChecklist();
    crewLinks.replaceChildren();
  });
  const healthy = booking.health === 'ok';
  const health = h('span', { class: healthy ? 'health ok' : 'health bad' }, healthy ? '✓ OK' : '⚠ Needs attention');
  const healthText = (steps: typeof booking.steps) =>
    Object.values(steps).every((s) => s.status === 'succeeded' || s.status === 'skipped') ? '✓ OK' : '⚠ Needs attention';

  const finance = booking.finance;
  const net = finance ? finance.revenue - finance.captainFee - finance.platformFee : 0;
  const guest = request.guest;

  const crewList = request.crew.length
    ? h(
        'ul',
        { class: 'plain-list' },
        ...request.crew.map((a) => {
          const member = byId.get(a.crewId);
          return h(
            'li',
            {},
            h('strong', {}, member?.name ?? a.crewId),
            ` — ${a.role}`,
            member && !member.active ? h('span', { class: 'badge muted-badge' }, 'Inactive') : null,
            member ? h('span', { class: 'hint block' }, h('a', { href: `mailto:${member.email}` }, member.email), member.phone ? ` · ${member.phone}` : '') : null,
          );
        }),
      )
    : h('p', { class: 'hint' }, 'No crew assigned.');

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
            const by = t.doneBy ? byId.get(t.doneBy)?.name ?? t.doneBy : '';
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

  fill(
    body,
    h('p', { class: 'lead' }, health, ' ', tripWhen(request.start, request.end, request.timezone)),
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
        ['Booking reference', `${booking.source} · ${booking.externalId}`],
        ['Guest page', h('a', { href: booking.guestUrl, target: '_blank', rel: 'noreferrer', id: 'guest-link' }, booking.guestUrl)],
      ]),
    ),
    section(
      'Guests',
      details([
        ['Name', guest.name],
        ['On board', String(guest.count)],
        ['Email', guest.email ? h('a', { href: `mailto:${guest.email}` }, guest.email) : undefined],
        ['Phone', guest.phone ? h('a', { href: `tel:${guest.phone.replace(/[^+0-9]/g, '')}` }, guest.phone) : undefined],
      ]),
    ),
    section(
      'Crew',
      crewList,
      request.crew.length ? button('Show crew links', () => void showCrewLinks(ctx, booking.eventId, booking.steps, crewLinks), { class: 'secondary' }) : null,
      crewLinks,
    ),
    section('Crew checklist', checklist),
    section(
      'Money',
      finance
        ? details([
            ['Revenue', formatMoney(finance.revenue, finance.currency)],
            ['Captain fee', formatMoney(finance.captainFee, finance.currency)],
            ['Platform fee', formatMoney(finance.platformFee, finance.currency)],
            ['Net', h('strong', {}, formatMoney(net, finance.currency))],
          ])
        : h('p', { class: 'hint' }, 'No finance record.'),
    ),
  );
  void loadChecklist();
}
