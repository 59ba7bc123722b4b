import { errorDisplay, type Issue, type Target, target } from '../booking-form/issues';
import { field, h } from '../dom';
import { ApiError, messageOf } from '../session';
import { type Ctx, statusLine } from '../ui';
import { WEBHOOK_EVENTS, type WebhookEventName } from './events';
import { createWebhook, type WebhookWithSecret } from './webhook-api';

/**
 * "Add endpoint": where SCC posts events, which events (all by default), whether booking
 * events carry money (off by default), and who is told when the endpoint is disabled.
 */
export function webhookForm(ctx: Ctx, onAdded: (made: WebhookWithSecret) => void) {
  const input = (id: string, attrs: Record<string, string> = {}) => h('input', { id, autocomplete: 'off', ...attrs });
  const url = field('Endpoint URL', input('wh-url', { type: 'url', inputmode: 'url', autocapitalize: 'off', spellcheck: 'false', placeholder: 'https://…', maxlength: '2048' }), {
    hint: 'Your system’s https:// address that receives a POST for each event.',
  });

  const boxes = WEBHOOK_EVENTS.map(([name, line]) => {
    const box = h('input', { id: `wh-event-${name.replace('.', '-')}`, type: 'checkbox', value: name, checked: true, 'aria-describedby': `wh-event-${name.replace('.', '-')}-hint` });
    return {
      name,
      box,
      element: h(
        'div',
        { class: 'check event-check' },
        box,
        h('label', { for: box.id }, h('code', {}, name), h('span', { class: 'hint block', id: `${box.id}-hint` }, line)),
      ),
    };
  });
  const eventsError = h('p', { class: 'field-error', id: 'wh-events-error', hidden: true });
  const events = h(
    'fieldset',
    { class: 'field', id: 'wh-events', tabindex: '-1' },
    h('legend', {}, 'Events'),
    h('p', { class: 'hint' }, 'All of them unless you untick some. “Send test” works whatever is ticked.'),
    ...boxes.map((b) => b.element),
    eventsError,
  );

  const money = h('input', { id: 'wh-finance', type: 'checkbox', 'aria-describedby': 'wh-finance-hint' });
  const moneyField = h(
    'div',
    { class: 'field' },
    h('div', { class: 'check event-check' }, money, h('label', { for: money.id }, 'Include money (revenue and fees) in booking events')),
    h(
      'p',
      { class: 'hint warning', id: 'wh-finance-hint' },
      '⚠ Only for a system you trust with your accounts: every booking event then carries the trip’s revenue, captain fee and platform fee. It cannot be changed later — add a new endpoint instead.',
    ),
  );
  const description = field('Description (optional)', input('wh-description', { maxlength: '200' }), { hint: 'What it is for, e.g. “Accounting sync”.' });
  const notify = field('Email when it is disabled (optional)', input('wh-notify', { type: 'email', inputmode: 'email', autocapitalize: 'off', spellcheck: 'false' }), {
    hint: 'SCC stops sending to an endpoint that answers 410 Gone or fails for 3 days, and writes to this address.',
  });

  const summary = h('div', { class: 'error-summary', tabindex: '-1', hidden: true, 'aria-labelledby': 'wh-summary-title' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Add endpoint');
  const status = statusLine();
  const form = h(
    'form',
    { class: 'webhook-form', novalidate: true, 'aria-labelledby': 'add-webhook-title' },
    summary,
    url.wrapper,
    events,
    moneyField,
    description.wrapper,
    notify.wrapper,
    h('div', { class: 'actions' }, submit, status),
  );

  const eventsTarget: Target = { label: 'Events', controls: boxes.map((b) => b.box), error: eventsError };
  const targets: Record<string, Target> = {
    url: target('Endpoint URL', url),
    events: eventsTarget,
    description: target('Description', description),
    notifyEmail: target('Email when it is disabled', notify),
  };
  const targetFor = (path: string): Target | undefined => targets[path] ?? (path.startsWith('events') ? eventsTarget : undefined);
  const errors = errorDisplay(form, summary, targetFor);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const picked = boxes.filter((b) => b.box.checked).map((b) => b.name) as WebhookEventName[];
    const issues: Issue[] = [];
    if (url.control.value.trim() === '') issues.push({ path: 'url', message: 'Enter the endpoint’s https:// address' });
    if (picked.length === 0) issues.push({ path: 'events', message: 'Tick at least one event' });
    if (issues.length > 0) {
      errors.show(issues);
      return;
    }
    errors.clear();
    const about = description.control.value.trim();
    const email = notify.control.value.trim();
    void save({
      url: url.control.value.trim(),
      events: picked,
      includeFinance: money.checked,
      ...(about ? { description: about } : {}),
      ...(email ? { notifyEmail: email } : {}),
    });
  });

  async function save(body: Parameters<typeof createWebhook>[1]): Promise<void> {
    submit.disabled = true;
    status.textContent = 'Saving…';
    try {
      const made = await createWebhook(ctx, body);
      if (ctx.signal.aborted) return;
      status.textContent = '';
      onAdded(made);
    } catch (error) {
      if (ctx.signal.aborted) return;
      status.textContent = '';
      const issues = error instanceof ApiError ? ((error.details.issues as Issue[] | undefined) ?? []) : [];
      errors.show(issues.length > 0 ? issues : [{ path: '', message: messageOf(error) }], 'The endpoint was not added');
    } finally {
      submit.disabled = false;
    }
  }

  return { form, focus: () => url.control.focus() };
}
