import { button, field, fill, h } from '../dom';
import { formatMoney } from '../money';
import { data, messageOf, send } from '../session';
import { alertBox, heading, statusLine, tripDate, type View } from '../ui';

/**
 * A month's money: revenue, captain fee, platform fee and net per booking, totals per currency
 * (never added across currencies), and the same month as CSV.
 */
export const financeView: View = (main, ctx, _params, query) => {
  const now = new Date();
  const initial = /^\d{4}-(0[1-9]|1[0-2])$/.test(query.get('month') ?? '') ? (query.get('month') ?? '') : `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  const month = h('input', { id: 'month', type: 'month', value: initial, required: true, pattern: '\\d{4}-\\d{2}', placeholder: 'YYYY-MM' });
  const monthField = field('Month', month, { hint: 'Bookings belong to the month their trip starts in, on the trip’s own clock.', class: 'wide' });
  const download = button('Download CSV', () => void downloadCsv(), { class: 'secondary', id: 'download-csv' });
  const form = h('form', { class: 'filters', novalidate: true, 'aria-label': 'Choose a month' }, monthField.wrapper, h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show'), download));
  const status = statusLine();
  const totals = h('div', { class: 'totals' });
  const table = h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Bookings of the month' });
  main.append(heading('Finance'), form, status, totals, table);

  const monthValue = () => month.value.trim();

  const load = async () => {
    const m = monthValue();
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(m)) {
      status.textContent = 'Enter a month such as 2027-07.';
      month.setAttribute('aria-invalid', 'true');
      return;
    }
    month.removeAttribute('aria-invalid');
    ctx.setQuery(new URLSearchParams({ month: m }));
    status.textContent = 'Loading…';
    try {
      const report = await data(ctx.api.finance.$get({ query: { month: m } }));
      if (ctx.signal.aborted) return;
      status.textContent = `${report.rows.length} ${report.rows.length === 1 ? 'booking' : 'bookings'} in ${monthName(m)}.`;
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
        fill(table, h('p', { class: 'empty' }, 'No bookings this month.'));
        return;
      }
      fill(
        table,
        h(
          'table',
          { class: 'finance' },
          h('caption', { class: 'visually-hidden' }, `Bookings in ${monthName(m)}`),
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
                h('th', { scope: 'row' }, h('a', { href: `/admin/bookings/${r.bookingId}` }, r.title), h('span', { class: 'hint block' }, `${r.source} · ${r.externalId}`)),
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
        fill(table, alertBox(`Could not load ${m}: ${messageOf(error)}`));
      }
    }
  };

  /** Fetched with the key in its header, handed to the browser as a Blob: no URL carries the key. */
  async function downloadCsv(): Promise<void> {
    const m = monthValue();
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(m)) {
      status.textContent = 'Enter a month such as 2027-07.';
      return;
    }
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
    void load();
  });
  void load();
};

function figure(label: string, value: string, cls = ''): HTMLElement[] {
  return [h('dt', {}, label), h('dd', { class: cls }, value)];
}

function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}
