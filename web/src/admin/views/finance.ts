import { button, fill, h } from '../dom';
import { upcomingFinance } from '../finance-upcoming';
import { formatMoney } from '../money';
import { type Period, periodFromQuery, periodName, periodPicker, periodQuery } from '../period';
import { data, messageOf, send } from '../session';
import { alertBox, heading, statusLine, tripDate, type View } from '../ui';

const KINDS = ['upcoming', 'month'] as const;

/**
 * The money of the upcoming trips (at first) or of a month: revenue, captain fee, platform fee
 * and net per booking, totals per currency (never added across currencies), and a month as CSV.
 */
export const financeView: View = (main, ctx, _params, query) => {
  let period: Period = periodFromQuery(query, KINDS);
  const picker = periodPicker(period, KINDS);
  const download = button('Download CSV', () => void downloadCsv(), { class: 'secondary', id: 'download-csv' });
  const csvHint = h('p', { class: 'hint wide' }, 'Bookings belong to the month their trip starts in, on the trip’s own clock. Choose a month to download it as CSV.');
  const form = h('form', { class: 'filters', novalidate: true, 'aria-label': 'Choose the trips' }, ...picker.fields, h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show'), download), csvHint);
  const status = statusLine();
  const totals = h('div', { class: 'totals' });
  const table = h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Bookings' });
  main.append(heading('Finance'), form, status, totals, table);

  const load = async () => {
    ctx.setQuery(periodQuery(period));
    // The CSV is the API's, per month; the upcoming view spans months.
    download.hidden = period.kind !== 'month';
    status.textContent = 'Loading…';
    const name = periodName(period);
    try {
      const report = period.kind === 'month' ? await data(ctx.api.finance.$get({ query: { month: period.month } })) : await upcomingFinance(ctx);
      if (ctx.signal.aborted) return;
      status.textContent = `${report.rows.length} ${report.rows.length === 1 ? 'booking' : 'bookings'}: ${name}.${'partial' in report && report.partial ? ' Only the first months are shown: choose a month to see later ones.' : ''}`;
      fill(
        totals,
        ...report.totals.map((t) =>
          h(
            'section',
            { class: 'total-card', 'data-currency': t.currency, 'aria-label': `Totals in ${t.currency}` },
            h('h2', {}, `${t.currency} · ${t.bookings} ${t.bookings === 1 ? 'booking' : 'bookings'}`),
            h(
              'dl',
              { class: 'figures' },
              ...figure('Revenue', formatMoney(t.revenue, t.currency)),
              ...figure('Captain fees', formatMoney(t.captainFee, t.currency)),
              ...figure('Platform fees', formatMoney(t.platformFee, t.currency)),
              ...figure('Net', formatMoney(t.net, t.currency), 'net'),
            ),
          ),
        ),
      );
      if (report.rows.length === 0) {
        fill(table, h('p', { class: 'empty' }, period.kind === 'month' ? 'No bookings this month.' : 'No upcoming bookings.'));
        return;
      }
      fill(
        table,
        h(
          'table',
          { class: 'finance' },
          h('caption', { class: 'visually-hidden' }, `Bookings: ${name}`),
          h(
            'thead',
            {},
            h('tr', {}, ...['Trip', 'Booking', 'Guest', 'Revenue', 'Captain fee', 'Platform fee', 'Net'].map((c, i) => h('th', { scope: 'col', class: i >= 3 ? 'num' : '' }, c))),
          ),
          h(
            'tbody',
            {},
            ...report.rows.map((r) =>
              h(
                'tr',
                { 'data-booking-id': r.bookingId },
                h('td', { 'data-label': 'Trip' }, tripDate(r.start, r.timezone)),
                h(
                  'th',
                  { scope: 'row' },
                  h('a', { href: `/admin/bookings/${r.bookingId}` }, r.title),
                  r.status === 'cancelled' ? h('span', { class: 'badge cancelled' }, 'Cancelled') : null,
                  h('span', { class: 'hint block' }, `${r.source} · ${r.externalId}`),
                ),
                h('td', { 'data-label': 'Guest' }, r.guestName),
                h('td', { class: 'num', 'data-label': 'Revenue' }, formatMoney(r.revenue, r.currency)),
                h('td', { class: 'num', 'data-label': 'Captain fee' }, formatMoney(r.captainFee, r.currency)),
                h('td', { class: 'num', 'data-label': 'Platform fee' }, formatMoney(r.platformFee, r.currency)),
                h('td', { class: 'num net', 'data-label': 'Net' }, formatMoney(r.net, r.currency)),
              ),
            ),
          ),
        ),
      );
    } catch (error) {
      if (!ctx.signal.aborted) {
        status.textContent = '';
        fill(table, alertBox(`Could not load ${name}: ${messageOf(error)}`));
      }
    }
  };

  /** Fetched with the key in its header, handed to the browser as a Blob: no URL carries the key. */
  async function downloadCsv(): Promise<void> {
    if (period.kind !== 'month') return;
    const m = period.month;
    download.disabled = true;
    status.textContent = 'Preparing the CSV…';
    try {
      const res = await send(ctx.api.finance.csv.$get({ query: { month: m } }));
      const blob = new Blob([await res.text()], { type: 'text/csv;charset=utf-8' });
      const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? `scc-finance-${m}.csv`;
      const url = URL.createObjectURL(blob);
      const a = h('a', { href: url, download: name, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      status.textContent = `Downloaded ${name}.`;
    } catch (error) {
      status.textContent = `Could not download the CSV: ${messageOf(error)}`;
    } finally {
      download.disabled = false;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = picker.read();
    if (!chosen) {
      status.textContent = 'Enter a month such as 2027-07.';
      return;
    }
    period = chosen;
    void load();
  });
  void load();
};

function figure(label: string, value: string, cls = ''): HTMLElement[] {
  return [h('dt', {}, label), h('dd', { class: cls }, value)];
}
