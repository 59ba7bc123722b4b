export interface FinanceTotal {
  currency: string;
  bookings: number;
  revenue: number;
  captainFee: number;
  platformFee: number;
  net: number;
}

type Amounts = Pick<FinanceTotal, 'currency' | 'revenue' | 'captainFee' | 'platformFee' | 'net'>;

/**
 * One line per currency, in currency order: amounts in different currencies are never added
 * together. Pure, so the console sums the rows it shows the same way the API does.
 */
export function totalsOf(rows: readonly Amounts[]): FinanceTotal[] {
  const totals = new Map<string, FinanceTotal>();
  for (const row of rows) {
    const total = totals.get(row.currency) ?? { currency: row.currency, bookings: 0, revenue: 0, captainFee: 0, platformFee: 0, net: 0 };
    total.bookings += 1;
    total.revenue += row.revenue;
    total.captainFee += row.captainFee;
    total.platformFee += row.platformFee;
    total.net += row.net;
    totals.set(row.currency, total);
  }
  return [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}
