import type { Issue, Target } from '../booking-form/issues';
import { button, field, h, uid } from '../dom';
import type { OperatorSettings } from './settings-api';

type Turnaround = OperatorSettings['turnaroundMinutes'];

interface BoatRow {
  element: HTMLLIElement;
  boat: HTMLInputElement;
  minutes: HTMLInputElement;
  error: HTMLElement;
}

const minutesInput = (id: string, value: number | undefined) =>
  h('input', { id, type: 'number', inputmode: 'numeric', min: '0', max: '1440', step: '1', value: value === undefined ? '' : String(value) });

/**
 * How long each boat needs between two trips (cleaning, fuel, the next crew's checks). The
 * double-booking check keeps trips of one boat at least this far apart. Paths are the API's:
 * `turnaroundMinutes.default`, `turnaroundMinutes.boats.JADA`.
 */
export function turnaroundFields() {
  const fallback = field('Every boat (minutes)', minutesInput('set-turnaround', undefined), {
    hint: 'Between the end of one trip and the start of the next on the same boat. 0: back to back is fine.',
  });
  const list = h('ul', { class: 'rows', 'aria-label': 'Boats with their own turnaround' });
  let rows: BoatRow[] = [];

  const addRow = (boat = '', minutes?: number) => {
    const boatInput = h('input', { id: uid('set-boat'), maxlength: '100', autocomplete: 'off', value: boat });
    const boatField = field('Boat', boatInput);
    const minutesField = field('Minutes', minutesInput(uid('set-boat-minutes'), minutes));
    const row: BoatRow = { element: h('li', { class: 'row turnaround-row' }), boat: boatInput, minutes: minutesField.control, error: minutesField.error };
    const remove = button('Remove', () => {
      rows = rows.filter((r) => r !== row);
      row.element.remove();
      add.focus();
    }, { class: 'secondary small remove', 'aria-label': `Remove ${boat || 'this boat'}` });
    row.element.append(h('div', { class: 'two' }, boatField.wrapper, minutesField.wrapper), remove);
    rows.push(row);
    list.append(row.element);
    return row;
  };
  const add = button('Add a boat', () => addRow().boat.focus(), { class: 'secondary small', id: 'set-add-boat' });

  const element = h(
    'div',
    {},
    fallback.wrapper,
    h('h3', {}, 'Boats that need a different time'),
    list,
    add,
  );

  return {
    element,
    set(turnaround: Turnaround) {
      fallback.control.value = String(turnaround.default);
      rows = [];
      list.replaceChildren();
      for (const [boat, minutes] of Object.entries(turnaround.boats)) addRow(boat, minutes);
    },
    /** The section as the API takes it, and what is missing before it is worth sending. */
    read(): { value: Turnaround; issues: Issue[] } {
      const issues: Issue[] = [];
      const boats: Record<string, number> = {};
      for (const row of rows) {
        const boat = row.boat.value.trim();
        if (boat === '' && row.minutes.value.trim() === '') continue;
        if (boat === '') issues.push({ path: `turnaroundMinutes.boats.#${rows.indexOf(row)}`, message: 'Enter the boat, or remove this row' });
        else boats[boat] = numberOf(row.minutes);
      }
      return { value: { default: numberOf(fallback.control), boats }, issues };
    },
    targetFor(path: string): Target | undefined {
      if (path === 'turnaroundMinutes.default') return { label: 'Turnaround for every boat', controls: [fallback.control], error: fallback.error };
      const named = /^turnaroundMinutes\.boats\.(.+)$/.exec(path)?.[1];
      if (named === undefined) return undefined;
      const byIndex = /^#(\d+)$/.exec(named);
      const row = byIndex ? rows[Number(byIndex[1])] : rows.find((r) => r.boat.value.trim() === named);
      return row ? { label: `Turnaround for ${row.boat.value.trim() || 'a boat'}`, controls: [row.minutes, row.boat], error: row.error } : undefined;
    },
  };
}

/** NaN for an empty box, so the API names the field instead of keeping the old value. */
export function numberOf(input: HTMLInputElement): number {
  const text = input.value.trim();
  return text === '' ? Number.NaN : Number(text);
}
