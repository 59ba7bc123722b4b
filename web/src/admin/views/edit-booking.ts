import { type BookingDetail, getBooking, previewChange, saveChange } from '../booking-api';
import { bookingForm, type BookingForm } from '../booking-form/form';
import { type BookingPatch, patchOf } from '../booking-form/patch';
import { progressSection } from '../booking-form/progress';
import { type ChangePreview, type Conflict, conflictsOf, previewPanel } from '../change-preview';
import { button, fill, h } from '../dom';
import { ApiError, messageOf } from '../session';
import { outcomeText, withLiveSteps, wireRetry } from '../steps';
import { alertBox, type Ctx, heading, statusLine, type View } from '../ui';

/**
 * Changing a booking: the booking form, filled in from the booking as it stands. Saving sends
 * only the fields that changed, on the version that was read (If-Match); first it shows what
 * the change would do (who is emailed and why, double bookings), from POST …/preview.
 */
export const editBookingView: View = (main, ctx, params) => {
  const bookingId = params.bookingId ?? '';
  const back = h('a', { href: `/admin/bookings/${bookingId}` }, '← Booking');
  const title = heading('Edit booking');
  title.id = 'edit-booking-title';
  const status = statusLine('Loading…');
  const body = h('div');
  main.append(h('p', { class: 'crumbs' }, back), title, status, body);

  void (async () => {
    try {
      const detail = await getBooking(ctx, bookingId);
      if (ctx.signal.aborted) return;
      status.textContent = '';
      title.textContent = `Edit: ${detail.title}`;
      document.title = `Edit ${detail.title} — ShipCaptainCrew`;
      back.textContent = `← ${detail.title}`;
      editor(body, ctx, detail, title.id);
    } catch (error) {
      if (ctx.signal.aborted) return;
      status.textContent = '';
      fill(body, alertBox(error instanceof ApiError && error.status === 404 ? `There is no booking ${bookingId}.` : `Could not load the booking: ${messageOf(error)}`));
    }
  })();
};

