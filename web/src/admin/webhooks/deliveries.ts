import { button, fill, h } from '../dom';
import { messageOf } from '../session';
import { alertBox, type Ctx, statusLine } from '../ui';
import { when } from './format';
import { type DeliveryView, listDeliveries, resendDelivery } from './webhook-api';

const STATUS: Record<DeliveryView['status'], [label: string, badge: string]> = {
  delivered: ['Delivered', 'badge active'],
  pending: ['Retrying', 'badge pending'],
  failed: ['Failed', 'badge cancelled'],
  dropped: ['Dropped', 'badge cancelled'],
};

/**
 * One endpoint's deliveries, newest first: the event, its status, attempts, the last answer
 * and error, the payload, and Resend. `onRefresh` refreshes the endpoint too (a failure can
 * make it failing or disabled). Its Refresh button goes where the card puts it.
 */
export function deliveriesPanel(ctx: Ctx, webhookId: string, onRefresh: () => Promise<void>) {
  const status = statusLine();
  const list = h('ul', { class: 'plain-list deliveries', 'aria-label': 'Deliveries' });
  const refresh = button('Refresh', () => void refreshAll(), { class: 'secondary small', 'aria-label': 'Refresh the deliveries' });
  const element = h('div', { class: 'deliveries-panel' }, status, list);

  const item = (d: DeliveryView): HTMLLIElement => {
    const [label, badge] = STATUS[d.status];
    const said = h('p', { class: 'status', role: 'status' });
    const resend = button('Resend', () => void again(), { class: 'secondary small', 'aria-label': `Resend ${d.type} from ${when(d.createdAt)}` });
    const again = async () => {
      resend.disabled = true;
      said.textContent = 'Sending again…';
      try {
        await resendDelivery(ctx, webhookId, d.deliveryId);
        if (ctx.signal.aborted) return;
        await refreshAll(`Sent ${d.type} again.`);
      } catch (error) {
        if (ctx.signal.aborted) return;
        resend.disabled = false;
        fill(said, alertBox(`Could not resend: ${messageOf(error)}`));
      }
    };
    const answer = d.lastStatus !== undefined ? `Last response ${d.lastStatus}` : d.attempts > 0 ? 'No response' : 'Not tried yet';
    return h(
      'li',
      { class: 'delivery', 'data-delivery-id': d.deliveryId, 'data-status': d.status, 'data-type': d.type },
      h('p', { class: 'delivery-head' }, h('code', { class: 'delivery-type' }, d.type), h('span', { class: badge }, label)),
      h('p', { class: 'delivery-meta' }, `${when(d.createdAt)} · ${d.attempts} ${d.attempts === 1 ? 'attempt' : 'attempts'}`),
      h('p', { class: 'delivery-meta' }, answer, d.lastAttemptAt ? ` · ${when(d.lastAttemptAt)}` : ''),
      d.lastError ? h('p', { class: 'delivery-error' }, d.lastError) : null,
      h(
        'div',
        { class: 'delivery-actions' },
        resend,
        h('details', { class: 'payload' }, h('summary', {}, 'Payload'), h('pre', { class: 'code' }, JSON.stringify(d.payload, null, 2))),
      ),
      said,
    );
  };

  async function load(said = ''): Promise<void> {
    status.textContent = said ? `${said} Loading…` : 'Loading the deliveries…';
    try {
      const items = await listDeliveries(ctx, webhookId);
      if (ctx.signal.aborted) return;
      fill(list, ...items.map(item));
      if (items.length === 0) list.append(h('li', { class: 'empty' }, 'Nothing sent yet. Press “Send test” to try the endpoint.'));
      const count = `${items.length} ${items.length === 1 ? 'delivery' : 'deliveries'}${items.length >= 50 ? ' (the latest 50)' : ''}.`;
      status.textContent = said ? `${said} ${count}` : count;
    } catch (error) {
      if (!ctx.signal.aborted) status.textContent = `Could not load the deliveries: ${messageOf(error)}`;
    }
  }

  async function refreshAll(said = ''): Promise<void> {
    refresh.disabled = true;
    try {
      await Promise.all([load(said), onRefresh()]);
    } finally {
      refresh.disabled = false;
    }
  }

  return { element, refreshButton: refresh, load, refresh: refreshAll };
}
