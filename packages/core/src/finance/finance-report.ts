import type { BookingRepository } from '../booking/repository';
import type { BookingRecord, Finance, FinanceRecord } from '../booking/schema';
import { toCsv } from './csv';
import { type FinanceTotal, totalsOf } from './totals';
import { formatMinorUnits, inMonth, monthSearchRange } from './month';

export interface FinanceRow {
  bookingId: string;
  source: string;
  externalId: string;
  title: string;
  start: string;
  timezone: string;
  guestName: string;
  currency: string;
  revenue: number;
  captainFee: number;
  platformFee: number;
  /**
   * Revenue less the captain's and the platform's fees. For a cancelled trip: what was kept
   * (revenue less any refund, plus any cancellation fee) less the platform's fee; no captain
   * is paid for a trip that did not sail.
   */
  net: number;
  status: 'active' | 'cancelled';
  refund?: number;
  cancellationFee?: number;
}


export type { FinanceTotal };

export interface FinanceMonth {
  month: string;
  rows: FinanceRow[];
  /** One line per currency: amounts in different currencies are never added together. */
  totals: FinanceTotal[];
}

/** The office's month: what each booking earned, and the totals. Admin-only. */
export class FinanceReport {
  constructor(private readonly bookings: BookingRepository) {}

  async month(month: string): Promise<FinanceMonth> {
    const records = await this.bookingsStartingIn(month);
    // One batch read for the month (BookingRepository.getFinanceMany), not a read per booking.
    const finances = await this.bookings.getFinanceMany(records.map((r) => r.bookingId));
    const rows = records.flatMap((record) => {
      const finance = finances.get(record.bookingId);
      return finance ? [rowOf(record, finance)] : [];
    });
    return { month, rows, totals: totalsOf(rows) };
  }

  async csv(month: string): Promise<string> {
    const { rows } = await this.month(month);
    const money = (minor: number, currency: string) => formatMinorUnits(minor, currency);
    // One formatter per zone, not one per row: building an Intl.DateTimeFormat is the slow part.
    const days = new Map<string, Intl.DateTimeFormat>();
    const dayIn = (timeZone: string) => {
      let format = days.get(timeZone);
      if (!format) days.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone })));
      return format;
    };
    return toCsv([
      ['Trip date', 'Booking', 'Source', 'External id', 'Title', 'Guest', 'Status', 'Currency', 'Revenue', 'Captain fee', 'Platform fee', 'Refund', 'Cancellation fee', 'Net'],
      ...rows.map((r) => [
        dayIn(r.timezone).format(new Date(r.start)),
        r.bookingId,
        r.source,
        r.externalId,
        r.title,
        r.guestName,
        r.status,
        r.currency,
        money(r.revenue, r.currency),
        money(r.captainFee, r.currency),
        money(r.platformFee, r.currency),
        r.refund === undefined ? '' : money(r.refund, r.currency),
        r.cancellationFee === undefined ? '' : money(r.cancellationFee, r.currency),
        money(r.net, r.currency),
      ]),
    ]);
  }

  private async bookingsStartingIn(month: string): Promise<BookingRecord[]> {
    const range = monthSearchRange(month);
    const records: BookingRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.bookings.listByStart(range, { limit: 100, ...(cursor ? { cursor } : {}) });
      records.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return records.filter((r) => inMonth(r.request.start, r.request.timezone, month));
  }
}

function rowOf(record: BookingRecord, finance: FinanceRecord): FinanceRow {
  if (record.status === 'cancelled') {
    const refund = finance.cancelled?.refund ?? 0;
    const fee = finance.cancelled?.cancellationFee ?? 0;
    return {
      ...activeRow(record, finance),
      captainFee: 0,
      status: 'cancelled',
      refund,
      cancellationFee: fee,
      net: finance.revenue - refund + fee - finance.platformFee,
    };
  }
  return activeRow(record, finance);
}

function activeRow(record: BookingRecord, finance: Finance): FinanceRow {
  return {
    bookingId: record.bookingId,
    source: record.source,
    externalId: record.externalId,
    title: record.request.title,
    start: record.request.start,
    timezone: record.request.timezone,
    guestName: record.request.guest.name,
    currency: finance.currency,
    revenue: finance.revenue,
    captainFee: finance.captainFee,
    platformFee: finance.platformFee,
    net: finance.revenue - finance.captainFee - finance.platformFee,
    status: 'active',
  };
}
