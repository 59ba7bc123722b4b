import { errorDisplay, type Issue } from '../booking-form/issues';
import { h } from '../dom';
import { getSettings, type OperatorSettings, patchSettings, putSettings } from '../settings/settings-api';
import { settingsFields } from '../settings/settings-form';
import { ApiError, messageOf } from '../session';
import { alertBox, heading, statusLine, type View } from '../ui';

/**
 * The operator's settings: what guests see of the business, when reminders and the digest go
 * out, the guest page's upload window and checklist, photos per trip, and boats' turnaround.
 * Saved as one PATCH; the API's field errors are shown beside their fields.
 */
export const settingsView: View = (main, ctx) => {
  const status = statusLine('Loading the settings…');
  const fields = settingsFields();
  const summary = h('div', { class: 'error-summary', tabindex: '-1', hidden: true, 'aria-labelledby': 'set-summary-title' });
  const save = h('button', { type: 'submit', class: 'primary', id: 'save-settings' }, 'Save settings');
  const saved = statusLine();
  saved.id = 'settings-state';
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'settings-title', hidden: true, id: 'settings-form' },
    summary,
    fields.element,
    h('div', { class: 'actions sticky-actions' }, save, saved),
  );
  const errors = errorDisplay(form, summary, fields.targetFor);
  let current: OperatorSettings | undefined;

  const title = heading('Settings');
  title.id = 'settings-title';
  main.append(title, h('p', {}, 'How SCC speaks for your business and when it reminds people. Changes apply to what is sent from now on.'), status, form);

  form.addEventListener('input', () => {
    if (form.dataset.state === 'saved') {
      form.dataset.state = 'changed';
      saved.textContent = 'Unsaved changes.';
    }
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const read = fields.read();
    if (read.issues.length > 0) {
      errors.show(read.issues);
      return;
    }
    errors.clear();
    void store(read);
  });

  async function store(read: ReturnType<typeof fields.read>): Promise<void> {
    save.disabled = true;
    saved.textContent = 'Saving…';
    try {
      // Taking a contact value away needs the whole settings (PUT); anything else is a PATCH,
      // which leaves sections this screen does not know about as they are.
      const removing = current ? read.cleared.filter((key) => current?.operator[key] !== undefined) : [];
      const next =
        removing.length > 0 && current ? await putSettings(ctx, { ...current, ...read.value }) : await patchSettings(ctx, read.value);
      if (ctx.signal.aborted) return;
      current = next;
      fields.set(next);
      form.dataset.state = 'saved';
      saved.textContent = `Saved at ${new Date().toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' })}. New reminders, guest pages and checks use these.`;
    } catch (error) {
      if (ctx.signal.aborted) return;
      saved.textContent = '';
      const issues = error instanceof ApiError ? ((error.details.issues as Issue[] | undefined) ?? []) : [];
      errors.show(issues.length > 0 ? issues : [{ path: '', message: messageOf(error) }], 'The settings were not saved');
    } finally {
      save.disabled = false;
    }
  }

  void (async () => {
    try {
      current = await getSettings(ctx);
      if (ctx.signal.aborted) return;
      fields.set(current);
      status.textContent = '';
      status.hidden = true;
      form.hidden = false;
    } catch (error) {
      if (ctx.signal.aborted) return;
      status.replaceWith(alertBox(`Could not load the settings: ${messageOf(error)}`));
    }
  })();
};
