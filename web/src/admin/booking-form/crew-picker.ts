import { button, type Field, field, fill, h, uid } from '../dom';
import { loadRoster, type RosterMember } from '../roster';
import { type ApiError, messageOf } from '../session';
import type { Ctx } from '../ui';
import type { Issue, Target } from './issues';

const ROLES = ['captain', 'mate', 'deckhand'];

export interface Assignment {
  crewId: string;
  role: string;
}

interface CrewRow {
  li: HTMLLIElement;
  member: Field<HTMLSelectElement>;
  role: Field<HTMLInputElement>;
}

/**
 * The crew of a trip: one row per person (chosen from the roster) with a free-text role. A new
 * booking starts with a captain row; a stored one shows its crew, even someone since
 * deactivated (marked so: the API refuses only newly added people who are inactive).
 */
export function crewPicker(ctx: Ctx, options: { initial?: Assignment[] } = {}) {
  const list = h('ul', { class: 'rows', id: 'crew-rows' });
  const error = h('p', { class: 'field-error', id: 'crew-error', hidden: true });
  const status = h('p', { class: 'hint', role: 'status' }, 'Loading the roster…');
  const add = button('Add crew member', () => addRow(), { class: 'secondary', id: 'add-crew' });
  const rows: CrewRow[] = [];
  let roster: RosterMember[] = [];

  const element = h(
    'section',
    { 'aria-labelledby': 'crew-title' },
    h('h2', { id: 'crew-title' }, 'Crew'),
    h('datalist', { id: 'roles' }, ...ROLES.map((value) => h('option', { value }))),
    status,
    list,
    error,
    add,
  );

  function addRow(selected = '', role = rows.length === 0 ? 'captain' : '', focus = true): void {
    const n = uid('crew');
    const select = h('select', { id: `${n}-member` }, h('option', { value: '' }, 'Choose…'));
    for (const member of roster) {
      if (!member.active && member.crewId !== selected) continue;
      const label = `${member.name} (${member.email})${member.active ? '' : ' — inactive'}`;
      select.append(h('option', { value: member.crewId, selected: member.crewId === selected }, label));
    }
    // Someone no longer on the roster at all still shows, by id, rather than silently vanishing.
    if (selected && !roster.some((m) => m.crewId === selected)) select.append(h('option', { value: selected, selected: true }, selected));
    const row: CrewRow = {
      li: h('li', { class: 'row crew-row' }),
      member: field('Crew member', select),
      role: field('Role', h('input', { id: `${n}-role`, autocomplete: 'off', list: 'roles', value: role, maxlength: '40', autocapitalize: 'off' }), { class: 'role' }),
    };
    const remove = button(
      'Remove',
      () => {
        const index = rows.indexOf(row);
        rows.splice(index, 1);
        row.li.remove();
        renumber();
        (rows[index]?.member.control ?? add).focus();
      },
      { class: 'secondary small remove' },
    );
    row.li.append(row.member.wrapper, row.role.wrapper, remove);
    rows.push(row);
    list.append(row.li);
    renumber();
    if (focus) select.focus();
  }

  /** Labels say which row they belong to: "Crew member 2", "Remove crew member 2". */
  function renumber(): void {
    rows.forEach((row, i) => {
      const label = row.member.wrapper.querySelector('label');
      if (label) label.textContent = `Crew member ${i + 1}`;
      const roleLabel = row.role.wrapper.querySelector('label');
      if (roleLabel) roleLabel.textContent = `Role ${i + 1}`;
      row.li.querySelector('.remove')?.setAttribute('aria-label', `Remove crew member ${i + 1}`);
    });
  }

  const ready = (async () => {
    try {
      roster = await loadRoster(ctx.api);
      if (ctx.signal.aborted) return;
      const active = roster.filter((m) => m.active);
      fill(
        status,
        active.length === 0
          ? h('span', {}, 'No active crew on the roster yet. ', h('a', { href: '/admin/crew' }, 'Add crew first'), ', or book without crew for now.')
          : `${active.length} active on the roster. Roles are free text; captain, mate and deckhand are suggested.`,
      );
    } catch (problem) {
      if (ctx.signal.aborted) return;
      status.textContent = `Could not load the roster: ${messageOf(problem)}`;
    }
    if (options.initial) for (const a of options.initial) addRow(a.crewId, a.role, false);
    else if (roster.some((m) => m.active)) addRow('', 'captain', false);
  })();

  return {
    element,
    /** Settles once the roster is in and the rows are drawn. */
    ready,
    read(): { crew: Assignment[]; issues: Issue[] } {
      const issues: Issue[] = [];
      const seen = new Map<string, number>();
      rows.forEach((row, i) => {
        const id = row.member.control.value;
        if (id && seen.has(id)) issues.push({ path: `crew.${i}.crewId`, message: `Already on the crew (row ${(seen.get(id) ?? 0) + 1})` });
        if (id) seen.set(id, i);
      });
      return { crew: rows.map((row) => ({ crewId: row.member.control.value, role: row.role.control.value })), issues };
    },
    /** The rows' names by crew id, for saying who is emailed. */
    nameOf(crewId: string): string {
      return roster.find((m) => m.crewId === crewId)?.name ?? crewId;
    },
    targetFor(path: string): Target | undefined {
      const crew = /^crew\.(\d+)(?:\.(crewId|role))?/.exec(path);
      if (crew) {
        const row = rows[Number(crew[1])];
        if (!row) return undefined;
        const f = crew[2] === 'role' ? row.role : row.member;
        return { label: `${crew[2] === 'role' ? 'Role' : 'Crew member'} ${Number(crew[1]) + 1}`, controls: [f.control], error: f.error };
      }
      if (path === 'crew') {
        const first = rows[0]?.member.control;
        return { label: 'Crew', controls: first ? [first] : [], error };
      }
      return undefined;
    },
    /** The API's `unknown_crew` refusal, on the rows it names. */
    issuesOf(problem: ApiError): Issue[] {
      const unknown = new Set((problem.details.unknown as string[] | undefined) ?? []);
      const inactive = new Set((problem.details.inactive as string[] | undefined) ?? []);
      const issues: Issue[] = [];
      rows.forEach((row, i) => {
        const id = row.member.control.value;
        if (inactive.has(id)) issues.push({ path: `crew.${i}.crewId`, message: 'Deactivated since this form opened: choose someone else' });
        else if (unknown.has(id)) issues.push({ path: `crew.${i}.crewId`, message: 'No longer on the roster: choose someone else' });
      });
      return issues.length > 0 ? issues : [{ path: 'crew', message: problem.message }];
    },
  };
}

export type CrewPicker = ReturnType<typeof crewPicker>;
