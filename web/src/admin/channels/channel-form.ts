import { crewPicker } from '../booking-form/crew-picker';
import { errorDisplay, type Issue, type Target, target } from '../booking-form/issues';
import { tasksEditor } from '../booking-form/tasks-editor';
import { field, h } from '../dom';
import { ApiError, messageOf } from '../session';
import { type Ctx, statusLine } from '../ui';
import { browserTimeZone, timeZones } from '../zoned-time';
import { type ChannelView, createChannel } from './channel-api';
import { SOURCES } from './sources';

/**
 * "Add channel": a marketplace's calendar link for one boat, and what its bookings get when
 * the feed does not say (meeting point, time zone, and optionally crew and a checklist).
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
  const meetingPoint = field('Meeting point', input('ch-meeting', { maxlength: '300' }), { hint: 'Used when a marketplace booking gives no location.' });
  const zone = h('select', { id: 'ch-timezone' });
  const own = browserTimeZone();
  for (const tz of timeZones()) zone.append(h('option', { value: tz, selected: tz === own }, tz.replace(/_/g, ' ')));
  const timezone = field('Time zone', zone, { hint: 'The boat’s clock: all-day and floating times in the feed are read in it.' });
  const whatToBring = field('What to bring (optional)', input('ch-bring', { maxlength: '500' }));

  const crew = crewPicker(ctx, { initial: [] });
  const tasks = tasksEditor(undefined);
  const summary = h('div', { class: 'error-summary', tabindex: '-1', hidden: true, 'aria-labelledby': 'ch-summary-title' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Add channel');
  const status = statusLine();
  const form = h(
    'form',
    { class: 'channel-form', novalidate: true, 'aria-labelledby': 'add-channel-title' },
    summary,
    h('div', { class: 'two' }, name.wrapper, sourceField.wrapper),
    url.wrapper,
    h('div', { class: 'two' }, boat.wrapper, timezone.wrapper),
    meetingPoint.wrapper,
    whatToBring.wrapper,
    h('p', { class: 'hint' }, 'Optional defaults for every booking from this feed. Without crew, its bookings are marked “needs details: crew” until you assign someone.'),
    crew.element,
    tasks.element,
    h('div', { class: 'actions' }, submit, status),
  );

  const targets: Record<string, Target> = {
    name: target('Name', name),
    source: target('Marketplace', sourceField),
    url: target('Calendar link', url),
    boat: target('Boat', boat),
    'defaults.meetingPoint': target('Meeting point', meetingPoint),
    'defaults.timezone': target('Time zone', timezone),
    'defaults.whatToBring': target('What to bring', whatToBring),
  };
  const targetFor = (path: string): Target | undefined => {
    const inner = path.replace(/^defaults\./, '');
    return targets[path] ?? crew.targetFor(inner) ?? tasks.targetFor(inner);
  };
  const errors = errorDisplay(form, summary, targetFor);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const picked = crew.read();
    const issues: Issue[] = [...picked.issues];
    const required: [string, HTMLInputElement][] = [
      ['name', name.control],
      ['url', url.control],
      ['boat', boat.control],
      ['defaults.meetingPoint', meetingPoint.control],
    ];
    for (const [path, control] of required) {
      if (control.value.trim() === '') issues.push({ path, message: `Enter the ${(targets[path]?.label ?? path).toLowerCase()}` });
    }
    picked.crew.forEach((a, i) => {
      if (!a.crewId) issues.push({ path: `crew.${i}.crewId`, message: 'Choose a crew member, or remove this row' });
      if (!a.role.trim()) issues.push({ path: `crew.${i}.role`, message: 'Enter a role, e.g. captain' });
    });
    if (issues.length > 0) {
      errors.show(issues);
      return;
    }
    errors.clear();
    const bring = whatToBring.control.value.trim();
    void save({
      name: name.control.value.trim(),
      source: source.value,
      url: url.control.value.trim(),
      boat: boat.control.value.trim(),
      enabled: true,
      defaults: {
        crew: picked.crew.map((a) => ({ crewId: a.crewId, role: a.role.trim() })),
        crewTasks: tasks.read().labels,
        meetingPoint: meetingPoint.control.value.trim(),
        timezone: zone.value,
        ...(bring ? { whatToBring: bring } : {}),
      },
    });
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
      const issues = error instanceof ApiError ? ((error.details.issues as Issue[] | undefined) ?? []) : [];
      errors.show(issues.length > 0 ? issues : [{ path: '', message: messageOf(error) }], 'The channel was not added');
    } finally {
      submit.disabled = false;
    }
  }

  return { form, focus: () => name.control.focus() };
}
