import { crewPicker } from '../booking-form/crew-picker';
import { type Issue, type Target, target } from '../booking-form/issues';
import { tasksEditor } from '../booking-form/tasks-editor';
import { field, h } from '../dom';
import type { ApiError } from '../session';
import type { Ctx } from '../ui';
import { browserTimeZone, timeZones } from '../zoned-time';
import type { ChannelView } from './channel-api';

type Defaults = ChannelView['defaults'];

/**
 * What a booking from a channel's feed gets when its event does not say — meeting point, time
 * zone, trip length, what to bring, crew and checklist — for both "Add channel" and Edit.
 * `prefix` keeps the ids of two forms on one page apart; `initial` prefills a stored channel's.
 * Paths are the API's: `defaults.meetingPoint`, `defaults.crew.0.role`.
 */
export function defaultsFields(ctx: Ctx, prefix: string, initial?: Defaults) {
  const input = (name: string, attrs: Record<string, string> = {}) => h('input', { id: `${prefix}-${name}`, autocomplete: 'off', ...attrs });
  const meetingPoint = field('Meeting point', input('meeting', { maxlength: '300', value: initial?.meetingPoint ?? '' }), {
    hint: 'Used when a marketplace booking gives no location.',
  });
  const zone = h('select', { id: `${prefix}-timezone` });
  const chosen = initial?.timezone ?? browserTimeZone();
  const zones = timeZones();
  if (!zones.includes(chosen)) zones.unshift(chosen);
  for (const tz of zones) zone.append(h('option', { value: tz, selected: tz === chosen }, tz.replace(/_/g, ' ')));
  const timezone = field('Time zone', zone, { hint: 'The boat’s clock: all-day and floating times in the feed are read in it.' });
  const duration = field(
    'Trip length in minutes (optional)',
    input('duration', { inputmode: 'numeric', placeholder: 'e.g. 240', value: initial?.durationMinutes === undefined ? '' : String(initial.durationMinutes) }),
    { hint: 'For feeds whose events have no end time.' },
  );
  const whatToBring = field('What to bring (optional)', input('bring', { maxlength: '500', value: initial?.whatToBring ?? '' }));

  const crew = crewPicker(ctx, { initial: initial?.crew ?? [] });
  // A new channel starts with the usual checklist; a stored one shows its own (labels only:
  // a channel's list has no ticks to keep).
  const tasks = tasksEditor(initial ? initial.crewTasks.map((label) => ({ taskId: '', label, done: false })) : undefined);
  const crewGroup = asGroup(crew.element, 'Default crew');
  const tasksGroup = asGroup(tasks.element, 'Default checklist', 'Every booking this feed brings starts with these tasks; crew tick them off on their page.');
  scopeIds(crewGroup, prefix);
  scopeIds(tasksGroup, prefix);

  const element = h(
    'div',
    { class: 'channel-defaults' },
    meetingPoint.wrapper,
    h('div', { class: 'two' }, timezone.wrapper, duration.wrapper),
    whatToBring.wrapper,
    h('p', { class: 'hint' }, 'Without crew, bookings from this feed are marked “needs details: crew” until you assign someone.'),
    crewGroup,
    tasksGroup,
  );

  const targets: Record<string, Target> = {
    'defaults.meetingPoint': target('Meeting point', meetingPoint),
    'defaults.timezone': target('Time zone', timezone),
    'defaults.durationMinutes': target('Trip length', duration),
    'defaults.whatToBring': target('What to bring', whatToBring),
  };

  return {
    element,
    /** Settles once the roster is in and the crew rows are drawn. */
    ready: crew.ready,
    /** The defaults as the API takes them (whole), and what the browser already knows is wrong. */
    read(): { defaults: Record<string, unknown>; issues: Issue[] } {
      const picked = crew.read();
      const issues: Issue[] = picked.issues.map((i) => ({ ...i, path: `defaults.${i.path}` }));
      picked.crew.forEach((a, i) => {
        if (!a.crewId) issues.push({ path: `defaults.crew.${i}.crewId`, message: 'Choose a crew member, or remove this row' });
        if (!a.role.trim()) issues.push({ path: `defaults.crew.${i}.role`, message: 'Enter a role, e.g. captain' });
      });
      const bring = whatToBring.control.value.trim();
      const minutes = duration.control.value.trim();
      return {
        defaults: {
          crew: picked.crew.map((a) => ({ crewId: a.crewId, role: a.role.trim() })),
          crewTasks: tasks.read().labels,
          meetingPoint: meetingPoint.control.value.trim(),
          ...(bring ? { whatToBring: bring } : {}),
          // Not a number stays NaN, so the schema says "Enter a number" rather than dropping it.
          ...(minutes ? { durationMinutes: Number(minutes) } : {}),
          timezone: zone.value,
        },
        issues,
      };
    },
    targetFor(path: string): Target | undefined {
      if (!path.startsWith('defaults.')) return undefined;
      const inner = path.slice('defaults.'.length);
      return targets[path] ?? crew.targetFor(inner) ?? tasks.targetFor(inner);
    },
    /** The API's `unknown_crew` refusal, on the rows it names. */
    crewIssues(problem: ApiError): Issue[] {
      return crew.issuesOf(problem).map((i) => ({ ...i, path: `defaults.${i.path}` }));
    },
    focus: () => meetingPoint.control.focus(),
  };
}

