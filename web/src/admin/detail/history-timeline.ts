import type { HistoryItem } from '../booking-api';
import type { StepName } from '../core';
import { type Child, h } from '../dom';
import { fieldLabel } from '../field-labels';
import { formatMoney } from '../money';
import { STEP_LABELS } from '../steps';
import { tripDate } from '../ui';
import { CANCEL_REASON_LABELS } from './cancel-reasons';

const ACTORS: Record<string, string> = {
  console: 'Console',
  'service-key': 'API (service key)',
  sync: 'Marketplace sync',
};

const KINDS: Record<string, string> = {
  created: 'Booked',
  changed: 'Changed',
  cancelled: 'Cancelled',
  reinstated: 'Reinstated',
};

const STEP_STATUS: Record<string, string> = {
  succeeded: 'done',
  failed: 'failed',
  skipped: 'skipped',
  running: 'running',
  pending: 'waiting',
};

/** What the timeline needs to say values the way the office reads them. */
export interface HistoryContext {
  timeZone: string;
  /** The booking's currency, for a cancellation's refund and fee. */
  currency: string;
  nameOf(crewId: string): string;
}

/**
 * Everything that happened to a booking, newest first: who did it (the console, an
 * integration, the marketplace sync), what changed from what to what (money included: this is
 * the office's own screen), double bookings made on purpose, and how each step went.
 */
export function historyTimeline(items: HistoryItem[], context: HistoryContext): HTMLElement {
  if (items.length === 0) return h('p', { class: 'hint' }, 'Nothing recorded yet.');
  // Steps are told under the change they carried out (same version), not as entries of their
  // own: four lines per change would bury the changes.
  const steps = new Map<number, HistoryItem[]>();
  for (const item of items) {
    if (item.kind === 'step' && item.step) steps.set(item.version, [...(steps.get(item.version) ?? []), item]);
  }
  const changes = items.filter((item) => item.kind !== 'step');
  const orphans = [...steps.keys()].filter((version) => !changes.some((c) => c.version === version));
  return h(
    'ol',
    { class: 'timeline', 'aria-label': 'History, newest first' },
    ...changes.map((item) => entry(item, steps.get(item.version) ?? [], context)),
    ...orphans.map((version) => stepsOnly(version, steps.get(version) ?? [])),
  );
}

function entry(item: HistoryItem, steps: HistoryItem[], context: HistoryContext): HTMLLIElement {
  const li = h(
    'li',
    { class: 'tl-item', 'data-kind': item.kind, 'data-version': item.version },
    h(
      'p',
      { class: 'tl-head' },
      h('strong', { class: 'tl-what' }, KINDS[item.kind] ?? item.kind),
      h('span', { class: 'tl-meta' }, `${when(item.at)} · ${ACTORS[item.actor] ?? item.actor} · v${item.version}`),
    ),
  );
  if (item.kind === 'cancelled' && item.note) {
    li.append(h('p', { class: 'tl-note' }, reasonText(item.note)));
  } else if (item.note) {
    li.append(h('p', { class: 'tl-note' }, item.note));
  }
  if (item.changes && item.changes.length > 0) {
    li.append(
      h(
        'ul',
        { class: 'tl-changes' },
        ...item.changes.map((c) =>
          h(
            'li',
            { 'data-field': c.field },
            h('span', { class: 'tl-field' }, `${fieldLabel(c.field)}: `),
            h('del', {}, show(c.field, c.before, context)),
            ' → ',
            h('ins', {}, show(c.field, c.after, context)),
          ),
        ),
      ),
    );
  }
  const overrides = Array.isArray(item.overrides) ? item.overrides.length : 0;
  if (overrides > 0) {
    li.append(h('p', { class: 'tl-override' }, `⚠ Saved over ${overrides} ${overrides === 1 ? 'double booking' : 'double bookings'} on purpose.`));
  }
  if (steps.length > 0) li.append(stepLines(steps));
  return li;
}

