import { button, field, fill, h, setError } from '../dom';
import { ApiError, messageOf } from '../session';
import { alertBox, type Ctx, details } from '../ui';
import { type ChannelView, changeChannel, deleteChannel, syncChannel } from './channel-api';
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
    const general = h('div');
    const save = h('button', { type: 'submit', class: 'small' }, 'Save');
    const form = h(
      'form',
      { class: 'channel-edit', novalidate: true, 'aria-label': `Edit ${channel.name}` },
      name.wrapper,
      url.wrapper,
      h('div', { class: 'field check' }, enabled, h('label', { for: enabled.id }, 'Sync this channel')),
      general,
      h('div', { class: 'actions' }, save, button('Cancel', () => {
        show();
        card.querySelector<HTMLButtonElement>('.row-actions button:nth-child(2)')?.focus();
      }, { class: 'secondary small' })),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const change: Parameters<typeof changeChannel>[2] = {};
      const newName = name.control.value.trim();
      const newUrl = url.control.value.trim();
      if (newName !== channel.name) change.name = newName;
      if (newUrl) change.url = newUrl;
      if (enabled.checked !== channel.enabled) change.enabled = enabled.checked;
      if (Object.keys(change).length === 0) {
        show();
        said.textContent = 'Nothing changed.';
        return;
      }
      void (async () => {
        save.disabled = true;
        setError(name.error, [name.control], undefined);
        setError(url.error, [url.control], undefined);
        fill(general);
        try {
          channel = await changeChannel(ctx, channel, change);
          if (ctx.signal.aborted) return;
          show();
          said.textContent = change.url ? 'Saved. The new link is used from the next sync — press “Sync now” to try it.' : 'Saved.';
        } catch (error) {
          if (ctx.signal.aborted) return;
          if (error instanceof ApiError && error.code === 'version_conflict') {
            fill(general, alertBox('Someone changed this channel meanwhile. Reload the page and edit again.'));
            return;
          }
          const issues = error instanceof ApiError ? ((error.details.issues as { path: string; message: string }[] | undefined) ?? []) : [];
          let placed = 0;
          for (const issue of issues) {
            const f = issue.path === 'name' ? name : issue.path === 'url' ? url : undefined;
            if (!f) continue;
            setError(f.error, [f.control], issue.message);
            placed += 1;
          }
          if (placed === 0) fill(general, alertBox(messageOf(error)));
        } finally {
          save.disabled = false;
        }
      })();
    });
    fill(card, h('h3', {}, `Edit ${channel.name}`), form);
    name.control.focus();
  }

  show();
  return card;
}
