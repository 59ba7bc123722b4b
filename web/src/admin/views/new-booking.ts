import { bookingCreateSchema, currencyDigits, type Steps } from '../core';
import { button, describe, type Field, field, fill, h, setError, uid } from '../dom';
import { currencies, formatMoney, formatPlain, parseMoney } from '../money';
import { loadRoster, type RosterMember } from '../roster';
import { ApiError, data, messageOf, send } from '../session';
import { outcomeText, type StepsPanel, stepsPanel, withLiveSteps, wireRetry } from '../steps';
import { alertBox, type Ctx, heading, section, statusLine, tripWhen, type View } from '../ui';
import { browserTimeZone, parseWallTime, timeZones, zonedToInstant } from '../zoned-time';

export const DEFAULT_TASKS = ['Stock cooler', 'Check fuel', 'Inspect sails', 'Check life jackets'];
const ROLES = ['captain', 'mate', 'deckhand'];
const SOURCES = ['boatsetter', 'getmyboat', 'direct', 'website'];
const REQUIRED: Record<string, string> = {
  source: 'Enter where the booking came from, e.g. boatsetter',
  externalId: 'Enter the booking reference',
  title: 'Enter a title',
  start: 'Enter a date and a time',
  end: 'Enter a date and a time',
  boat: 'Enter the boat',
  meetingPoint: 'Enter the meeting point',
  'guest.name': 'Enter the guest’s name',
  'guest.count': 'Enter the number of guests',
};

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** Where an error for a field path is shown. */
interface Target {
  label: string;
  controls: Control[];
  error: HTMLElement;
}

interface Issue {
  path: string;
  message: string;
  code?: string;
}

interface CrewRow {
  li: HTMLLIElement;
  member: Field<HTMLSelectElement>;
  role: Field<HTMLInputElement>;
}

interface TaskRow {
  li: HTMLLIElement;
  input: Field<HTMLInputElement>;
}

/**
 * The one form: every booking field, checked in the browser with the API's own zod schema, then
 * one press of "Create booking" and the four steps shown as they happen.
 */
