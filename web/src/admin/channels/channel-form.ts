import { errorDisplay, type Issue, type Target, target } from '../booking-form/issues';
import { channelCreateSchema } from '../core';
import { field, h } from '../dom';
import { ApiError, messageOf } from '../session';
import { type Ctx, statusLine } from '../ui';
import { type ChannelView, createChannel } from './channel-api';
import { checked, defaultsFields } from './defaults-fields';
import { SOURCES } from './sources';

/**
 * "Add channel": a marketplace's calendar link for one boat, and what its bookings get when
 * the feed does not say (meeting point, time zone, and optionally trip length, crew and a
 * checklist). Checked with the API's own schema before it is sent.
 */
export function channelForm(ctx: Ctx, onAdded: (channel: ChannelView) => void) {
  const input = (id: string, attrs: Record<string, string> = {}) => h('input', { id, autocomplete: 'off', ...attrs });
  const name = field('Name', input('ch-name', { maxlength: '100' }), { hint: 'How you will recognise it, e.g. “Boatsetter — JADA”.' });
  const source = h('select', { id: 'ch-source' }, ...SOURCES.map(([value, label]) => h('option', { value }, label)));
  const sourceField = field('Marketplace', source);
  const url = field('Calendar link (iCal)', input('ch-url', { type: 'url', inputmode: 'url', autocapitalize: 'off', spellcheck: 'false', placeholder: 'https://…' }), {
    hint: 'In the marketplace’s calendar settings, copy the “export calendar” or iCal link. It is kept secret: after saving only its host is shown.',
  });
  const boat = field('Boat', input('ch-boat', { maxlength: '100' }), { hint: 'Exactly as your bookings name it, e.g. JADA.' });
  const defaults = defaultsFields(ctx, 'ch');

  const summary = h('div', { class: 'error-summary', tabindex: '-1', hidden: true, 'aria-labelledby': 'ch-summary-title' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Add channel');
  const status = statusLine();
  const form = h(
    'form',
    { class: 'channel-form', novalidate: true, 'aria-labelledby': 'add-channel-title' },
    summary,
    h('div', { class: 'two' }, name.wrapper, sourceField.wrapper),
    url.wrapper,
    boat.wrapper,
    h('h3', {}, 'Defaults for its bookings'),
    defaults.element,
    h('div', { class: 'actions' }, submit, status),
  );

  const targets: Record<string, Target> = {
    name: target('Name', name),
    source: target('Marketplace', sourceField),
    url: target('Calendar link', url),
    boat: target('Boat', boat),
  };
  const errors = errorDisplay(form, summary, (path) => targets[path] ?? defaults.targetFor(path));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const read = defaults.read();
    const result = checked(
      channelCreateSchema.safeParse({
        name: name.control.value.trim(),
        source: source.value,
        url: url.control.value.trim(),
        boat: boat.control.value.trim(),
        enabled: true,
        defaults: read.defaults,
      }),
      read.issues,
    );
    if (!result.ok) {
      errors.show(result.issues);
      return;
    }
    errors.clear();
    void save(result.data);
  });

  async function save(body: Parameters<typeof createChannel>[1]): Promise<void> {
    submit.disabled = true;
    status.textContent = 'Saving…';
    try {
      const channel = await createChannel(ctx, body);
      if (ctx.signal.aborted) return;
      status.textContent = '';
      onAdded(channel);
    } catch (error) {
      if (ctx.signal.aborted) return;
      status.textContent = '';
      if (error instanceof ApiError && error.code === 'unknown_crew') {
        errors.show(defaults.crewIssues(error), 'Check the crew');
        return;
      }
      const issues = error instanceof ApiError ? ((error.details.issues as Issue[] | undefined) ?? []) : [];
      errors.show(issues.length > 0 ? issues : [{ path: '', message: messageOf(error) }], 'The channel was not added');
    } finally {
      submit.disabled = false;
    }
  }

  return { form, focus: () => name.control.focus() };
}
