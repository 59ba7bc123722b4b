import { listChannels } from '../channels/channel-api';
import { type FeedMarks, feedMarks, needsAttention } from '../channels/attention';
import { STEP_NAMES, type Steps } from '../core';
import { crewMark, type CrewStatusItem } from '../detail/crew-status';
import { fill, h } from '../dom';
import { type Period, periodFromQuery, periodName, periodPicker, periodQuery, periodRange } from '../period';
import { data, messageOf } from '../session';
import { STEP_LABELS } from '../steps';
import { heading, statusLine, tripDate, type View } from '../ui';

const MAX_PAGES = 10;
const KINDS = ['upcoming', 'month', 'dates'] as const;

/**
 * Bookings by trip date, each with a health mark, and a "needs attention" filter. It opens on
 * the upcoming trips (what the office works on); a month or any dates are one choice away.
 */
export const bookingsView: View = (main, ctx, _params, query) => {
  let period: Period = periodFromQuery(query, KINDS);
  const picker = periodPicker(period, KINDS);
  const attention = h('input', { id: 'attention', type: 'checkbox', checked: query.get('attention') === '1' });
  const filters = h(
    'form',
    { class: 'filters', novalidate: true, 'aria-label': 'Filter bookings' },
    ...picker.fields,
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
  // Channel names, for "Missing from the Boatsetter — JADA feed"; without them the row still says it.
  const channelNames = new Map<string, string>();
  const channelsLoaded = listChannels(ctx)
    .then((list) => list.forEach((c) => channelNames.set(c.channelId, c.name)))
    .catch(() => undefined);
  // Needs attention: a step to retry, details a feed could not give, a trip the feed lost, or
  // someone who cannot make it.
  const attends = (b: Item) => b.health === 'needs_attention' || needsAttention(b) || hasDecline(b);

  async function fetchPage(cursor?: string) {
    return data(ctx.api.bookings.$get({ query: { ...periodRange(period), limit: '100', ...(cursor ? { cursor } : {}) } }));
  }

  const keepInAddress = () => {
    const params = periodQuery(period);
    if (attention.checked) params.set('attention', '1');
    ctx.setQuery(params);
  };

  const render = () => {
    const shown = attention.checked ? items.filter(attends) : items;
    const needing = items.filter(attends).length;
    fill(list, ...shown.map((b) => row(b, (id) => channelNames.get(id))));
    const where = period.kind === 'upcoming' ? 'from today on' : `in ${periodName(period)}`;
    if (shown.length === 0) list.append(h('li', { class: 'empty' }, attention.checked ? `Nothing needs attention ${where}.` : `No bookings ${where}.`));
    status.textContent = `${items.length} ${items.length === 1 ? 'booking' : 'bookings'} ${where}${needing ? `, ${needing} needing attention` : ''}.`;
  };

  const load = async () => {
    keepInAddress();
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
      await channelsLoaded;
      if (ctx.signal.aborted) return;
      render();
      if (cursor) status.textContent += ' Showing the first ones only: narrow the dates to see the rest.';
    } catch (error) {
      if (!ctx.signal.aborted) status.textContent = `Could not load the bookings: ${messageOf(error)}`;
    }
  };

  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = picker.read();
    if (!chosen) {
      status.textContent = 'Enter a month such as 2027-07.';
      return;
    }
    period = chosen;
    void load();
  });
  attention.addEventListener('change', () => {
    keepInAddress();
    render();
  });
  void load();
};

type Row = FeedMarks & {
  bookingId: string;
  title: string;
  start: string;
  timezone: string;
  boat: string;
  guestName: string;
  guestCount: number;
  health: 'ok' | 'needs_attention';
  status: 'active' | 'cancelled';
  steps: Steps;
  source: string;
  externalId: string;
  crewStatus: CrewStatusItem[];
};

const hasDecline = (b: Pick<Row, 'status' | 'crewStatus'>) => b.status !== 'cancelled' && b.crewStatus.some((s) => s.status === 'declined');

function row(b: Row, channelName: (channelId: string) => string | undefined): HTMLLIElement {
  const ok = b.health === 'ok' && !needsAttention(b) && !hasDecline(b);
  const cancelled = b.status === 'cancelled';
  const crew = cancelled ? '' : crewMark(b.crewStatus);
  const problems = STEP_NAMES.filter((n) => !['succeeded', 'skipped'].includes(b.steps[n].status)).map((n) => `${STEP_LABELS[n]}: ${b.steps[n].status}`);
  return h(
    'li',
    { class: `booking${ok ? '' : ' attention'}${cancelled ? ' cancelled' : ''}`, 'data-booking-id': b.bookingId, 'data-health': b.health, 'data-status': b.status },
    h('span', { class: ok ? 'health ok' : 'health bad' }, ok ? '✓ OK' : '⚠ Needs attention', cancelled ? h('span', { class: 'badge cancelled' }, 'Cancelled') : null),
    h('a', { href: `/admin/bookings/${b.bookingId}`, class: 'booking-title' }, b.title),
    h('span', { class: 'booking-when' }, tripDate(b.start, b.timezone)),
    h('span', { class: 'booking-meta' }, `${b.guestName}, ${b.guestCount} · ${b.boat} · ${b.source} ${b.externalId}`),
    problems.length > 0 ? h('span', { class: 'booking-problems' }, problems.join(' · ')) : null,
    crew ? h('span', { class: hasDecline(b) ? 'booking-problems crew-mark' : 'booking-meta crew-mark' }, crew) : null,
    ...feedMarks(b, channelName),
  );
}