export const newBookingView: View = (main, ctx) => {
  const form = h('form', { class: 'booking-form', novalidate: true, 'aria-labelledby': 'new-booking-title' });
  const all = h('fieldset', { class: 'plain' });
  const summary = h('div', { class: 'error-summary', tabindex: '-1', hidden: true, 'aria-labelledby': 'summary-title' });
  const results = h('div', { class: 'results', hidden: true });
  const title = heading('New booking');
  title.id = 'new-booking-title';
  main.append(title, results, form);
  form.append(summary, all);

  const input = (id: string, attrs: Record<string, string | boolean> = {}) => h('input', { id, autocomplete: 'off', ...attrs });
  const textarea = (id: string, attrs: Record<string, string> = {}) => h('textarea', { id, rows: '3', ...attrs });
  const datalist = (id: string, values: string[]) => h('datalist', { id }, ...values.map((value) => h('option', { value })));

  // The booking itself.
  const source = field('Source', input('f-source', { list: 'sources', value: 'boatsetter', required: true, autocapitalize: 'off', spellcheck: 'false' }), {
    hint: 'Where the booking came from, in lowercase: boatsetter, direct…',
  });
  const externalId = field('Booking reference', input('f-externalId', { required: true, autocapitalize: 'off', spellcheck: 'false' }), {
    hint: "The marketplace's booking number, or your own. The same source and reference never book twice.",
  });
  const tripTitle = field('Title', input('f-title', { required: true, maxlength: '200' }), { hint: 'Crew and guests see it, e.g. Sunset sail — Smith party' });

  // When, on the trip's own clock.
  const zone = h('select', { id: 'f-timezone' });
  const ownZone = browserTimeZone();
  for (const name of timeZones()) zone.append(h('option', { value: name, selected: name === ownZone }, name.replace(/_/g, ' ')));
  const timezone = field('Time zone', zone, { hint: 'The trip’s clock; start and end are read in this zone.' });
  const start = dateTimeGroup('start', 'Start');
  const end = dateTimeGroup('end', 'End');
  const preview = h('p', { class: 'hint', id: 'when-preview', 'aria-live': 'polite' });

  // The trip.
  const boat = field('Boat', input('f-boat', { required: true, maxlength: '100' }));
  const meetingPoint = field('Meeting point', input('f-meetingPoint', { required: true, maxlength: '300' }), { hint: 'Crew get a map link to it.' });
  const whatToBring = field('What to bring (optional)', textarea('f-whatToBring', { maxlength: '1000' }), { hint: 'Shown on the guest page.' });

  // The guest party: contact details stay in the office.
  const guestName = field('Guest name', input('f-guest-name', { required: true, maxlength: '200' }), { hint: 'Crew see it to greet the party.' });
  const guestEmail = field('Guest email (optional)', input('f-guest-email', { type: 'email' }), { hint: 'Office only.' });
  const guestPhone = field('Guest phone (optional)', input('f-guest-phone', { type: 'tel' }), { hint: 'Office only.' });
  const guestCount = field('Guests on board', input('f-guest-count', { type: 'number', inputmode: 'numeric', min: '1', max: '1000', step: '1', required: true }));

  // Crew and tasks.
  const crewList = h('ul', { class: 'rows', id: 'crew-rows' });
  const crewError = h('p', { class: 'field-error', id: 'crew-error', hidden: true });
  const crewStatus = h('p', { class: 'hint', role: 'status' }, 'Loading the roster…');
  const crewRows: CrewRow[] = [];
  let roster: RosterMember[] = [];
  const taskList = h('ul', { class: 'rows', id: 'task-rows' });
  const taskError = h('p', { class: 'field-error', id: 'tasks-error', hidden: true });
  const taskRows: TaskRow[] = [];
  const notes = field('Notes for the crew (optional)', textarea('f-notes', { maxlength: '5000' }), {
    hint: 'On the crew page and the office calendar; guests do not see them.',
  });

  // Money: typed in the currency's notation, sent as integer minor units.
  const currency = h('select', { id: 'f-currency' });
  for (const code of currencies()) currency.append(h('option', { value: code, selected: code === 'USD' }, code));
  const currencyField = field('Currency', currency);
  const moneyInput = (id: string) => input(id, { inputmode: 'decimal', required: true, placeholder: '0.00' });
  const revenue = field('Revenue', moneyInput('f-revenue'));
  const captainFee = field('Captain fee', moneyInput('f-captainFee'));
  const platformFee = field('Platform fee', moneyInput('f-platformFee'));
  const moneyHint = h('p', { class: 'hint', id: 'money-hint' }, 'Amounts as usual for the currency, e.g. 1,850.00. The platform fee is the marketplace’s commission.');
  const net = h('p', { class: 'net', id: 'net-preview', 'aria-live': 'polite' });

  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create booking');
  const formStatus = statusLine();

  all.append(
    datalist('sources', SOURCES),
    datalist('roles', ROLES),
    section('Booking', source.wrapper, externalId.wrapper, tripTitle.wrapper),
    section('When', h('div', { class: 'two' }, start.wrapper, end.wrapper), timezone.wrapper, preview),
    section('Trip', boat.wrapper, meetingPoint.wrapper, whatToBring.wrapper),
    section('Guests', guestName.wrapper, h('div', { class: 'two' }, guestEmail.wrapper, guestPhone.wrapper), guestCount.wrapper),
    h(
      'section',
      { 'aria-labelledby': 'crew-title' },
      h('h2', { id: 'crew-title' }, 'Crew'),
      crewStatus,
      crewList,
      crewError,
      button('Add crew member', () => addCrewRow(), { class: 'secondary', id: 'add-crew' }),
    ),
    h(
      'section',
      { 'aria-labelledby': 'tasks-title' },
      h('h2', { id: 'tasks-title' }, 'Crew checklist'),
      h('p', { class: 'hint' }, 'Crew tick these off on their page; guests see the progress.'),
      taskList,
      taskError,
      button('Add task', () => addTaskRow('', true), { class: 'secondary', id: 'add-task' }),
    ),
    section('Notes', notes.wrapper),
    section('Money', h('p', { class: 'hint' }, 'Office only: never on crew or guest pages, emails or the calendar.'), currencyField.wrapper, moneyHint, h('div', { class: 'three' }, revenue.wrapper, captainFee.wrapper, platformFee.wrapper), net),
    h('div', { class: 'actions sticky' }, submit, formStatus),
  );

  function dateTimeGroup(name: 'start' | 'end', legend: string) {
    const date = input(`${name}-date`, { type: 'date', required: true });
    const time = input(`${name}-time`, { type: 'time', required: true, step: '60' });
    const error = h('p', { class: 'field-error', id: `${name}-error`, hidden: true });
    const legendEl = h('legend', {}, legend);
    const wrapper = h(
      'fieldset',
      { class: 'field datetime', id: `${name}-group` },
      legendEl,
      h('div', { class: 'inline' }, h('label', { for: date.id }, h('span', { class: 'visually-hidden' }, `${legend} `), 'date'), date),
      h('div', { class: 'inline' }, h('label', { for: time.id }, h('span', { class: 'visually-hidden' }, `${legend} `), 'time'), time),
      error,
    );
    return { wrapper, date, time, error };
  }

  function addCrewRow(selected = '', role = crewRows.length === 0 ? 'captain' : '', focus = true): void {
    const n = uid('crew');
    const select = h('select', { id: `${n}-member` }, h('option', { value: '' }, 'Choose…'));
    for (const member of roster.filter((m) => m.active)) {
      select.append(h('option', { value: member.crewId, selected: member.crewId === selected }, `${member.name} (${member.email})`));
    }
    const row: CrewRow = {
      li: h('li', { class: 'row crew-row' }),
      member: field('Crew member', select),
      role: field('Role', input(`${n}-role`, { list: 'roles', value: role, maxlength: '40', autocapitalize: 'off' }), { class: 'role' }),
    };
    const remove = button('Remove', () => {
      const index = crewRows.indexOf(row);
      crewRows.splice(index, 1);
      row.li.remove();
      renumber();
      (crewRows[index]?.member.control ?? document.getElementById('add-crew'))?.focus();
    }, { class: 'secondary small remove' });
    row.li.append(row.member.wrapper, row.role.wrapper, remove);
    crewRows.push(row);
    crewList.append(row.li);
    renumber();
    if (focus) select.focus();
  }

  function addTaskRow(label: string, focus = false): void {
    const row: TaskRow = { li: h('li', { class: 'row task-row' }), input: field('Task', input(uid('task'), { value: label, maxlength: '200' })) };
    const remove = button('Remove', () => {
      const index = taskRows.indexOf(row);
      taskRows.splice(index, 1);
      row.li.remove();
      renumber();
      (taskRows[index]?.input.control ?? document.getElementById('add-task'))?.focus();
    }, { class: 'secondary small remove' });
    row.li.append(row.input.wrapper, remove);
    taskRows.push(row);
    taskList.append(row.li);
    renumber();
    if (focus) row.input.control.focus();
  }

  /** Labels say which row they belong to: "Crew member 2", "Remove task 3 (Check fuel)". */
  function renumber(): void {
    crewRows.forEach((row, i) => {
      const label = row.member.wrapper.querySelector('label');
      if (label) label.textContent = `Crew member ${i + 1}`;
      const roleLabel = row.role.wrapper.querySelector('label');
      if (roleLabel) roleLabel.textContent = `Role ${i + 1}`;
      row.li.querySelector('.remove')?.setAttribute('aria-label', `Remove crew member ${i + 1}`);
    });
    taskRows.forEach((row, i) => {
      const label = row.input.wrapper.querySelector('label');
      if (label) label.textContent = `Task ${i + 1}`;
      row.li.querySelector('.remove')?.setAttribute('aria-label', `Remove task ${i + 1}`);
    });
  }

  for (const task of DEFAULT_TASKS) addTaskRow(task);

  void (async () => {
    try {
      roster = await loadRoster(ctx.api);
      if (ctx.signal.aborted) return;
      const active = roster.filter((m) => m.active);
      fill(
        crewStatus,
        active.length === 0
          ? h('span', {}, 'No active crew on the roster yet. ', h('a', { href: '/admin/crew' }, 'Add crew first'), ', or book without crew for now.')
          : `${active.length} active on the roster. Roles are free text; captain, mate and deckhand are suggested.`,
      );
      if (active.length > 0 && crewRows.length === 0) addCrewRow('', 'captain', false);
    } catch (error) {
      if (!ctx.signal.aborted) crewStatus.textContent = `Could not load the roster: ${messageOf(error)}`;
    }
  })();

  // Live helpers: the trip's times as they will be read, the end date following the start,
  // amounts shown back in the currency's notation, and the net.
  const whenOf = (group: typeof start) => {
    const wall = parseWallTime(group.date.value, group.time.value);
    return wall ? zonedToInstant(wall, zone.value) : undefined;
  };
  const updatePreview = () => {
    const s = whenOf(start);
    const e = whenOf(end);
    const notes: string[] = [];
    if (s && e && e.epochMs > s.epochMs) {
      const minutes = Math.round((e.epochMs - s.epochMs) / 60_000);
      notes.push(`${tripWhen(s.iso, e.iso, zone.value)} · ${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`);
    }
    for (const [label, when] of [['start', s], ['end', e]] as const) {
      if (when?.adjusted === 'gap') notes.push(`The ${label} time does not exist in ${zone.value} that day (clocks jump forward); it is read as ${when.iso.slice(11, 16)}.`);
      if (when?.adjusted === 'ambiguous') notes.push(`The ${label} time happens twice that day (clocks fall back); the first one is used.`);
    }
    preview.textContent = notes.join(' ');
  };
  start.date.addEventListener('change', () => {
    if (!end.date.value) end.date.value = start.date.value;
    updatePreview();
  });
  for (const control of [start.time, end.date, end.time, zone]) control.addEventListener('change', updatePreview);
  for (const control of [start.date, start.time, end.date, end.time]) control.addEventListener('input', updatePreview);

  const moneyFields = { revenue, captainFee, platformFee } as const;
  const updateNet = () => {
    const values = Object.values(moneyFields).map((f) => parseMoney(f.control.value, currency.value));
    const [r, c, p] = values;
    net.textContent = r?.ok && c?.ok && p?.ok ? `Net: ${formatMoney(r.minor - c.minor - p.minor, currency.value)}` : '';
    const digits = currencyDigits(currency.value);
    for (const f of Object.values(moneyFields)) f.control.placeholder = formatPlain(0, currency.value) || (digits ? '0.00' : '0');
  };
  for (const f of Object.values(moneyFields)) {
    describe(f.control, 'money-hint');
    f.control.addEventListener('input', updateNet);
    f.control.addEventListener('blur', () => {
      const parsed = parseMoney(f.control.value, currency.value);
      if (parsed.ok) f.control.value = formatPlain(parsed.minor, currency.value);
    });
  }
  currency.addEventListener('change', updateNet);
  updateNet();

  // Errors: each next to its field, all listed in the summary at the top.
  const targets: Record<string, Target> = {
    source: target('Source', source),
    externalId: target('Booking reference', externalId),
    title: target('Title', tripTitle),
    start: { label: 'Start', controls: [start.date, start.time], error: start.error },
    end: { label: 'End', controls: [end.date, end.time], error: end.error },
    timezone: target('Time zone', timezone),
    boat: target('Boat', boat),
    meetingPoint: target('Meeting point', meetingPoint),
    whatToBring: target('What to bring', whatToBring),
    'guest.name': target('Guest name', guestName),
    'guest.email': target('Guest email', guestEmail),
    'guest.phone': target('Guest phone', guestPhone),
    'guest.count': target('Guests on board', guestCount),
    notes: target('Notes', notes),
    'finance.currency': target('Currency', currencyField),
    'finance.revenue': target('Revenue', revenue),
    'finance.captainFee': target('Captain fee', captainFee),
    'finance.platformFee': target('Platform fee', platformFee),
  };
  for (const t of [start, end]) for (const control of [t.date, t.time]) describe(control, 'when-preview');
  let taskIndex: number[] = [];

  function target(label: string, f: Field<Control>): Target {
    return { label, controls: [f.control], error: f.error };
  }

  function targetFor(path: string): Target | undefined {
    const crew = /^crew\.(\d+)(?:\.(crewId|role))?/.exec(path);
    if (crew) {
      const row = crewRows[Number(crew[1])];
      if (!row) return undefined;
      const f = crew[2] === 'role' ? row.role : row.member;
      return { label: `${crew[2] === 'role' ? 'Role' : 'Crew member'} ${Number(crew[1]) + 1}`, controls: [f.control], error: f.error };
    }
    if (path === 'crew') {
      const first = crewRows[0]?.member.control;
      return { label: 'Crew', controls: first ? [first] : [], error: crewError };
    }
    const task = /^crewTasks\.(\d+)/.exec(path);
    if (task) {
      const row = taskRows[taskIndex[Number(task[1])] ?? -1];
      return row ? { label: `Task ${taskRows.indexOf(row) + 1}`, controls: [row.input.control], error: row.input.error } : undefined;
    }
    if (path === 'crewTasks') {
      const first = taskRows[0]?.input.control;
      return { label: 'Crew checklist', controls: first ? [first] : [], error: taskError };
    }
    if (path === 'finance') return targets['finance.revenue'];
    return targets[path];
  }

  const shown: Target[] = [];
  // A field's error goes as soon as it is edited; the summary stays until the next try.
  const clearEdited = (event: Event) => {
    const control = event.target;
    const index = shown.findIndex((t) => t.controls.some((c) => c === control));
    const edited = shown[index];
    if (!edited) return;
    setError(edited.error, edited.controls, undefined);
    shown.splice(index, 1);
  };
  form.addEventListener('input', clearEdited);
  form.addEventListener('change', clearEdited);

  function clearErrors(): void {
    for (const t of shown.splice(0)) setError(t.error, t.controls, undefined);
    summary.hidden = true;
    summary.replaceChildren();
  }

  /** Puts each issue next to its field (the first per field) and lists them all at the top. */
  function showIssues(issues: Issue[], heading = 'Check these fields'): void {
    clearErrors();
    const items: HTMLLIElement[] = [];
    const seen = new Set<HTMLElement>();
    // In the order of the form, so the summary reads top to bottom.
    const position = (issue: Issue) => {
      const el = targetFor(issue.path)?.error;
      return el ? [...form.querySelectorAll('.field-error')].indexOf(el) : Number.MAX_SAFE_INTEGER;
    };
    const ordered = issues.map((issue, i) => ({ issue, i, at: position(issue) })).sort((a, b) => a.at - b.at || a.i - b.i);
    for (const { issue } of ordered) {
      const t = targetFor(issue.path);
      const message = friendly(issue, t);
      if (t && seen.has(t.error)) continue;
      if (t) {
        seen.add(t.error);
        shown.push(t);
        setError(t.error, t.controls, message);
        const first = t.controls[0];
        items.push(h('li', {}, first ? h('a', { href: `#${first.id}` }, `${t.label}: ${message}`) : `${t.label}: ${message}`));
      } else {
        items.push(h('li', {}, issue.path ? `${issue.path}: ${message}` : message));
      }
    }
    fill(summary, h('h2', { id: 'summary-title' }, heading), h('ul', {}, ...items));
    summary.hidden = false;
    summary.focus();
  }

  function friendly(issue: Issue, t: Target | undefined): string {
    const raw = t?.controls.map((c) => c.value.trim()).join('') ?? 'x';
    const message = issue.message;
    if (/^crew\.\d+\.crewId$/.test(issue.path)) return raw === '' ? 'Choose a crew member, or remove this row' : message;
    if (/^crew\.\d+\.role$/.test(issue.path) && raw === '') return 'Enter a role, e.g. captain';
    if (issue.path.startsWith('finance.') && /minor units/.test(message)) return 'Enter an amount such as 1,850.00';
    if (raw === '' && (issue.code === 'too_small' || issue.code === 'invalid_type' || issue.code === 'invalid_format')) {
      return REQUIRED[issue.path] ?? `Enter the ${t?.label.toLowerCase() ?? 'value'}`;
    }
    if (issue.path === 'externalId' && /required/.test(message)) return 'Enter the booking reference';
    const tooBig = /^Too big: expected (string|number|array) to (?:have|be) <=?(\d+)/.exec(message);
    if (tooBig) return tooBig[1] === 'string' ? `Use at most ${tooBig[2]} characters` : `At most ${tooBig[2]}`;
    const tooSmall = /^Too small: expected (string|number|array) to (?:have|be) >=?(\d+)/.exec(message);
    if (tooSmall) return tooSmall[1] === 'string' ? `Use at least ${tooSmall[2]} characters` : `At least ${tooSmall[2]}`;
    if (/expected (int|number), received NaN/.test(message)) return 'Enter a number';
    if (/expected int, received number/.test(message)) return 'Use a whole number';
    if (issue.path === 'end' && /after start/.test(message)) return 'The end must be after the start';
    return message;
  }

  /** The request as the API takes it, and what the browser already knows is wrong with it. */
  function collect(): { payload: Record<string, unknown>; issues: Issue[] } {
    const issues: Issue[] = [];
    const s = whenOf(start);
    const e = whenOf(end);
    for (const [path, group, when] of [['start', start, s], ['end', end, e]] as const) {
      if (!when) {
        const missing = !group.date.value || !group.time.value;
        issues.push({ path, message: missing ? 'Enter a date and a time' : 'Use a valid date and time' });
      }
    }
    if (s && e && e.epochMs <= s.epochMs) issues.push({ path: 'end', message: 'The end must be after the start' });
    const money: Record<string, number> = {};
    for (const [key, f] of Object.entries(moneyFields)) {
      const parsed = parseMoney(f.control.value, currency.value);
      if (parsed.ok) money[key] = parsed.minor;
      else issues.push({ path: `finance.${key}`, message: parsed.message });
    }
    const seenCrew = new Map<string, number>();
    crewRows.forEach((row, i) => {
      const id = row.member.control.value;
      if (id && seenCrew.has(id)) issues.push({ path: `crew.${i}.crewId`, message: `Already on the crew (row ${(seenCrew.get(id) ?? 0) + 1})` });
      if (id) seenCrew.set(id, i);
    });
    taskIndex = [];
    const tasks: string[] = [];
    taskRows.forEach((row, i) => {
      if (row.input.control.value.trim() === '') return;
      taskIndex.push(i);
      tasks.push(row.input.control.value);
    });
    const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
    const count = guestCount.control.value.trim();
    const payload = {
      source: source.control.value.trim(),
      externalId: externalId.control.value.trim(),
      title: tripTitle.control.value,
      start: s?.iso ?? '',
      end: e?.iso ?? '',
      timezone: zone.value,
      boat: boat.control.value,
      meetingPoint: meetingPoint.control.value,
      guest: {
        name: guestName.control.value,
        count: count === '' ? Number.NaN : Number(count),
        ...(optional(guestEmail.control.value) ? { email: optional(guestEmail.control.value) } : {}),
        ...(optional(guestPhone.control.value) ? { phone: optional(guestPhone.control.value) } : {}),
      },
      notes: notes.control.value,
      ...(optional(whatToBring.control.value) ? { whatToBring: optional(whatToBring.control.value) } : {}),
      crew: crewRows.map((row) => ({ crewId: row.member.control.value, role: row.role.control.value })),
      crewTasks: tasks,
      finance: {
        revenue: money.revenue ?? Number.NaN,
        captainFee: money.captainFee ?? Number.NaN,
        platformFee: money.platformFee ?? Number.NaN,
        currency: currency.value,
      },
    };
    return { payload, issues };
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const { payload, issues } = collect();
    const parsed = bookingCreateSchema.safeParse(payload);
    const schemaIssues: Issue[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code }));
    // Where the browser has its own, plainer word (an empty date, a mistyped amount), it wins.
    const local = new Set(issues.map((i) => i.path));
    const problems = [...issues, ...schemaIssues.filter((i) => !local.has(i.path))];
    if (!parsed.success || problems.length > 0) {
      showIssues(problems);
      return;
    }
    clearErrors();
    void create(parsed.data);
  });

  async function create(body: (typeof bookingCreateSchema)['_zod']['output']): Promise<void> {
    const lockForm = (locked: boolean) => {
      all.disabled = locked;
      submit.textContent = locked ? 'Creating…' : 'Create booking';
    };
    lockForm(true);
    const panel = stepsPanel();
    panel.update(undefined);
    panel.say('Saving the booking and running every step…');
    const progress = section('Progress', h('p', { class: 'lead' }, body.title, h('br'), h('span', { class: 'hint' }, tripWhen(body.start, body.end, body.timezone))), panel.element);
    fill(results, progress);
    results.hidden = false;
    // The steps show above the form: take the operator (and the screen reader) there.
    const progressTitle = progress.querySelector('h2');
    progressTitle?.setAttribute('tabindex', '-1');
    progressTitle?.focus();
    let answer: { status: number; result: BookingResultBody };
    try {
      answer = await withLiveSteps(
        panel,
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
      lockForm(false);
      showServerError(error);
      return;
    }
    const { result, status } = answer;
    if (ctx.signal.aborted) {
      ctx.notify(`Booking “${body.title}”: ${outcomeText(result.steps)}`, { href: `/admin/bookings/${result.bookingId}`, label: 'Open the booking' });
      return;
    }
    form.hidden = true;
    showResult(progress, panel, result, status === 200 ? 'replayed' : 'created');
  }

  function showServerError(error: unknown): void {
    if (!(error instanceof ApiError)) {
      showIssues([{ path: '', message: messageOf(error) }], 'The booking was not created');
      return;
    }
    if (error.code === 'invalid_request') {
      const issues = (error.details.issues as Issue[] | undefined) ?? [];
      showIssues(issues.length > 0 ? issues : [{ path: '', message: error.message }], 'The API refused these fields');
      return;
    }
    if (error.code === 'unknown_crew') {
      const unknown = new Set((error.details.unknown as string[] | undefined) ?? []);
      const inactive = new Set((error.details.inactive as string[] | undefined) ?? []);
      const issues: Issue[] = [];
      crewRows.forEach((row, i) => {
        const id = row.member.control.value;
        if (inactive.has(id)) issues.push({ path: `crew.${i}.crewId`, message: 'Deactivated since this form opened: choose someone else' });
        else if (unknown.has(id)) issues.push({ path: `crew.${i}.crewId`, message: 'No longer on the roster: choose someone else' });
      });
      showIssues(issues.length > 0 ? issues : [{ path: 'crew', message: error.message }], 'Check the crew');
      return;
    }
    if (error.code === 'booking_conflict') {
      const fields = (error.details.fields as string[] | undefined) ?? [];
      const bookingId = typeof error.details.bookingId === 'string' ? error.details.bookingId : undefined;
      showIssues(
        [
          { path: 'externalId', message: 'Already booked with other details' },
          ...fields.map((path) => ({ path, message: 'Differs from the booking already saved under this reference' })),
        ],
        'This reference is already booked with other details',
      );
      if (bookingId) summary.append(h('p', {}, h('a', { href: `/admin/bookings/${bookingId}` }, 'Open the saved booking')));
      return;
    }
    showIssues([{ path: '', message: error.message }], 'The booking was not created');
  }

  function showResult(progress: HTMLElement, panel: StepsPanel, result: BookingResultBody, kind: 'created' | 'replayed'): void {
    const { bookingId, eventId } = result;
    const replayed = 'This booking was already saved with exactly these details: nothing changed.';
    panel.update(result.steps);
    panel.say(kind === 'replayed' ? replayed : outcomeText(result.steps));
    const crewLinks = h('div', { class: 'crew-links' });
    const heading2 = progress.querySelector('h2');
    if (heading2) heading2.textContent = kind === 'replayed' ? 'Already booked' : 'Booking created';
    progress.append(
      h('h3', {}, 'Links'),
      h('ul', { class: 'links' }, h('li', {}, 'Guest page: ', h('a', { href: result.guestUrl, id: 'guest-link', target: '_blank', rel: 'noreferrer' }, result.guestUrl))),
      crewLinks,
      h(
        'div',
        { class: 'actions' },
        h('a', { href: `/admin/bookings/${bookingId}`, class: 'button-link' }, 'Open the booking'),
        button('Enter another booking', () => ctx.navigate('/admin/new', { replace: true }), { class: 'secondary' }),
      ),
    );
    // Focus stays where the operator left it, unless hiding the form dropped it.
    if (document.activeElement === document.body) heading2?.focus();
    void showCrewLinks(ctx, eventId, result.steps, crewLinks);

    wireRetry(panel, ctx, bookingId, (steps) => void showCrewLinks(ctx, eventId, steps, crewLinks));
  }
};

