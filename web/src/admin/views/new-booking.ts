import type { Steps } from '../core';
import { showCrewLinks } from '../crew-links';
import { button, h } from '../dom';
import { type BookingSubmission, bookingForm } from '../booking-form/form';
import { progressSection } from '../booking-form/progress';
import { messageOf, send } from '../session';
import { outcomeText, withLiveSteps, wireRetry } from '../steps';
import { heading, type View } from '../ui';

type BookingResultBody = { bookingId: string; eventId: string; slug: string; guestUrl: string; steps: Steps };

/**
 * A new booking: the one form, then one press of "Create booking" and the four steps shown as
 * they happen (polled by the marketplace reference while the POST runs), with Retry.
 */
export const newBookingView: View = (main, ctx) => {
  const title = heading('New booking');
  title.id = 'new-booking-title';
  const results = h('div', { class: 'results', hidden: true });
  const booking = bookingForm(ctx, { labelledBy: title.id, submitLabel: 'Create booking' });
  main.append(title, results, booking.form);

  booking.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const valid = booking.validate();
    if (valid) void create(valid.booking);
  });

  async function create(body: BookingSubmission): Promise<void> {
    booking.lock(true, 'Creating…');
    const progress = progressSection(results, body, 'Saving the booking and running every step…');
    let answer: { status: number; result: BookingResultBody };
    try {
      answer = await withLiveSteps(
        progress.panel,
        async () => {
          const res = await send(ctx.api.bookings.$post({ json: body }));
          return { status: res.status, result: await res.json() };
        },
        async () => {
          const res = await ctx.api.bookings.lookup.$get({ query: { source: body.source, externalId: body.externalId } });
          return res.ok ? (await res.json()).steps : undefined;
        },
        ctx.signal,
      );
    } catch (error) {
      if (ctx.signal.aborted) {
        ctx.notify(`The booking “${body.title}” was not created: ${messageOf(error)}`, { href: '/admin/new', label: 'Enter it again' });
        return;
      }
      results.hidden = true;
      results.replaceChildren();
      booking.lock(false, '');
      booking.showServerError(error, 'The booking was not created');
      return;
    }
    const { result, status } = answer;
    if (ctx.signal.aborted) {
      ctx.notify(`Booking “${body.title}”: ${outcomeText(result.steps)}`, { href: `/admin/bookings/${result.bookingId}`, label: 'Open the booking' });
      return;
    }
    booking.form.hidden = true;
    const replayed = status === 200;
    progress.panel.update(result.steps);
    progress.panel.say(replayed ? 'This booking was already saved with exactly these details: nothing changed.' : outcomeText(result.steps));
    progress.retitle(replayed ? 'Already booked' : 'Booking created');
    const crewLinks = h('div', { class: 'crew-links' });
    progress.element.append(
      h('h3', {}, 'Links'),
      h('ul', { class: 'links' }, h('li', {}, 'Guest page: ', h('a', { href: result.guestUrl, id: 'guest-link', target: '_blank', rel: 'noreferrer' }, result.guestUrl))),
      crewLinks,
      h(
        'div',
        { class: 'actions' },
        h('a', { href: `/admin/bookings/${result.bookingId}`, class: 'button-link' }, 'Open the booking'),
        button('Enter another booking', () => ctx.navigate('/admin/new', { replace: true }), { class: 'secondary' }),
      ),
    );
    // Focus stays where the operator left it, unless hiding the form dropped it.
    if (document.activeElement === document.body) progress.focus();
    void showCrewLinks(ctx, result.eventId, result.steps, crewLinks);
    wireRetry(progress.panel, ctx, result.bookingId, (steps) => void showCrewLinks(ctx, result.eventId, steps, crewLinks));
  }
};