function stepsOnly(version: number, steps: HistoryItem[]): HTMLLIElement {
  return h('li', { class: 'tl-item tl-step', 'data-kind': 'step', 'data-version': version }, h('p', { class: 'tl-head' }, h('strong', { class: 'tl-what' }, 'Steps'), h('span', { class: 'tl-meta' }, `v${version}`)), stepLines(steps));
}

/** Each step's outcomes for one version, oldest first: "Google Calendar: failed (timeout) → done". */
function stepLines(steps: HistoryItem[]): HTMLElement {
  const byName = new Map<string, HistoryItem[]>();
  for (const item of [...steps].reverse()) {
    const name = item.step?.name ?? '';
    byName.set(name, [...(byName.get(name) ?? []), item]);
  }
  return h(
    'ul',
    { class: 'tl-steps' },
    ...[...byName.entries()].map(([name, runs]) => {
      const last = runs[runs.length - 1]?.step;
      return h(
        'li',
        { 'data-step': name, 'data-status': last?.status ?? '' },
        h('span', { class: 'tl-field' }, `${STEP_LABELS[name as StepName] ?? name}: `),
        runs.map((run) => (run.step ? stepText(run.step) : '')).join(' → '),
      );
    }),
  );
}

function stepText(step: { status: string; reason?: string | undefined; sent?: number | undefined }): string {
  const sent = step.sent ? ` (${step.sent} sent)` : '';
  const reason = step.reason ? ` (${step.reason})` : '';
  return `${STEP_STATUS[step.status] ?? step.status}${sent}${reason}`;
}

/** A cancellation's note may start with its reason code ("weather: small craft advisory"). */
function reasonText(note: string): string {
  const [code, ...rest] = note.split(':');
  const label = CANCEL_REASON_LABELS[(code ?? '').trim()];
  return label ? `${label}${rest.length ? `:${rest.join(':')}` : ''}` : note;
}

function when(at: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' }).format(new Date(at));
  } catch {
    return at;
  }
}

/** A field's value as people read it; anything unexpected as compact JSON, never as markup. */
function show(field: string, value: unknown, context: HistoryContext): Child {
  if (value === null || value === undefined || value === '') return '(none)';
  const record = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});
  switch (field) {
    case 'start':
    case 'end':
      return typeof value === 'string' ? tripDate(value, context.timeZone) : JSON.stringify(value);
    case 'timezone':
      return String(value).replace(/_/g, ' ');
    case 'guest': {
      const g = record(value);
      return [`${String(g.name ?? '')}, ${String(g.count ?? '?')} on board`, g.email, g.phone].filter(Boolean).join(' · ');
    }
    case 'crew':
      return Array.isArray(value) && value.length > 0
        ? value.map((a) => `${context.nameOf(String(record(a).crewId ?? ''))} (${String(record(a).role ?? '')})`).join(', ')
        : '(nobody)';
    case 'crewTasks':
      return Array.isArray(value) && value.length > 0 ? value.map((t) => (typeof t === 'string' ? t : String(record(t).label ?? ''))).join(', ') : '(none)';
    case 'finance': {
      const f = record(value);
      const currency = String(f.currency ?? 'USD');
      const money = (key: string) => (typeof f[key] === 'number' ? formatMoney(f[key], currency) : '?');
      return `Revenue ${money('revenue')} · Captain fee ${money('captainFee')} · Platform fee ${money('platformFee')}`;
    }
    case 'finance.cancelled': {
      const f = record(value);
      const parts = [
        typeof f.refund === 'number' ? `Refund ${formatMoney(f.refund, context.currency)}` : '',
        typeof f.cancellationFee === 'number' ? `Cancellation fee ${formatMoney(f.cancellationFee, context.currency)}` : '',
      ].filter(Boolean);
      return parts.join(' · ') || '(none)';
    }
    default:
      return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
  }
}
