import * as z from 'zod';

export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use a month such as 2027-07');

/**
 * A booking belongs to the month in which its trip starts, on the trip's own clock: an evening
 * sail on July 31 in San Diego is July's revenue, though it is August in UTC.
 */
export function inMonth(start: string, timeZone: string, month: string): boolean {
  const local = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(new Date(start));
  return local.slice(0, 7) === month;
}

/** UTC instants wide enough to hold every trip that starts in `month` anywhere on Earth. */
export function monthSearchRange(month: string): { from: string; to: string } {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(year, m - 1, 1) - 14 * 3600_000);
  const to = new Date(Date.UTC(year, m, 1) + 14 * 3600_000);
  return { from: from.toISOString(), to: to.toISOString() };
}

/** Digits after the decimal point in a currency's usual notation (USD 2, JPY 0, KWD 3). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** 185000 USD → "1850.00": plain, dot-decimal, for spreadsheets. */
export function formatMinorUnits(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const scale = 10 ** digits;
  return `${sign}${Math.floor(abs / scale)}.${String(abs % scale).padStart(digits, '0')}`;
}
