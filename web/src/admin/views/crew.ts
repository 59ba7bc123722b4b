import { button, field, fill, h, setError } from '../dom';
import { ApiError, data, messageOf } from '../session';
import { alertBox, type Ctx, heading, statusLine, type View } from '../ui';

interface Member {
  crewId: string;
  name: string;
  email: string;
  phone?: string;
  active: boolean;
  version: number;
}

const PAGE_SIZE = 25;

/** The roster: paged list, add, edit (name, email, phone), deactivate and reactivate. */
export const crewView: View = (main, ctx) => {
  const status = statusLine();
  const list = h('ul', { class: 'roster', 'aria-label': 'Crew members' });
  const pager = h('div', { class: 'pager' });
  const cursors: (string | undefined)[] = [undefined];
  let pageIndex = 0;

  const load = async () => {
    status.textContent = 'Loading the roster…';
    try {
      const cursor = cursors[pageIndex];
      const page = await data(ctx.api.crew.$get({ query: { limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) } }));
      if (ctx.signal.aborted) return;
      fill(list, ...page.items.map((member) => memberRow(member, ctx, status, load)));
      if (page.items.length === 0) list.append(h('li', { class: 'empty' }, pageIndex === 0 ? 'No crew yet. Add the first one above.' : 'No more crew.'));
      cursors[pageIndex + 1] = page.nextCursor ?? undefined;
      fill(
        pager,
        pageIndex > 0
          ? button('Previous page', () => {
              pageIndex -= 1;
              void load();
            }, { class: 'secondary' })
          : null,
        page.nextCursor
          ? button('Next page', () => {
              pageIndex += 1;
              void load();
            }, { class: 'secondary' })
          : null,
      );
      status.textContent = `${page.items.length} ${page.items.length === 1 ? 'member' : 'members'} on this page.`;
    } catch (error) {
      if (!ctx.signal.aborted) status.textContent = `Could not load the roster: ${messageOf(error)}`;
    }
  };

  main.append(
    heading('Crew'),
    h('section', { 'aria-labelledby': 'add-crew' }, h('h2', { id: 'add-crew' }, 'Add a crew member'), addForm(ctx, status, load)),
    h('section', { 'aria-labelledby': 'roster' }, h('h2', { id: 'roster' }, 'Roster'), status, list, pager),
  );
  void load();
};

function contactFields(prefix: string, member?: Member) {
  const name = field('Name', h('input', { id: `${prefix}-name`, autocomplete: 'off', value: member?.name ?? '', required: true, maxlength: '100' }));
  const email = field('Email', h('input', { id: `${prefix}-email`, type: 'email', autocomplete: 'off', value: member?.email ?? '', required: true }));
  const phone = field(
    'Phone (optional)',
    h('input', { id: `${prefix}-phone`, type: 'tel', autocomplete: 'off', value: member?.phone ?? '', maxlength: '30' }),
    { hint: 'With the country code, e.g. +16195550101' },
  );
  const byPath: Record<string, typeof name> = { name, email, phone };
  const clear = () => Object.values(byPath).forEach((f) => setError(f.error, [f.control], undefined));
  /** Server or local issues, each next to its field; the rest as one message. */
  const show = (error: unknown, general: HTMLElement) => {
    clear();
    fill(general);
    const issues = error instanceof ApiError ? ((error.details.issues as { path: string; message: string }[] | undefined) ?? []) : [];
    let placed = 0;
    for (const issue of issues) {
      const target = byPath[issue.path];
      if (!target) continue;
      setError(target.error, [target.control], issue.message);
      if (placed === 0) target.control.focus();
      placed += 1;
    }
    if (placed === 0) general.append(alertBox(messageOf(error)));
  };
  return { name, email, phone, clear, show };
}

