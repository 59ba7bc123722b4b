import { bookingCreateSchema } from '../core';
import { h } from '../dom';
import { ApiError, messageOf } from '../session';
import { type Ctx, statusLine } from '../ui';
import { type Assignment, crewPicker } from './crew-picker';
import { type FinanceValues, financeFields } from './finance-fields';
import { errorDisplay, type Issue, type Target } from './issues';
import { type StoredTask, type TaskEntry, tasksEditor } from './tasks-editor';
import { type TripPrefill, tripFields } from './trip-fields';

export type BookingSubmission = (typeof bookingCreateSchema)['_zod']['output'];

/** A stored booking, as the edit form opens on it. */
export interface BookingPrefill {
  reference: { source: string; externalId: string };
  trip: TripPrefill;
  crew: Assignment[];
  tasks: StoredTask[];
  finance: FinanceValues | null;
}

export interface BookingFormOptions {
  /** The id of the screen's heading, which names the form. */
  labelledBy: string;
  submitLabel: string;
  /** Absent: a new booking. Present: the same form, showing this booking. */
  initial?: BookingPrefill;
}

/**
 * The one booking form, for a new booking and for changing one: every field, checked in the
 * browser with the API's own schema, each error next to its field. What the submit button
 * does is the screen's business (`onValid`).
 */
export function bookingForm(ctx: Ctx, options: BookingFormOptions) {
  const { initial } = options;
  const form = h('form', { class: 'booking-form', novalidate: true, 'aria-labelledby': options.labelledBy });
  const fieldset = h('fieldset', { class: 'plain' });
  const summary = h('div', { class: 'error-summary', tabindex: '-1', hidden: true, 'aria-labelledby': 'summary-title' });
  const submit = h('button', { type: 'submit', class: 'primary' }, options.submitLabel);
  const status = statusLine();
  const actions = h('div', { class: 'actions sticky' }, submit, status);

  const trip = tripFields({ reference: !initial });
  const crew = crewPicker(ctx, initial ? { initial: initial.crew } : {});
  const tasks = tasksEditor(initial?.tasks);
  const money = financeFields();
  if (initial) {
    trip.set(initial.trip);
    if (initial.finance) money.set(initial.finance);
  }

  fieldset.append(...trip.head, crew.element, tasks.element, trip.notesSection, money.element, actions);
  form.append(summary, fieldset);

  const targets: Record<string, Target> = { ...trip.targets, ...money.targets };
  const targetFor = (path: string): Target | undefined =>
    crew.targetFor(path) ?? tasks.targetFor(path) ?? (path === 'finance' ? targets['finance.revenue'] : targets[path]);
  const errors = errorDisplay(form, summary, targetFor);

  /** The whole booking as a new booking would send it, and the task rows as a change sends them. */
  function collect(): { payload: Record<string, unknown>; entries: TaskEntry[]; issues: Issue[] } {
    const t = trip.read();
    const c = crew.read();
    const m = money.read();
    const taskList = tasks.read();
    const payload = {
      ...(initial ? initial.reference : trip.reference()),
      ...t.values,
      crew: c.crew,
      crewTasks: taskList.labels,
      finance: m.finance,
    };
    return { payload, entries: taskList.entries, issues: [...t.issues, ...c.issues, ...m.issues] };
  }

  return {
    form,
    fieldset,
    submit,
    status,
    summary,
    errors,
    crew,
    /** Disables every field while a save runs; the button says what is happening. */
    lock(locked: boolean, busyLabel: string): void {
      fieldset.disabled = locked;
      submit.textContent = locked ? busyLabel : options.submitLabel;
    },
    /**
     * The form checked with the API's schema: the booking and the checklist rows (with their
     * ids), or undefined with every problem shown.
     */
    validate(): { booking: BookingSubmission; tasks: TaskEntry[] } | undefined {
      const { payload, entries, issues } = collect();
      const parsed = bookingCreateSchema.safeParse(payload);
      const schemaIssues: Issue[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code }));
      // Where the browser has its own, plainer word (an empty date, a mistyped amount), it wins.
      const local = new Set(issues.map((i) => i.path));
      const problems = [...issues, ...schemaIssues.filter((i) => !local.has(i.path))];
      if (!parsed.success || problems.length > 0) {
        errors.show(problems);
        return undefined;
      }
      errors.clear();
      return { booking: parsed.data, tasks: entries };
    },
    /** The API's refusal, on the fields it names. */
    showServerError(error: unknown, heading: string): void {
      if (!(error instanceof ApiError)) {
        errors.show([{ path: '', message: messageOf(error) }], heading);
        return;
      }
      switch (error.code) {
        case 'invalid_request': {
          const issues = (error.details.issues as Issue[] | undefined) ?? [];
          errors.show(issues.length > 0 ? issues : [{ path: '', message: error.message }], 'The API refused these fields');
          return;
        }
        case 'unknown_crew':
          errors.show(crew.issuesOf(error), 'Check the crew');
          return;
        case 'trip_ended': {
          // Once a trip has ended only its notes, money and checklist may change.
          const fields = (error.details.fields as string[] | undefined) ?? [];
          const message = 'This trip has ended: this can no longer change';
          errors.show(fields.length > 0 ? fields.map((path) => ({ path, message })) : [{ path: '', message: error.message }], 'This trip has already ended');
          return;
        }
        case 'booking_conflict': {
          const fields = (error.details.fields as string[] | undefined) ?? [];
          const bookingId = typeof error.details.bookingId === 'string' ? error.details.bookingId : undefined;
          errors.show(
            [
              { path: 'externalId', message: 'Already booked with other details' },
              ...fields.map((path) => ({ path, message: 'Differs from the booking already saved under this reference' })),
            ],
            'This reference is already booked with other details',
          );
          if (bookingId) summary.append(h('p', {}, h('a', { href: `/admin/bookings/${bookingId}` }, 'Open the saved booking')));
          return;
        }
        default:
          errors.show([{ path: '', message: error.message }], heading);
      }
    },
  };
}

export type BookingForm = ReturnType<typeof bookingForm>;
