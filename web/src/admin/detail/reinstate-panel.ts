import { type BookingDetail, reinstateBooking } from '../booking-api';
import { conflictsOf, previewPanel } from '../change-preview';
import { button, fill, h } from '../dom';
import { andList } from '../field-labels';
import { type Ctx, statusLine } from '../ui';
import { type ActionPanelHandlers, actionProblem } from './cancel-panel';

/**
 * Putting a cancelled trip back on. Its boat or crew may have been booked elsewhere
 * meanwhile: then the double bookings are listed and it is reinstated only on purpose.
 */
export function reinstatePanel(ctx: Ctx, detail: BookingDetail, handlers: ActionPanelHandlers): HTMLElement {
  const names = detail.crew.map((c) => c.name);
  const status = statusLine();
  const problem = h('div');
  const confirm = button('Reinstate the trip', () => void reinstate(false), { class: 'primary', id: 'confirm-reinstate' });
  const actions = h('div', { class: 'actions' }, confirm, button('Keep it cancelled', () => handlers.onClose(), { class: 'secondary' }), status);
  const panel = h(
    'section',
    { class: 'action-panel', 'aria-labelledby': 'reinstate-title', id: 'reinstate-panel' },
    h('h2', { id: 'reinstate-title', tabindex: '-1' }, 'Reinstate this trip'),
    h(
      'p',
      {},
      names.length > 0 ? `${andList(names)} ${names.length === 1 ? 'is' : 'are'} emailed that the trip is back on. ` : '',
      'The calendar event and the guest page come back as they were.',
    ),
    problem,
    actions,
  );

  async function reinstate(allowConflicts: boolean): Promise<void> {
    confirm.disabled = true;
    status.textContent = 'Reinstating and telling everyone…';
    fill(problem);
    try {
      await reinstateBooking(ctx, detail.bookingId, detail.version, allowConflicts);
      if (!ctx.signal.aborted) handlers.onDone('The trip is back on.');
    } catch (error) {
      if (ctx.signal.aborted) return;
      confirm.disabled = false;
      status.textContent = '';
      const conflicts = conflictsOf(error);
      if (conflicts) {
        // The double bookings come with their own choice: reinstate anyway, or keep it cancelled.
        actions.hidden = true;
        fill(
          problem,
          previewPanel(undefined, {
            confirmLabel: 'Reinstate the trip',
            overrideLabel: 'Reinstate anyway',
            backLabel: 'Keep it cancelled',
            conflicts,
            timeZone: detail.timezone,
            nameOf: (crewId) => detail.crew.find((c) => c.crewId === crewId)?.name ?? crewId,
            onConfirm: (allow) => void reinstate(allow),
            onBack: () => handlers.onClose(),
          }),
        );
        return;
      }
      fill(problem, actionProblem(error, 'The trip was not reinstated', () => handlers.onDone('')));
    }
  }

  queueMicrotask(() => panel.querySelector('h2')?.focus());
  return panel;
}