export type DefaultsFields = ReturnType<typeof defaultsFields>;

/** A zod result as the console shows it: the browser's own plainer words win on the same path. */
export function checked<T>(
  parsed: { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string; code: string }[] } },
  local: Issue[],
): { ok: true; data: T } | { ok: false; issues: Issue[] } {
  const schemaIssues: Issue[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code }));
  const paths = new Set(local.map((i) => i.path));
  const issues = [...local, ...schemaIssues.filter((i) => !paths.has(i.path))];
  return parsed.success && issues.length === 0 ? { ok: true, data: parsed.data } : { ok: false, issues };
}

/**
 * The booking form's crew or checklist section as a plain group of a channel's form (a form
 * already in a card needs no card of its own: on a phone that nesting squeezes the rows), with
 * its heading and hint in a channel's words.
 */
function asGroup(section: HTMLElement, title: string, hint?: string): HTMLElement {
  const old = section.querySelector('h2');
  const heading = h('h4', { id: old?.id ?? undefined }, title);
  const group = h('div', { class: 'channel-defaults-group', role: 'group', 'aria-labelledby': heading.id || undefined }, heading);
  for (const child of [...section.childNodes]) if (child !== old) group.append(child);
  const first = group.querySelector(':scope > p.hint');
  if (hint && first) first.textContent = hint;
  return group;
}

/**
 * The crew and checklist editors use fixed ids (one booking form per page); a channel's Add
 * form and any number of Edit forms share the Channels page, so each gets its own: every id in
 * `root` takes `prefix`, and the references to them (also in rows added later) follow.
 */
function scopeIds(root: HTMLElement, prefix: string): void {
  const renamed = new Map<string, string>();
  for (const el of [root, ...root.querySelectorAll<HTMLElement>('[id]')]) {
    if (!el.id) continue;
    renamed.set(el.id, `${prefix}-${el.id}`);
    el.id = `${prefix}-${el.id}`;
  }
  const repoint = (el: Element) => {
    for (const attr of ['for', 'list', 'aria-labelledby', 'aria-describedby']) {
      const value = el.getAttribute(attr);
      if (!value) continue;
      const next = value
        .split(' ')
        .map((ref) => renamed.get(ref) ?? ref)
        .join(' ');
      if (next !== value) el.setAttribute(attr, next);
    }
  };
  const all = (el: Element) => {
    repoint(el);
    for (const inner of el.querySelectorAll('*')) repoint(inner);
  };
  all(root);
  new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) if (node instanceof Element) all(node);
  }).observe(root, { childList: true, subtree: true });
}
