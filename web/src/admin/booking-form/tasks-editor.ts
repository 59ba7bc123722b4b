import { button, type Field, field, h, uid } from '../dom';
import type { Target } from './issues';

export const DEFAULT_TASKS = ['Stock cooler', 'Check fuel', 'Inspect sails', 'Check life jackets'];

/** A checklist item as stored: its id keeps its tick when the label is edited. */
export interface StoredTask {
  taskId: string;
  label: string;
  done: boolean;
}

/** A task in a change: a new label, or a task that stays (by id), perhaps renamed. */
export type TaskEntry = string | { taskId: string; label: string };

interface TaskRow {
  li: HTMLLIElement;
  input: Field<HTMLInputElement>;
  taskId?: string;
}

/**
 * The crew checklist: one row per task, added and removed freely. Rows of a stored booking
 * remember their task id, so renaming "Check fuel" keeps whoever ticked it; a removed row and a
 * new one with the same words is a new, unticked task.
 */
export function tasksEditor(initial: StoredTask[] | undefined) {
  const list = h('ul', { class: 'rows', id: 'task-rows' });
  const error = h('p', { class: 'field-error', id: 'tasks-error', hidden: true });
  const add = button('Add task', () => addRow('', undefined, false, true), { class: 'secondary', id: 'add-task' });
  const rows: TaskRow[] = [];
  /** Row positions of the non-empty rows, in the order they are sent: the API's `crewTasks.N`. */
  let sentRows: number[] = [];

  const element = h(
    'section',
    { 'aria-labelledby': 'tasks-title' },
    h('h2', { id: 'tasks-title' }, 'Crew checklist'),
    h('p', { class: 'hint' }, initial ? 'Renaming a task keeps its tick; removing one drops it.' : 'Crew tick these off on their page; guests see the progress.'),
    list,
    error,
    add,
  );

  function addRow(label: string, taskId: string | undefined, done: boolean, focus: boolean): void {
    const row: TaskRow = {
      li: h('li', { class: 'row task-row', ...(taskId ? { 'data-task-id': taskId } : {}) }),
      input: field('Task', h('input', { id: uid('task'), autocomplete: 'off', value: label, maxlength: '200' }), done ? { hint: '✓ Ticked by the crew' } : {}),
      ...(taskId ? { taskId } : {}),
    };
    const remove = button(
      'Remove',
      () => {
        const index = rows.indexOf(row);
        rows.splice(index, 1);
        row.li.remove();
        renumber();
        (rows[index]?.input.control ?? add).focus();
      },
      { class: 'secondary small remove' },
    );
    row.li.append(row.input.wrapper, remove);
    rows.push(row);
    list.append(row.li);
    renumber();
    if (focus) row.input.control.focus();
  }

  function renumber(): void {
    rows.forEach((row, i) => {
      const label = row.input.wrapper.querySelector('label');
      if (label) label.textContent = `Task ${i + 1}`;
      row.li.querySelector('.remove')?.setAttribute('aria-label', `Remove task ${i + 1}`);
    });
  }

  if (initial) for (const task of initial) addRow(task.label, task.taskId, task.done, false);
  else for (const label of DEFAULT_TASKS) addRow(label, undefined, false, false);

  return {
    element,
    /** Empty rows are left out. `labels` is what a new booking sends; `entries` what a change sends. */
    read(): { labels: string[]; entries: TaskEntry[] } {
      sentRows = [];
      const labels: string[] = [];
      const entries: TaskEntry[] = [];
      rows.forEach((row, i) => {
        const label = row.input.control.value.trim();
        if (label === '') return;
        sentRows.push(i);
        labels.push(label);
        entries.push(row.taskId ? { taskId: row.taskId, label } : label);
      });
      return { labels, entries };
    },
    targetFor(path: string): Target | undefined {
      const task = /^crewTasks\.(\d+)/.exec(path);
      if (task) {
        const row = rows[sentRows[Number(task[1])] ?? -1];
        return row ? { label: `Task ${rows.indexOf(row) + 1}`, controls: [row.input.control], error: row.input.error } : undefined;
      }
      if (path === 'crewTasks') {
        const first = rows[0]?.input.control;
        return { label: 'Crew checklist', controls: first ? [first] : [], error };
      }
      return undefined;
    },
  };
}

export type TasksEditor = ReturnType<typeof tasksEditor>;
