import { CREW_VISIBLE_FIELDS, type CrewNoticeView, type CrewVisibleField } from '@scc/core';
import { formatDate } from './format';
import { html, type SafeHtml } from './html';
import { MUTED } from './email-layout';

const FIELD_WORDS: Record<CrewVisibleField, string> = {
  title: 'the trip name',
  time: 'the time',
  boat: 'the boat',
  meetingPoint: 'the meeting point',
  guests: 'the number of guests',
  notes: 'the notes',
  tasks: 'the checklist',
  role: 'your role',
};

function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "The date and time and the meeting point changed.": what to look at, before the details. */
export function changeSentence(view: CrewNoticeView): string {
  const fields = CREW_VISIBLE_FIELDS.filter((field) => view.changed.includes(field));
  if (fields.length === 0) return 'Some details of the trip changed.';
  const moved =
    view.previous !== undefined &&
    formatDate(view.previous.start, view.previous.timezone) !== formatDate(view.start, view.timezone);
  const words = fields.map((field) => (field === 'time' && moved ? 'the date and time' : FIELD_WORDS[field]));
  const sentence = `${listInWords(words)} changed.`;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

interface TaskChanges {
  tasks: { label: string; added: boolean }[];
  dropped: string[];
}

/** New tasks are marked, dropped ones named, so a crew member sees the difference at a glance. */
function taskChanges(view: CrewNoticeView): TaskChanges {
  const before = view.previous?.tasks;
  return {
    tasks: view.tasks.map((label) => ({ label, added: before !== undefined && !before.includes(label) })),
    dropped: before ? before.filter((label) => !view.tasks.includes(label)) : [],
  };
}

/** Notes and checklist, shown only when they are what changed (the crew page always has them). */
export function changedDetailsHtml(view: CrewNoticeView): SafeHtml {
  const notes = view.changed.includes('notes')
    ? html`<h2 style="font-size:1.05em;margin:1.2em 0 .3em">Notes</h2>${
        view.notes ? html`<p style="margin:0;white-space:pre-line">${view.notes}</p>` : html`<p style="${MUTED};margin:0">The notes were removed.</p>`
      }`
    : '';
  if (!view.changed.includes('tasks')) return html`${notes}`;
  const { tasks, dropped } = taskChanges(view);
  return html`${notes}<h2 style="font-size:1.05em;margin:1.2em 0 .3em">Checklist</h2>${
    tasks.length
      ? html`<ul style="margin:0;padding-left:1.2em">${tasks.map(
          (task) => html`<li>${task.label}${task.added ? html` <strong style="color:#8a5d00">(new)</strong>` : ''}</li>`,
        )}</ul>`
      : html`<p style="${MUTED};margin:0">No tasks now.</p>`
  }${dropped.length ? html`<p style="${MUTED};margin:.4em 0 0">No longer on the list: ${dropped.map((label, i) => html`${i ? ', ' : ''}<s>${label}</s>`)}</p>` : ''}`;
}

export function changedDetailsText(view: CrewNoticeView): string[] {
  const lines: string[] = [];
  if (view.changed.includes('notes')) lines.push('', view.notes ? `Notes: ${view.notes}` : 'The notes were removed.');
  if (view.changed.includes('tasks')) {
    const { tasks, dropped } = taskChanges(view);
    lines.push('', tasks.length ? 'Checklist:' : 'Checklist: no tasks now.');
    lines.push(...tasks.map((task) => `- ${task.label}${task.added ? ' (new)' : ''}`));
    if (dropped.length) lines.push(`No longer on the list: ${dropped.join(', ')}`);
  }
  return lines;
}
