import * as z from 'zod';
import { ValidationError } from '../errors';

/**
 * The months the finance report answers for. The search range below pads a month by 14 hours
 * on each side and writes it with `toISOString()`: past 9999-11 the upper bound is year 10000,
 * written `+010000-…`, which sorts before `9999-…`, so DynamoDB refused the query (a 500);
 * below year 100 `Date.UTC` reads the year as 19xx. A range well inside both keeps every
 * bound a plain four-digit ISO string. No charter business books before 1970 or after 2999.
 */
export const MIN_MONTH = '1970-01';
export const MAX_MONTH = '2999-12';

export const monthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use a month such as 2027-07')
  // Fixed-width YYYY-MM strings compare like the months they name.
  .refine((month) => month >= MIN_MONTH && month <= MAX_MONTH, `Use a month from ${MIN_MONTH} to ${MAX_MONTH}`);

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
  // Callers validate with monthSchema; this keeps a bad month from reaching the table as a
  // malformed key condition.
  if (!monthSchema.safeParse(month).success) {
    throw new ValidationError(`Use a month from ${MIN_MONTH} to ${MAX_MONTH}`, { details: { month } });
  }
  const [year, m] = month.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(year, m - 1, 1) - 14 * 3600_000);
  const to = new Date(Date.UTC(year, m, 1) + 14 * 3600_000);
  return { from: from.toISOString(), to: to.toISOString() };
}

const DIGITS = new Map<string, number>();

/** Digits after the decimal point in a currency's usual notation (USD 2, JPY 0, KWD 3). */
export function currencyDigits(currency: string): number {
  // Remembered per code: building an Intl.NumberFormat costs more than the rest of a CSV cell.
  let digits = DIGITS.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    if (DIGITS.size < 400) DIGITS.set(currency, digits);
  }
  return digits;
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
