import { button, fill, h } from '../dom';
import { messageOf } from '../session';
import { alertBox, type Ctx, details } from '../ui';
import { deliveriesPanel } from './deliveries';
import { when } from './format';
import { secretPanel } from './secret-panel';
import { deleteWebhook, getWebhook, rotateSecret, sendTest, setEnabled, type WebhookView } from './webhook-api';

export interface CardOptions {
  /** A secret to show once (the endpoint was just added). */
  secret?: string;
  /** Open its deliveries at once (a deep link, `/admin/webhooks#<webhookId>`). */
  open?: boolean;
  onDeleted(webhook: WebhookView): void;
}

/**
 * One endpoint: where it is, what it gets, whether it is on (and why not), and Send test,
 * Rotate secret…, Disable/Enable, Delete…, with its deliveries below.
 */
export function webhookCard(ctx: Ctx, initial: WebhookView, options: CardOptions): HTMLElement {
  let webhook = initial;
  const id = webhook.webhookId;
  const top = h('div');
  const said = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const confirmRow = h('div', { class: 'row-actions confirm-row' });
  const secretArea = h('div');
  const panelId = `${id}-deliveries`;
  const toggle = h('button', { type: 'button', class: 'secondary small', 'aria-expanded': 'false', 'aria-controls': panelId }, 'Show deliveries');
  const deliveries = deliveriesPanel(ctx, id, () => reload());
  const panel = h('div', { id: panelId, hidden: true, role: 'region', 'aria-label': `Deliveries to ${webhook.url}` }, deliveries.element);
  deliveries.refreshButton.hidden = true;
  const card = h(
    'li',
    { class: 'card webhook', id, tabindex: '-1', 'data-webhook-id': id },
    top,
    said,
    confirmRow,
    secretArea,
    h('div', { class: 'row-actions deliveries-bar' }, toggle, deliveries.refreshButton),
    panel,
  );

  const name = () => webhook.description || webhook.url;

  const show = () => {
    const state = webhook.enabled
      ? h('span', { class: 'badge active' }, 'Enabled')
      : h('span', { class: 'badge cancelled' }, 'Disabled');
    fill(
      top,
      h('h3', { class: 'webhook-title' }, webhook.description || hostOf(webhook.url), state),
      webhook.disabled && !webhook.enabled
        ? alertBox(`${webhook.disabled.reason}, so SCC disabled it (${when(webhook.disabled.at)}). Nothing is sent until you enable it again.`)
        : !webhook.enabled
          ? h('p', { class: 'hint' }, 'Turned off: nothing is sent until you enable it again.')
          : null,
      webhook.failingSince && webhook.enabled
        ? h('p', { class: 'delivery-error' }, `Failing since ${when(webhook.failingSince)}. After 3 days of failures it is disabled.`)
        : null,
      details([
        ['URL', h('span', { class: 'webhook-url' }, webhook.url)],
        ['Events', h('span', { class: 'event-list' }, ...webhook.events.flatMap((e, i) => [i > 0 ? ', ' : '', h('code', {}, e)]))],
        ['Money', webhook.includeFinance ? h('strong', {}, 'Includes money (revenue and fees) in booking events') : 'Not included'],
        ['Told when disabled', webhook.notifyEmail ?? ''],
        ['Added', when(webhook.createdAt)],
      ]),
      h(
        'div',
        { class: 'row-actions' },
        button('Send test', () => void test(), { class: 'small', 'aria-label': `Send a test event to ${name()}`, disabled: !webhook.enabled }),
        button('Rotate secret…', askRotate, { class: 'secondary small', 'aria-label': `Rotate the secret of ${name()}` }),
        webhook.enabled
          ? button('Disable', () => void turn(false), { class: 'secondary small', 'aria-label': `Disable ${name()}` })
          : button('Enable', () => void turn(true), { class: 'small', 'aria-label': `Enable ${name()}` }),
        button('Delete…', askDelete, { class: 'secondary small danger-outline', 'aria-label': `Delete ${name()}` }),
      ),
    );
  };

  async function reload(): Promise<void> {
    try {
      const fresh = await getWebhook(ctx, id);
      if (ctx.signal.aborted) return;
      webhook = fresh;
      said.textContent = '';
      show();
    } catch (error) {
      if (!ctx.signal.aborted) said.textContent = `Could not refresh the endpoint: ${messageOf(error)}`;
    }
  }

  const openDeliveries = (said = '') => {
    panel.hidden = false;
    toggle.setAttribute('aria-expanded', 'true');
    toggle.textContent = 'Hide deliveries';
    deliveries.refreshButton.hidden = false;
    return deliveries.load(said);
  };
  toggle.addEventListener('click', () => {
    if (panel.hidden) void openDeliveries();
    else {
      panel.hidden = true;
      toggle.setAttribute('aria-expanded', 'false');
      toggle.textContent = 'Show deliveries';
      deliveries.refreshButton.hidden = true;
    }
  });

  async function test(): Promise<void> {
    said.textContent = 'Sending a test event…';
    try {
      await sendTest(ctx, id);
      if (ctx.signal.aborted) return;
      said.textContent = '';
      await openDeliveries('Test event sent; press Refresh for the answer.');
    } catch (error) {
      if (!ctx.signal.aborted) said.textContent = `Could not send a test: ${messageOf(error)}`;
    }
  }

  async function turn(enabled: boolean): Promise<void> {
    try {
      webhook = await setEnabled(ctx, id, enabled);
      if (ctx.signal.aborted) return;
      show();
      said.textContent = enabled ? 'Enabled: new events are sent again (events while it was off are not).' : 'Disabled: nothing is sent until you enable it.';
      top.querySelector<HTMLButtonElement>(enabled ? 'button[aria-label^="Disable"]' : 'button[aria-label^="Enable"]')?.focus();
    } catch (error) {
      if (!ctx.signal.aborted) said.textContent = `Could not ${enabled ? 'enable' : 'disable'}: ${messageOf(error)}`;
    }
  }

  const showSecret = (secret: string, rotated: boolean) => {
    fill(
      secretArea,
      secretPanel(secret, {
        rotated,
        onDone: () => {
          fill(secretArea);
          toggle.focus();
        },
      }),
    );
  };

  function askRotate(): void {
    const yes = button('Make a new secret', () => void rotate(), { class: 'danger small' });
    const no = button('Keep the secret', () => {
      fill(confirmRow);
      top.querySelector<HTMLButtonElement>('button[aria-label^="Rotate"]')?.focus();
    }, { class: 'secondary small' });
    fill(confirmRow, h('p', { class: 'confirm' }, 'Make a new signing secret? It is shown once. The old one keeps signing for 24 hours, then stops.'), yes, no);
    yes.focus();
  }

  async function rotate(): Promise<void> {
    try {
      const answer = await rotateSecret(ctx, id);
      if (ctx.signal.aborted) return;
      fill(confirmRow);
      const { secret, ...view } = answer;
      webhook = view;
      show();
      showSecret(secret, true);
      secretArea.querySelector('h3')?.setAttribute('tabindex', '-1');
      secretArea.querySelector<HTMLElement>('h3')?.focus();
    } catch (error) {
      if (!ctx.signal.aborted) fill(confirmRow, alertBox(`Could not rotate the secret: ${messageOf(error)}`));
    }
  }

  function askDelete(): void {
    const yes = button('Delete the endpoint', () => void remove(), { class: 'danger small' });
    const no = button('Keep it', () => {
      fill(confirmRow);
      top.querySelector<HTMLButtonElement>('.danger-outline')?.focus();
    }, { class: 'secondary small' });
    fill(confirmRow, h('p', { class: 'confirm' }, `Delete the endpoint ${webhook.url}? Nothing more is sent to it, and its deliveries are no longer listed.`), yes, no);
    yes.focus();
  }

  async function remove(): Promise<void> {
    try {
      await deleteWebhook(ctx, id);
      if (!ctx.signal.aborted) options.onDeleted(webhook);
    } catch (error) {
      if (!ctx.signal.aborted) fill(confirmRow, alertBox(`Could not delete: ${messageOf(error)}`));
    }
  }

  show();
  if (options.secret) showSecret(options.secret, false);
  if (options.open) void openDeliveries();
  return card;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