function editor(body: HTMLElement, ctx: Ctx, detail: BookingDetail, labelledBy: string): void {
  const { bookingId } = detail;
  const stored = detail.booking;
  const results = h('div', { class: 'results', hidden: true });
  const review = h('div', { class: 'review', hidden: true });
  const form: BookingForm = bookingForm(ctx, {
    labelledBy,
    submitLabel: 'Review changes',
    initial: {
      reference: { source: detail.source, externalId: detail.externalId },
      trip: stored,
      crew: stored.crew,
      tasks: stored.crewTasks,
      finance: detail.finance,
    },
  });
  const reference = h('p', { class: 'hint' }, `${detail.source} · ${detail.externalId} · version ${detail.version}`);
  const cancelled = detail.status === 'cancelled'
    ? h('p', {}, h('span', { class: 'badge cancelled' }, 'Cancelled'), ' This trip is cancelled. It can still be changed; reinstate it from the booking to put it back on.')
    : null;
  body.append(reference, cancelled ?? '', results, form.form, review);

  const unlock = () => {
    form.lock(false, '');
    review.hidden = true;
    review.replaceChildren();
  };

  form.form.addEventListener('input', () => {
    form.status.textContent = '';
  });
  form.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const valid = form.validate();
    if (!valid) return;
    const patch = patchOf(detail, valid.booking, valid.tasks);
    if (Object.keys(patch).length === 0) {
      form.status.textContent = 'Nothing has changed yet.';
      return;
    }
    form.status.textContent = '';
    void reviewChange(patch);
  });

  /** Step one: what the change would do, nothing written yet. */
  async function reviewChange(patch: BookingPatch): Promise<void> {
    form.lock(true, 'Checking…');
    let preview: ChangePreview;
    try {
      preview = await previewChange(ctx, bookingId, patch);
    } catch (error) {
      if (ctx.signal.aborted) return;
      unlock();
      form.showServerError(error, 'The change was not checked');
      return;
    }
    if (ctx.signal.aborted) return;
    showReview(patch, preview, preview.conflicts);
  }

  function showReview(patch: BookingPatch, preview: ChangePreview | undefined, conflicts: Conflict[]): void {
    form.lock(true, 'Review changes');
    fill(
      review,
      previewPanel(preview, {
        confirmLabel: 'Save changes',
        conflicts,
        timeZone: patch.timezone ?? stored.timezone,
        nameOf: (crewId) => form.crew.nameOf(crewId),
        onConfirm: (allowConflicts) => void save(patch, preview, allowConflicts),
        onBack: () => {
          unlock();
          form.submit.focus();
        },
      }),
    );
    review.hidden = false;
  }

  /** Step two: the change, on the version this form was filled from, with every step shown live. */
  async function save(patch: BookingPatch, preview: ChangePreview | undefined, allowConflicts: boolean): Promise<void> {
    review.hidden = true;
    form.lock(true, 'Saving…');
    const trip = { title: patch.title ?? stored.title, start: patch.start ?? stored.start, end: patch.end ?? stored.end, timezone: patch.timezone ?? stored.timezone };
    const progress = progressSection(results, trip, 'Saving the change and bringing every system up to date…');
    let answer: Awaited<ReturnType<typeof saveChange>>;
    try {
      answer = await withLiveSteps(
        progress.panel,
        () => saveChange(ctx, bookingId, detail.version, patch, allowConflicts),
        async () => {
          const now = await getBooking(ctx, bookingId);
          // Until the new version is written, the steps shown would be the old ones.
          return now.version > detail.version ? now.steps : undefined;
        },
        ctx.signal,
      );
    } catch (error) {
      if (ctx.signal.aborted) {
        ctx.notify(`The change to “${stored.title}” was not saved: ${messageOf(error)}`, { href: `/admin/bookings/${bookingId}`, label: 'Open the booking' });
        return;
      }
      results.hidden = true;
      results.replaceChildren();
      const conflicts = conflictsOf(error);
      if (conflicts) {
        // Another trip took the boat or a person since the preview: say so, and let them choose.
        showReview(patch, preview, conflicts);
        return;
      }
      if (error instanceof ApiError && error.code === 'version_conflict') {
        staleVersion();
        return;
      }
      unlock();
      form.showServerError(error, 'The change was not saved');
      return;
    }
    const { result } = answer;
    if (ctx.signal.aborted) {
      ctx.notify(`“${trip.title}”: ${outcomeText(result.steps)}`, { href: `/admin/bookings/${bookingId}`, label: 'Open the booking' });
      return;
    }
    form.form.hidden = true;
    progress.retitle(`Changes saved (version ${result.version})`);
    progress.panel.update(result.steps);
    progress.panel.say(outcomeText(result.steps));
    progress.element.append(
      h('div', { class: 'actions' }, h('a', { href: `/admin/bookings/${bookingId}`, class: 'button-link', id: 'open-booking' }, 'Open the booking')),
    );
    if (document.activeElement === document.body) progress.focus();
    wireRetry(progress.panel, ctx, bookingId);
  }

  /** 412: someone saved this booking after this form was filled. Their change is not overwritten. */
  function staleVersion(): void {
    form.lock(true, 'Review changes');
    fill(
      review,
      h(
        'div',
        { class: 'alert', role: 'alert', id: 'stale-version' },
        h('p', {}, h('strong', {}, 'Someone else changed this booking while you were editing it.'), ' Your changes were not saved, so theirs are not overwritten.'),
        h('p', {}, 'Reload to see the booking as it is now, then make your change again.'),
        h(
          'div',
          { class: 'actions' },
          button('Reload the booking', () => ctx.navigate(`/admin/bookings/${bookingId}/edit`, { replace: true }), { class: 'primary' }),
          h('a', { href: `/admin/bookings/${bookingId}`, target: '_blank', rel: 'noreferrer' }, 'See their change in a new tab'),
        ),
      ),
    );
    review.hidden = false;
    review.querySelector('button')?.focus();
  }
}
