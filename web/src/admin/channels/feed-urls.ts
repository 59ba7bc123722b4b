import { copyButton } from '../copy';
import { button, fill, h } from '../dom';
import { messageOf } from '../session';
import { alertBox, type Ctx } from '../ui';
import { listFeeds, rotateFeed } from './channel-api';

/**
 * Outgoing feeds: each boat's busy time (to paste into a marketplace's "import calendar", so
 * it blocks the dates SCC booked) and each crew member's trips. Copy, or replace the link.
 */
export function feedUrlsSection(ctx: Ctx): HTMLElement {
  const body = h('div', {}, h('p', { class: 'hint' }, 'Loading the feed links…'));
  const element = h(
    'section',
    { 'aria-labelledby': 's-outgoing-feeds' },
    h('h2', { id: 's-outgoing-feeds' }, 'Outgoing feeds'),
    h(
      'p',
      {},
      'So a marketplace does not sell a time SCC already booked: copy the boat’s link below, then in the marketplace open the boat’s calendar settings, choose “Import calendar” (or “Sync calendars”), and paste it. It shows busy times only — no guest names, no money.',
    ),
    body,
  );

  const row = (kind: 'boats' | 'crew', id: string, name: string, url: string): [HTMLElement, HTMLElement] => {
    const link = h('span', { class: 'feed-url' }, url);
    const confirmRow = h('div', { class: 'row-actions confirm-row' });
    const said = h('p', { class: 'hint', role: 'status' });
    let current = url;
    const whose = kind === 'boats' ? `the ${name} feed` : `${name}’s feed`;
    const copy = copyButton(() => current, 'Copy', `Copy ${whose} link`);
    const rotate = button(
      'New link…',
      () => {
        const yes = button('Make a new link', () => void replace(), { class: 'danger small' });
        const no = button('Keep the link', () => {
          fill(confirmRow);
          rotate.focus();
        }, { class: 'secondary small' });
        const who = kind === 'boats' ? 'Every marketplace that imports it' : `${name}’s calendar`;
        fill(confirmRow, h('p', { class: 'confirm' }, `The old link stops working at once. ${who} must be given the new one.`), yes, no);
        yes.focus();
      },
      { class: 'secondary small', 'aria-label': `New link for ${whose}` },
    );
    const replace = async () => {
      try {
        const answer = await rotateFeed(ctx, kind, id);
        if (ctx.signal.aborted) return;
        current = answer.url;
        link.textContent = answer.url;
        fill(confirmRow);
        said.textContent = 'New link made; the old one no longer works. Copy it again.';
        copy.focus();
      } catch (error) {
        if (!ctx.signal.aborted) fill(confirmRow, alertBox(`Could not make a new link: ${messageOf(error)}`));
      }
    };
    return [h('dt', {}, name), h('dd', {}, link, h('span', { class: 'row-actions' }, copy, rotate), confirmRow, said)];
  };

  void (async () => {
    try {
      const feeds = await listFeeds(ctx);
      if (ctx.signal.aborted) return;
      fill(
        body,
        h('h3', {}, 'Boats'),
        feeds.boats.length === 0
          ? h('p', { class: 'hint' }, 'No boat has an upcoming trip yet; a boat’s link appears with its first booking.')
          : h('dl', { class: 'pairs feeds', 'aria-label': 'Boat feeds' }, ...feeds.boats.flatMap((b) => row('boats', b.boat, b.boat, b.url))),
        h('h3', {}, 'Crew'),
        h('p', { class: 'hint' }, 'Each person’s own trips, for their phone’s calendar. Their crew page offers it too.'),
        feeds.crew.length === 0
          ? h('p', { class: 'hint' }, 'No active crew yet.')
          : h('dl', { class: 'pairs feeds', 'aria-label': 'Crew feeds' }, ...feeds.crew.flatMap((m) => row('crew', m.crewId, m.name, m.url))),
      );
    } catch (error) {
      if (!ctx.signal.aborted) fill(body, alertBox(`Could not load the feed links: ${messageOf(error)}`));
    }
  })();
  return element;
}
