import { field, h } from './dom';
import { isoDate } from './ui';
import { browserTimeZone, parseWallTime, zonedToInstant } from './zoned-time';

/**
 * Which trips a list shows: the upcoming ones (from today on, the default: what the office
 * works on), one calendar month, or any dates. Kept in the address: `?month=2027-07`,
 * `?from=2027-07-01&to=2027-07-31`, or nothing for upcoming.
 */
export type Period = { kind: 'upcoming' } | { kind: 'month'; month: string } | { kind: 'dates'; from: string; to: string };
export type PeriodKind = Period['kind'];

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function thisMonth(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

export function periodFromQuery(query: URLSearchParams, kinds: readonly PeriodKind[]): Period {
  const month = query.get('month') ?? '';
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  if (kinds.includes('month') && MONTH.test(month)) return { kind: 'month', month };
  if (kinds.includes('dates') && (DATE.test(from) || DATE.test(to))) return { kind: 'dates', from, to };
  return { kind: 'upcoming' };
}

export function periodQuery(period: Period): URLSearchParams {
  if (period.kind === 'month') return new URLSearchParams({ month: period.month });
  if (period.kind === 'dates') return new URLSearchParams({ from: period.from, to: period.to });
  return new URLSearchParams();
}

/**
 * The period as instants for `GET /bookings?from=&to=`, on this browser's clock: whole local
 * days (the API also takes UTC dates, but an evening trip on the 31st is the 1st in UTC).
 * A month is searched a day wider each side; the caller keeps the trips of that month on
 * their own clock.
 */
export function periodRange(period: Period, now = new Date()): { from?: string; to?: string } {
  const zone = browserTimeZone();
  const midnight = (date: string, plusDays = 0) => {
    const wall = parseWallTime(date, '00:00');
    if (!wall) return undefined;
    const day = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + plusDays));
    return zonedToInstant({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: 0, minute: 0 }, zone).iso;
  };
  const range = (from: string | undefined, to: string | undefined) => ({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
  switch (period.kind) {
    case 'upcoming':
      return range(midnight(isoDate(now)), undefined);
    case 'month': {
      const [y, m] = period.month.split('-').map(Number) as [number, number];
      return range(midnight(isoDate(new Date(y, m - 1, 1))), midnight(isoDate(new Date(y, m, 0)), 1));
    }
    case 'dates':
      return range(midnight(period.from), midnight(period.to, 1));
  }
}

/** "upcoming trips", "July 2027", "Jul 1 – Jul 31". */
export function periodName(period: Period): string {
  if (period.kind === 'upcoming') return 'upcoming trips (from today)';
  if (period.kind === 'month') {
    const [y, m] = period.month.split('-').map(Number) as [number, number];
    return new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
  }
  return `${period.from || '…'} – ${period.to || '…'}`;
}

const KIND_LABELS: Record<PeriodKind, string> = { upcoming: 'Upcoming (from today)', month: 'A month', dates: 'Between dates' };

/** The "Show" choice and the inputs of the chosen kind (a month, two dates); the rest stay hidden. */
export function periodPicker(initial: Period, kinds: readonly PeriodKind[]) {
  const kind = h('select', { id: 'period' }, ...kinds.map((k) => h('option', { value: k, selected: k === initial.kind }, KIND_LABELS[k])));
  const month = h('input', { id: 'month', type: 'month', value: initial.kind === 'month' ? initial.month : thisMonth(), pattern: '\\d{4}-\\d{2}', placeholder: 'YYYY-MM' });
  const now = new Date();
  const from = h('input', { id: 'from', type: 'date', value: initial.kind === 'dates' ? initial.from : isoDate(new Date(now.getFullYear(), now.getMonth(), 1)) });
  const to = h('input', { id: 'to', type: 'date', value: initial.kind === 'dates' ? initial.to : isoDate(new Date(now.getFullYear(), now.getMonth() + 1, 0)) });
  const kindField = field('Show', kind, { class: 'wide' });
  const monthField = field('Month', month);
  const fromField = field('From', from);
  const toField = field('To', to);
  const sync = () => {
    monthField.wrapper.hidden = kind.value !== 'month';
    fromField.wrapper.hidden = kind.value !== 'dates';
    toField.wrapper.hidden = kind.value !== 'dates';
  };
  kind.addEventListener('change', sync);
  sync();
  return {
    fields: [kindField.wrapper, monthField.wrapper, fromField.wrapper, toField.wrapper],
    kind,
    /** The chosen period, or undefined (with the month marked) when the month is not one. */
    read(): Period | undefined {
      month.removeAttribute('aria-invalid');
      if (kind.value === 'month') {
        if (!MONTH.test(month.value.trim())) {
          month.setAttribute('aria-invalid', 'true');
          return undefined;
        }
        return { kind: 'month', month: month.value.trim() };
      }
      if (kind.value === 'dates') return { kind: 'dates', from: from.value, to: to.value };
      return { kind: 'upcoming' };
    },
  };
}