type BookingResultBody = { bookingId: string; eventId: string; slug: string; guestUrl: string; steps: Steps };

/** Each crew member's own link, for the office to pass on by hand if an email goes astray. */
export async function showCrewLinks(ctx: Ctx, eventId: string, steps: Steps, into: HTMLElement): Promise<void> {
  if (steps.event.status !== 'succeeded') {
    fill(into, h('p', { class: 'hint' }, 'Crew links appear once the crew event is written.'));
    return;
  }
  try {
    const { links } = await data(ctx.api.events[':eventId'].links.$post({ param: { eventId }, json: {} }));
    if (ctx.signal.aborted) return;
    fill(
      into,
      links.length === 0
        ? h('p', { class: 'hint' }, 'No crew assigned, so no crew links.')
        : h(
            'ul',
            { class: 'links', 'aria-label': 'Crew links' },
            ...links.map((l) => h('li', {}, `${l.name}: `, h('a', { href: l.url, target: '_blank', rel: 'noreferrer', class: 'crew-link' }, 'crew page'), h('span', { class: 'hint' }, ` (works until ${new Date(l.expiresAt).toLocaleDateString('en-US', { dateStyle: 'medium' })})`))),
          ),
    );
  } catch (error) {
    fill(into, alertBox(`Could not get the crew links: ${messageOf(error)}`));
  }
}

