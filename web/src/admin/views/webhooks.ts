import { button, fill, h } from '../dom';
import { messageOf } from '../session';
import { heading, statusLine, type View } from '../ui';
import { listWebhooks, type WebhookView } from '../webhooks/webhook-api';
import { webhookCard } from '../webhooks/webhook-card';
import { webhookForm } from '../webhooks/webhook-form';

/**
 * Webhooks: the endpoints SCC posts signed events to (add, test, rotate the secret, turn off
 * and on, delete) and each one's deliveries. `/admin/webhooks#<webhookId>` (the link in the
 * "endpoint disabled" email) opens that endpoint.
 */
export const webhooksView: View = (main, ctx) => {
  const status = statusLine('Loading the endpoints…');
  const list = h('ul', { class: 'plain-list webhooks', 'aria-label': 'Endpoints' });
  const addArea = h('div', { hidden: true });
  let webhooks: WebhookView[] = [];

  const closeAdd = () => {
    addArea.hidden = true;
    fill(addArea);
    openAdd.hidden = false;
  };

  const openAdd = button('Add endpoint', () => {
    const form = webhookForm(ctx, (made) => {
      closeAdd();
      const { secret, ...webhook } = made;
      webhooks.unshift(webhook);
      list.querySelector('.empty')?.remove();
      const card = cardFor(webhook, { secret });
      list.prepend(card);
      status.textContent = 'Endpoint added.';
      card.querySelector<HTMLButtonElement>('.secret-panel button')?.focus();
    });
    fill(
      addArea,
      h(
        'section',
        { 'aria-labelledby': 'add-webhook-title' },
        h('h2', { id: 'add-webhook-title' }, 'Add an endpoint'),
        form.form,
        button('Close without adding', () => {
          closeAdd();
          openAdd.focus();
        }, { class: 'secondary' }),
      ),
    );
    addArea.hidden = false;
    openAdd.hidden = true;
    form.focus();
  }, { id: 'add-webhook' });

  const cardFor = (webhook: WebhookView, options: { secret?: string; open?: boolean } = {}) =>
    webhookCard(ctx, webhook, {
      ...options,
      onDeleted: (gone) => {
        webhooks = webhooks.filter((w) => w.webhookId !== gone.webhookId);
        list.querySelector(`[data-webhook-id="${CSS.escape(gone.webhookId)}"]`)?.remove();
        if (webhooks.length === 0) drawEmpty();
        status.textContent = gone.description ? `Deleted “${gone.description}”.` : 'Deleted the endpoint.';
        openAdd.focus();
      },
    });

  const drawEmpty = () => list.append(h('li', { class: 'empty' }, 'No endpoints yet. Add one to have SCC tell your other systems about bookings as they happen.'));

  main.append(
    h('div', { class: 'title-row' }, heading('Webhooks'), openAdd),
    h(
      'p',
      {},
      'SCC posts each booking change to your own systems, signed with the endpoint’s secret (Standard Webhooks). A failed delivery is retried for 24 hours; an endpoint that answers 410 or fails for 3 days is disabled.',
    ),
    addArea,
    h('div', { role: 'region', class: 'page-part', 'aria-labelledby': 's-endpoints' }, h('h2', { id: 's-endpoints' }, 'Endpoints'), status, list),
  );

  void (async () => {
    try {
      webhooks = await listWebhooks(ctx);
      if (ctx.signal.aborted) return;
      const wanted = decodeURIComponent(location.hash.slice(1));
      status.textContent = '';
      fill(list, ...webhooks.map((w) => cardFor(w, { open: w.webhookId === wanted })));
      if (webhooks.length === 0) drawEmpty();
      const target = wanted ? document.getElementById(wanted) : null;
      if (target && list.contains(target)) {
        target.scrollIntoView({ block: 'start' });
        target.focus();
      } else if (wanted) {
        status.textContent = 'That endpoint no longer exists; here are the others.';
      }
    } catch (error) {
      if (!ctx.signal.aborted) status.textContent = `Could not load the endpoints: ${messageOf(error)}`;
    }
  })();
};
