import { type Field, fill, h, setError } from '../dom';

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** Where an error for a field path is shown. */
export interface Target {
  label: string;
  controls: Control[];
  error: HTMLElement;
}

/** One problem with one field path (`guest.count`, `crew.1.role`), or with the whole form (`''`). */
export interface Issue {
  path: string;
  message: string;
  code?: string;
}

export function target(label: string, f: Field<Control>): Target {
  return { label, controls: [f.control], error: f.error };
}

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

export interface ErrorDisplay {
  /** Puts each issue next to its field (the first per field) and lists them all at the top. */
  show(issues: Issue[], heading?: string): void;
  clear(): void;
}

/**
 * Errors next to their fields, all listed (as links to the fields) in a summary at the top. A
 * field's error goes as soon as it is edited; the summary stays until the next try.
 */
export function errorDisplay(form: HTMLFormElement, summary: HTMLElement, targetFor: (path: string) => Target | undefined): ErrorDisplay {
  const shown: Target[] = [];
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

  const clear = () => {
    for (const t of shown.splice(0)) setError(t.error, t.controls, undefined);
    summary.hidden = true;
    summary.replaceChildren();
  };

  const show = (issues: Issue[], heading = 'Check these fields') => {
    clear();
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
    fill(summary, h('h2', { id: summary.getAttribute('aria-labelledby') ?? undefined }, heading), h('ul', {}, ...items));
    summary.hidden = false;
    summary.focus();
  };

  return { show, clear };
}

/** The schema's words, made plain where the operator's input explains them better. */
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
