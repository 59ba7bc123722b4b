import { errorDisplay, type Issue, type Target, target } from '../booking-form/issues';
import { channelDefaultsSchema, channelPatchSchema } from '../core';
import { button, field, fill, h } from '../dom';
import { ApiError, messageOf } from '../session';
import { alertBox, type Ctx, details } from '../ui';
import { type ChannelChange, type ChannelView, changeChannel, deleteChannel, getChannel, syncChannel } from './channel-api';
import { checked, defaultsFields } from './defaults-fields';
import { healthBlock, lastSyncBlock, outcomeText } from './health';
import { sourceLabel } from './sources';

export interface CardEvents {
  /** A sync ran (bookings may have arrived or gone missing). */
  onSynced(): void;
  onDeleted(channel: ChannelView): void;
}

/** One channel: what it is, whether it works, and Sync now / Edit / Delete. */
export function channelCard(ctx: Ctx, initial: ChannelView, events: CardEvents): HTMLElement {
  let channel = initial;
  const card = h('li', { class: 'card channel', 'data-channel-id': channel.channelId });
  const said = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const confirmRow = h('div', { class: 'row-actions confirm-row' });

  let sync: HTMLButtonElement | undefined;

  const show = () => {
    sync = button('Sync now', () => void syncNow(), { class: 'small', 'aria-label': `Sync ${channel.name} now` });
    fill(
      card,
      h('h3', {}, channel.name, channel.enabled ? null : h('span', { class: 'badge' }, 'Paused')),
      details([
        ['Boat', channel.boat],
        ['Marketplace', sourceLabel(channel.source)],
        ['Calendar link', h('span', { class: 'channel-url' }, channel.url)],
        ['Health', healthBlock(channel)],
        ['Last sync', lastSyncBlock(channel)],
      ]),
      said,
      h(
        'div',
        { class: 'row-actions' },
        sync,
        button('Edit', edit, { class: 'secondary small', 'aria-label': `Edit ${channel.name}` }),
        button('Delete…', askDelete, { class: 'secondary small danger-outline', 'aria-label': `Delete ${channel.name}` }),
      ),
      confirmRow,
    );
  };

  async function syncNow(): Promise<void> {
    if (sync) {
      sync.disabled = true;
      sync.textContent = 'Syncing…';
    }
    said.textContent = 'Syncing…';
    try {
      const answer = await syncChannel(ctx, channel.channelId);
      if (ctx.signal.aborted) return;
      channel = answer.channel;
      show();
      said.textContent = outcomeText(answer.outcome);
      events.onSynced();
    } catch (error) {
      if (ctx.signal.aborted) return;
      show();
      said.textContent =
        error instanceof ApiError && error.code === 'sync_running'
          ? 'A sync of this channel is already running; its result will show here. Reload in a moment.'
          : `Could not sync: ${messageOf(error)}`;
    }
    sync?.focus();
  }

  function askDelete(): void {
    const yes = button('Delete the channel', () => void remove(), { class: 'danger small' });
    const no = button('Keep it', () => {
      fill(confirmRow);
      card.querySelector<HTMLButtonElement>('.danger-outline')?.focus();
    }, { class: 'secondary small' });
    fill(confirmRow, h('p', { class: 'confirm' }, `Delete “${channel.name}”? Its bookings stay as they are, but the feed is no longer read.`), yes, no);
    yes.focus();
  }

  async function remove(): Promise<void> {
    try {
      await deleteChannel(ctx, channel.channelId);
      if (!ctx.signal.aborted) events.onDeleted(channel);
    } catch (error) {
      if (!ctx.signal.aborted) fill(confirmRow, alertBox(`Could not delete: ${messageOf(error)}`));
    }
  }

  function edit(): void {
    const id = channel.channelId;
    const name = field('Name', h('input', { id: `${id}-name`, autocomplete: 'off', value: channel.name, maxlength: '100' }));
    const url = field('New calendar link (optional)', h('input', { id: `${id}-url`, type: 'url', autocomplete: 'off', inputmode: 'url', autocapitalize: 'off', spellcheck: 'false', placeholder: 'https://…' }), {
      hint: `Leave empty to keep the current link (${channel.url}). Paste a new one when the marketplace gave you a fresh link.`,
    });
    const enabled = h('input', { id: `${id}-enabled`, type: 'checkbox', checked: channel.enabled });
    const defaults = defaultsFields(ctx, id, channel.defaults);
    const summary = h('div', { class: 'error-summary', tabindex: '-1', hidden: true, 'aria-labelledby': `${id}-summary-title` });
    const general = h('div');
    const save = h('button', { type: 'submit', class: 'small' }, 'Save');
    const form = h(
      'form',
      { class: 'channel-edit', novalidate: true, 'aria-label': `Edit ${channel.name}` },
      summary,
      name.wrapper,
      url.wrapper,
      h('div', { class: 'field check' }, enabled, h('label', { for: enabled.id }, 'Sync this channel')),
      h('h4', {}, 'Defaults for its bookings'),
      h('div', { class: 'field' }, h('p', { class: 'hint' }, 'New defaults apply to the bookings this feed brings from now on; bookings it already brought keep theirs.')),
      defaults.element,
      general,
      h('div', { class: 'actions' }, save, button('Cancel', () => {
        show();
        card.querySelector<HTMLButtonElement>('.row-actions button:nth-child(2)')?.focus();
      }, { class: 'secondary small' })),
    );
    const targets: Record<string, Target> = { name: target('Name', name), url: target('New calendar link', url) };
    const errors = errorDisplay(form, summary, (path) => targets[path] ?? defaults.targetFor(path));

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const read = defaults.read();
      const newName = name.control.value.trim();
      const newUrl = url.control.value.trim();
      const result = checked(
        channelPatchSchema.safeParse({
          ...(newName !== channel.name ? { name: newName } : {}),
          ...(newUrl ? { url: newUrl } : {}),
          ...(enabled.checked !== channel.enabled ? { enabled: enabled.checked } : {}),
          defaults: read.defaults,
        }),
        read.issues,
      );
      fill(general);
      if (!result.ok) {
        errors.show(result.issues);
        return;
      }
      errors.clear();
      // The defaults go whole, and only when they differ from the stored ones.
      const { defaults: wanted, ...rest } = result.data;
      const stored = channelDefaultsSchema.safeParse(channel.defaults);
      const change: ChannelChange = stored.success && JSON.stringify(stored.data) === JSON.stringify(wanted) ? rest : result.data;
      if (Object.keys(change).length === 0) {
        show();
        said.textContent = 'Nothing changed.';
        return;
      }
      void (async () => {
        save.disabled = true;
        save.textContent = 'Saving…';
        try {
          channel = await changeChannel(ctx, channel, change);
          if (ctx.signal.aborted) return;
          show();
          said.textContent = [
            'Saved.',
            change.defaults ? 'New bookings from this feed get the new defaults.' : '',
            change.url ? 'The new link is used from the next sync — press “Sync now” to try it.' : '',
          ].filter(Boolean).join(' ');
        } catch (error) {
          if (ctx.signal.aborted) return;
          if (error instanceof ApiError && (error.status === 412 || error.code === 'version_conflict')) {
            const reload = button('Reload the channel', () => void reopen(), { class: 'secondary small' });
            fill(general, alertBox('Someone changed this channel since you opened it, so nothing was saved. Reload it to see their change, then make yours again.'), h('div', { class: 'actions' }, reload));
            reload.focus();
            return;
          }
          if (error instanceof ApiError && error.code === 'unknown_crew') {
            errors.show(defaults.crewIssues(error), 'Check the crew');
            return;
          }
          const issues = error instanceof ApiError ? ((error.details.issues as Issue[] | undefined) ?? []) : [];
          errors.show(issues.length > 0 ? issues : [{ path: '', message: messageOf(error) }], 'Not saved');
        } finally {
          save.disabled = false;
          save.textContent = 'Save';
        }
      })();
    });
    fill(card, h('h3', {}, `Edit ${channel.name}`), form);
    name.control.focus();
  }

  /** After a 412: the channel as it is now, in a fresh Edit form. */
  async function reopen(): Promise<void> {
    try {
      channel = await getChannel(ctx, channel.channelId);
      if (ctx.signal.aborted) return;
      edit();
      said.textContent = '';
      card.querySelector('form')?.prepend(h('p', { class: 'status', role: 'status' }, 'Reloaded: this is the channel as it is now.'));
    } catch (error) {
      if (!ctx.signal.aborted) card.querySelector('form')?.prepend(alertBox(`Could not reload: ${messageOf(error)}`));
    }
  }

  show();
  return card;
}
