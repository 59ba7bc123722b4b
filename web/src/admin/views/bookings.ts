import { STEP_NAMES, type Steps } from '../core';
import { field, fill, h } from '../dom';
import { data, messageOf } from '../session';
import { STEP_LABELS } from '../steps';
import { heading, isoDate, statusLine, tripDate, type View } from '../ui';
import { browserTimeZone, parseWallTime, zonedToInstant } from '../zoned-time';

const MAX_PAGES = 10;

/** Bookings by trip date, each with a health mark, and a "needs attention" filter. */
export const bookingsView: View = (main, ctx, _params, query) => {
  const today = new Date();
  const from = h('input', { id: 'from', type: 'date', value: query.get('from') ?? isoDate(new Date(today.getFullYear(), today.getMonth(), 1)) });
  const to = h('input', { id: 'to', type: 'date', value: query.get('to') ?? isoDate(new Date(today.getFullYear(), today.getMonth() + 1, 0)) });
  const attention = h('input', { id: 'attention', type: 'checkbox', checked: query.get('attention') === '1' });
  const fromField = field('From', from);
  const toField = field('To', to);
  const filters = h(
    'form',
    { class: 'filters', novalidate: true, 'aria-label': 'Filter bookings' },
    fromField.wrapper,
    toField.wrapper,
    h('div', { class: 'field check' }, attention, h('label', { for: 'attention' }, 'Needs attention only')),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show')),
  );
  const status = statusLine();
  const list = h('ul', { class: 'bookings', 'aria-label': 'Bookings' });
  const more = h('div', { class: 'pager' });
  main.append(
    h('div', { class: 'title-row' }, heading('Bookings'), h('a', { href: '/admin/new', class: 'button-link' }, 'New booking')),
    filters,
    status,
    list,
    more,
  );

  type Item = Awaited<ReturnType<typeof fetchPage>>['items'][number];
  let items: Item[] = [];

  async function fetchPage(cursor?: string) {
    // Whole days on this browser's clock (the API also takes UTC dates, but an evening trip on the
    // 31st is on the 1st in UTC).
    const range = dayRange(from.value, to.value);
    return data(ctx.api.bookings.$get({ query: { ...range, limit: '100', ...(cursor ? { cursor } : {}) } }));
  }

  const render = () => {
    const shown = attention.checked ? items.filter((b) => b.health === 'needs_attention') : items;
    const needing = items.filter((b) => b.health === 'needs_attention').length;
    fill(list, ...shown.map(row));
    if (shown.length === 0) list.append(h('li', { class: 'empty' }, attention.checked ? 'Nothing needs attention in these dates.' : 'No bookings in these dates.'));
    status.textContent = `${items.length} ${items.length === 1 ? 'booking' : 'bookings'}${needing ? `, ${needing} needing attention` : ''}.`;
  };

  const load = async () => {
    const params = new URLSearchParams({ from: from.value, to: to.value });
    if (attention.checked) params.set('attention', '1');
    ctx.setQuery(params);
    status.textContent = 'Loading…';
    fill(more);
    items = [];
    try {
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const result = await fetchPage(cursor);
        if (ctx.signal.aborted) return;
        items.push(...result.items);
        cursor = result.nextCursor ?? undefined;
        if (!cursor) break;
      }
      render();
      if (cursor) status.textContent += ' Showing the first ones only: narrow the dates to see the rest.';
    } catch (error) {
      if (!ctx.signal.aborted) status.textContent = `Could not load the bookings: ${messageOf(error)}`;
    }
  };

  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });
  attention.addEventListener('change', () => {
    const params = new URLSearchParams({ from: from.value, to: to.value });
    if (attention.checked) params.set('attention', '1');
    ctx.setQuery(params);
    render();
  });
  void load();
};

function dayRange(from: string, to: string): { from?: string; to?: string } {
  const zone = browserTimeZone();
  const start = parseWallTime(from, '00:00');
  const end = parseWallTime(to, '00:00');
  const next = end && new Date(Date.UTC(end.year, end.month - 1, end.day + 1));
  return {
    ...(start ? { from: zonedToInstant(start, zone).iso } : {}),
    ...(next ? { to: zonedToInstant({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: 0, minute: 0 }, zone).iso } : {}),
  };
}

function row(b: { bookingId: string; title: string; start: string; timezone: string; boat: string; guestName: string; guestCount: number; health: 'ok' | 'needs_attention'; steps: Steps; source: string; externalId: string }): HTMLLIElement {
  const ok = b.health === 'ok';
  const problems = STEP_NAMES.filter((n) => !['succeeded', 'skipped'].includes(b.steps[n].status)).map((n) => `${STEP_LABELS[n]}: ${b.steps[n].status}`);
  return h(
    'li',
    { class: ok ? 'booking' : 'booking attention', 'data-booking-id': b.bookingId, 'data-health': b.health },
    h('span', { class: ok ? 'health ok' : 'health bad' }, ok ? '✓ OK' : '⚠ Needs attention'),
    h('a', { href: `/admin/bookings/${b.bookingId}`, class: 'booking-title' }, b.title),
    h('span', { class: 'booking-when' }, tripDate(b.start, b.timezone)),
    h('span', { class: 'booking-meta' }, `${b.guestName}, ${b.guestCount} · ${b.boat} · ${b.source} ${b.externalId}`),
    problems.length > 0 ? h('span', { class: 'booking-problems' }, problems.join(' · ')) : null,
  );
}
