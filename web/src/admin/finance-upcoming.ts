import type { InferResponseType } from 'hono/client';
import type { ApiClient } from '../api-client';
import { totalsOf } from './core';
import { periodRange } from './period';
import { data } from './session';
import type { Ctx } from './ui';

type FinanceMonth = InferResponseType<ApiClient['finance']['$get'], 200>;
type FinanceRow = FinanceMonth['rows'][number];
type FinanceTotal = FinanceMonth['totals'][number];

/** Months fetched at most: a year ahead is as far as the office plans. */
const MAX_MONTHS = 12;
const MAX_PAGES = 10;

/** The month a trip starts in on its own clock: the finance report's rule. */
function monthOf(start: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(new Date(start)).slice(0, 7);
  } catch {
    return start.slice(0, 7);
  }
}

/**
 * The money of every trip from today on. The API reports money by month, so: the upcoming
 * bookings (no money in that list), the months they start in, those months' reports, and
 * only their upcoming rows, totalled again per currency. `partial` when there were more
 * months than are fetched.
 */
export async function upcomingFinance(ctx: Ctx): Promise<{ rows: FinanceRow[]; totals: FinanceTotal[]; partial: boolean }> {
  const upcoming = new Set<string>();
  const months = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await data(ctx.api.bookings.$get({ query: { ...periodRange({ kind: 'upcoming' }), limit: '100', ...(cursor ? { cursor } : {}) } }));
    for (const b of result.items) {
      upcoming.add(b.bookingId);
      months.add(monthOf(b.start, b.timezone));
    }
    cursor = result.nextCursor ?? undefined;
    if (!cursor) break;
  }
  const chosen = [...months].sort().slice(0, MAX_MONTHS);
  const reports = await Promise.all(chosen.map((month) => data(ctx.api.finance.$get({ query: { month } }))));
  const rows = reports
    .flatMap((r) => r.rows)
    .filter((row) => upcoming.has(row.bookingId))
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  return { rows, totals: totalsOf(rows), partial: months.size > MAX_MONTHS || Boolean(cursor) };
}