function addForm(ctx: Ctx, status: HTMLElement, reload: () => Promise<void>): HTMLFormElement {
  const fields = contactFields('new-crew');
  const general = h('div');
  const submit = h('button', { type: 'submit' }, 'Add to roster');
  const form = h('form', { class: 'grid-form', novalidate: true }, fields.name.wrapper, fields.email.wrapper, fields.phone.wrapper, general, h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      submit.disabled = true;
      const phone = fields.phone.control.value.trim();
      try {
        const member = await data(
          ctx.api.crew.$post({
            json: { name: fields.name.control.value, email: fields.email.control.value.trim(), ...(phone ? { phone } : {}) },
          }),
        );
        fields.clear();
        fill(general);
        form.reset();
        status.textContent = `Added ${member.name}.`;
        await reload();
        status.textContent = `Added ${member.name}.`;
        fields.name.control.focus();
      } catch (error) {
        fields.show(error, general);
      } finally {
        submit.disabled = false;
      }
    })();
  });
  return form;
}

function memberRow(member: Member, ctx: Ctx, status: HTMLElement, reload: () => Promise<void>): HTMLLIElement {
  const li = h('li', { class: member.active ? 'member' : 'member inactive', 'data-crew-id': member.crewId });
  const show = () => {
    fill(
      li,
      h(
        'div',
        { class: 'member-info' },
        h('strong', { class: 'member-name' }, member.name),
        member.active ? null : h('span', { class: 'badge muted-badge' }, 'Inactive'),
        h('span', { class: 'member-contact' }, h('a', { href: `mailto:${member.email}` }, member.email), member.phone ? ` · ${member.phone}` : ''),
      ),
      h(
        'div',
        { class: 'row-actions' },
        button('Edit', edit, { class: 'secondary small', 'aria-label': `Edit ${member.name}` }),
        member.active
          ? button('Deactivate', () => void setActive(false), { class: 'secondary small', 'aria-label': `Deactivate ${member.name}` })
          : button('Reactivate', () => void setActive(true), { class: 'secondary small', 'aria-label': `Reactivate ${member.name}` }),
      ),
    );
  };

  const setActive = async (active: boolean) => {
    try {
      const param = { crewId: member.crewId };
      const updated = active
        ? await data(ctx.api.crew[':crewId'].$patch({ param, json: { active: true } }))
        : await data(ctx.api.crew[':crewId'].$delete({ param }));
      Object.assign(member, updated);
      li.classList.toggle('inactive', !member.active);
      show();
      status.textContent = active ? `${member.name} is active again.` : `${member.name} is deactivated: no new trips; past trips keep the name.`;
      li.querySelector<HTMLButtonElement>('.row-actions button:last-child')?.focus();
    } catch (error) {
      status.textContent = `Could not change ${member.name}: ${messageOf(error)}`;
    }
  };

  const edit = () => {
    const fields = contactFields(`edit-${member.crewId}`, member);
    const general = h('div');
    const save = h('button', { type: 'submit', class: 'small' }, 'Save');
    const form = h(
      'form',
      { class: 'grid-form edit', novalidate: true, 'aria-label': `Edit ${member.name}` },
      fields.name.wrapper,
      fields.email.wrapper,
      fields.phone.wrapper,
      general,
      h('div', { class: 'actions' }, save, button('Cancel', () => {
        show();
        li.querySelector<HTMLButtonElement>('.row-actions button')?.focus();
      }, { class: 'secondary small' })),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void (async () => {
        save.disabled = true;
        const phone = fields.phone.control.value.trim();
        try {
          const updated = await data(
            ctx.api.crew[':crewId'].$patch(
              {
                param: { crewId: member.crewId },
                json: { name: fields.name.control.value, email: fields.email.control.value.trim(), phone: phone || null },
              },
              // Refuse to overwrite a change made since this list was read.
              { headers: { 'If-Match': `"${member.version}"` } },
            ),
          );
          Object.assign(member, updated);
          if (!updated.phone) delete member.phone;
          show();
          status.textContent = `Saved ${member.name}.`;
          li.querySelector<HTMLButtonElement>('.row-actions button')?.focus();
        } catch (error) {
          if (error instanceof ApiError && error.code === 'version_conflict') {
            fill(general, alertBox('Someone changed this crew member meanwhile. The roster is reloaded; edit again.'));
            await reload();
            return;
          }
          fields.show(error, general);
        } finally {
          save.disabled = false;
        }
      })();
    });
    fill(li, form);
    fields.name.control.focus();
  };

  show();
  return li;
}
