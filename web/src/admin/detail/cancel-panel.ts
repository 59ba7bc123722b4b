import { type BookingDetail, type CancelReason, cancelBooking } from '../booking-api';
import { andList } from '../field-labels';
import { button, field, fill, h, setError } from '../dom';
import { parseMoney } from '../money';
import { ApiError, messageOf } from '../session';
import { alertBox, type Ctx, statusLine } from '../ui';
import { CANCEL_REASON_LABELS } from './cancel-reasons';

export interface ActionPanelHandlers {
  /** The booking changed: show it again. */
  onDone(message: string): void;
  onClose(): void;
}

/**
 * Cancelling a trip: why (the API's reasons), an optional note, and what happens to the
 * money (a refund, a cancellation fee), with what it sets off said before it is pressed.
 */
export function cancelPanel(ctx: Ctx, detail: BookingDetail, handlers: ActionPanelHandlers): HTMLElement {
  const currency = detail.finance?.currency ?? 'USD';
  const reason = h('select', { id: 'cancel-reason', required: true }, h('option', { value: '' }, 'Choose…'));
  for (const [value, label] of Object.entries(CANCEL_REASON_LABELS)) reason.append(h('option', { value }, label));
  const reasonField = field('Reason', reason);
  const note = field('Note (optional)', h('textarea', { id: 'cancel-note', rows: '2', maxlength: '1000' }), { hint: 'For the office and the history, e.g. small craft advisory.' });
  const money = (id: string) => h('input', { id, autocomplete: 'off', inputmode: 'decimal', placeholder: '0.00' });
  const refund = field(`Refund to the guest (optional, ${currency})`, money('cancel-refund'));
  const fee = field(`Cancellation fee (optional, ${currency})`, money('cancel-fee'));
  const problem = h('div');
  const status = statusLine();
  const crewNames = detail.crew.map((c) => c.name);
  const confirm = h('button', { type: 'submit', class: 'danger' }, 'Cancel the trip');

  const form = h(
    'form',
    { class: 'action-panel', novalidate: true, 'aria-labelledby': 'cancel-title', id: 'cancel-panel' },
    h('h2', { id: 'cancel-title', tabindex: '-1' }, 'Cancel this trip'),
    h(
      'p',
      {},
      crewNames.length > 0 ? `${andList(crewNames)} ${crewNames.length === 1 ? 'is' : 'are'} emailed that the trip is off. ` : 'No crew to email. ',
      'The calendar event is cancelled and the guest page says so. The money record stays, with any refund or fee. You can reinstate it later.',
    ),
    reasonField.wrapper,
    note.wrapper,
    h('div', { class: 'two' }, refund.wrapper, fee.wrapper),
    problem,
    h('div', { class: 'actions' }, confirm, button('Keep the trip', () => handlers.onClose(), { class: 'secondary' }), status),
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    fill(problem);
    const chosen = reason.value as CancelReason | '';
    setError(reasonField.error, [reason], chosen ? undefined : 'Choose why the trip is cancelled');
    const amounts: { refund?: number; cancellationFee?: number } = {};
    let ok = Boolean(chosen);
    for (const [key, f] of [['refund', refund], ['cancellationFee', fee]] as const) {
      if (f.control.value.trim() === '') {
        setError(f.error, [f.control], undefined);
        continue;
      }
      const parsed = parseMoney(f.control.value, currency);
      setError(f.error, [f.control], parsed.ok ? undefined : parsed.message);
      if (parsed.ok) amounts[key] = parsed.minor;
      else ok = false;
    }
    if (!ok || !chosen) {
      form.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
      return;
    }
    const text = note.control.value.trim();
    void (async () => {
      confirm.disabled = true;
      status.textContent = 'Cancelling and telling everyone…';
      try {
        await cancelBooking(ctx, detail.bookingId, detail.version, { reason: chosen, ...(text ? { note: text } : {}), ...amounts });
        if (!ctx.signal.aborted) handlers.onDone('The trip is cancelled.');
      } catch (error) {
        if (ctx.signal.aborted) return;
        confirm.disabled = false;
        status.textContent = '';
        fill(problem, actionProblem(error, 'The trip was not cancelled', () => handlers.onDone('')));
      }
    })();
  });
  queueMicrotask(() => form.querySelector('h2')?.focus());
  return form;
}

/** The API's refusal of a cancel or reinstate, in the office's words; a stale page offers a reload. */
export function actionProblem(error: unknown, prefix: string, reload: () => void): HTMLElement {
  if (error instanceof ApiError && error.code === 'version_conflict') {
    return alertBox(
      `${prefix}: someone else changed this booking since this page loaded.`,
      h('div', { class: 'actions' }, button('Reload the booking', reload, { class: 'secondary' })),
    );
  }
  if (error instanceof ApiError && error.code === 'trip_ended') return alertBox(`${prefix}: the trip has already ended.`);
  return alertBox(`${prefix}: ${messageOf(error)}`);
}
