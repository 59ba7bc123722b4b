import { type ChannelView, listChannels } from '../channels/channel-api';
import { channelCard } from '../channels/channel-card';
import { channelForm } from '../channels/channel-form';
import { attentionItem, loadAttention } from '../channels/attention';
import { feedUrlsSection } from '../channels/feed-urls';
import { button, fill, h } from '../dom';
import { messageOf } from '../session';
import { heading, statusLine, type View } from '../ui';

/**
 * Marketplace channels: the feeds SCC reads bookings from (health, Sync now, add, edit,
 * delete), the bookings they brought that need the operator, and the feeds SCC gives out.
 */
export const channelsView: View = (main, ctx) => {
  const status = statusLine('Loading the channels…');
  const list = h('ul', { class: 'plain-list channels', 'aria-label': 'Channels' });
  const attentionStatus = statusLine('Loading…');
  const attentionList = h('ul', { class: 'bookings', 'aria-label': 'Bookings needing attention' });
  const addArea = h('div', { hidden: true });
  let channels: ChannelView[] = [];
  const nameOf = (channelId: string) => channels.find((c) => c.channelId === channelId)?.name;

  const openAdd = button('Add channel', () => {
    const form = channelForm(ctx, (channel) => {
      addArea.hidden = true;
      fill(addArea);
      openAdd.hidden = false;
      channels.push(channel);
      drawChannels();
      status.textContent = `Added “${channel.name}”. Press “Sync now” to read its bookings.`;
      list.querySelector<HTMLButtonElement>(`[data-channel-id="${channel.channelId}"] button`)?.focus();
    });
    fill(
      addArea,
      h(
        'section',
        { 'aria-labelledby': 'add-channel-title' },
        h('h2', { id: 'add-channel-title' }, 'Add a channel'),
        form.form,
        button('Close without adding', () => {
          addArea.hidden = true;
          fill(addArea);
          openAdd.hidden = false;
          openAdd.focus();
        }, { class: 'secondary' }),
      ),
    );
    addArea.hidden = false;
    openAdd.hidden = true;
    form.focus();
  }, { id: 'add-channel' });

  const drawChannels = () => {
    fill(
      list,
      ...channels.map((channel) =>
        channelCard(ctx, channel, {
          onSynced: () => void loadNeeds(),
          onDeleted: (gone) => {
            channels = channels.filter((c) => c.channelId !== gone.channelId);
            drawChannels();
            status.textContent = `Deleted “${gone.name}”.`;
            openAdd.focus();
          },
        }),
      ),
    );
    if (channels.length === 0) list.append(h('li', { class: 'empty' }, 'No channels yet. Add your first marketplace calendar link.'));
  };

  /** `said`: what the operator just did, kept in front of the fresh count. */
  const loadNeeds = async (said = '') => {
    attentionStatus.textContent = said ? `${said} Loading…` : 'Loading…';
    try {
      const { items, partial } = await loadAttention(ctx);
      if (ctx.signal.aborted) return;
      fill(attentionList, ...items.map((b) => attentionItem(ctx, b, nameOf, (message) => void loadNeeds(message))));
      const count =
        items.length === 0
          ? 'Nothing needs you: every upcoming booking from a feed is complete.'
          : `${items.length} ${items.length === 1 ? 'booking needs' : 'bookings need'} you.${partial ? ' Showing the first ones only.' : ''}`;
      attentionStatus.textContent = said ? `${said} ${count}` : count;
    } catch (error) {
      if (!ctx.signal.aborted) attentionStatus.textContent = `Could not load the bookings: ${messageOf(error)}`;
    }
  };

  main.append(
    h('div', { class: 'title-row' }, heading('Channels'), openAdd),
    h('p', {}, 'Marketplace calendars SCC reads every 15 minutes: new trips arrive as bookings, moved trips follow, and a trip that vanishes is asked about — never cancelled on its own.'),
    addArea,
    h('div', { role: 'region', class: 'page-part', 'aria-labelledby': 's-needs-attention' }, h('h2', { id: 's-needs-attention' }, 'Needs attention'), attentionStatus, attentionList),
    h('div', { role: 'region', class: 'page-part', 'aria-labelledby': 's-channels' }, h('h2', { id: 's-channels' }, 'Marketplace channels'), status, list),
    feedUrlsSection(ctx),
  );

  void (async () => {
    try {
      channels = await listChannels(ctx);
      if (ctx.signal.aborted) return;
      status.textContent = '';
      drawChannels();
    } catch (error) {
      if (!ctx.signal.aborted) status.textContent = `Could not load the channels: ${messageOf(error)}`;
    }
    await loadNeeds();
  })();
};
