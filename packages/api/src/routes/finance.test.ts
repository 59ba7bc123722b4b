import { FINANCE, startTestApp, type TestApp } from '@scc/test/support';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestApp;
const trickyGuest = 'Smith, "The Captain"\nJr.';

const booking = (externalId: string, start: string, end: string, extra: Record<string, unknown> = {}) => ({
  source: 'boatsetter',
  externalId,
  title: `Trip ${externalId}`,
  start,
  end,
  timezone: 'America/Los_Angeles',
  boat: 'JADA',
  meetingPoint: 'Dock C',
  guest: { name: 'Jane Smith', count: 4 },
  finance: FINANCE,
  // Trips on one boat, some on the same day: this file is about money, not double booking.
  allowConflicts: true,
  ...extra,
});

beforeAll(async () => {
  t = await startTestApp();
  for (const body of [
    booking('JUL-1', '2027-07-04T18:00:00-07:00', '2027-07-04T21:00:00-07:00', { guest: { name: trickyGuest, count: 2 } }),
    // July 31 in San Diego, August 1 in UTC: July's revenue.
    booking('JUL-31', '2027-07-31T19:00:00-07:00', '2027-07-31T22:00:00-07:00', {
      finance: { revenue: 100000, captainFee: 20000, platformFee: 15000, currency: 'USD' },
    }),
    booking('JUL-EUR', '2027-07-10T10:00:00+02:00', '2027-07-10T13:00:00+02:00', {
      timezone: 'Europe/Lisbon',
      finance: { revenue: 90000, captainFee: 10000, platformFee: 5000, currency: 'EUR' },
    }),
    booking('AUG-1', '2027-08-02T10:00:00-07:00', '2027-08-02T12:00:00-07:00'),
  ]) {
    expect((await t.call('POST', '/bookings', body)).status).toBe(201);
  }
});
afterAll(() => t.stop());

describe('GET /finance', () => {
  it('sums a month per currency, by the trip’s own calendar', async () => {
    const res = await t.call('GET', '/finance?month=2027-07');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.rows.map((r: { externalId: string }) => r.externalId).sort()).toEqual(['JUL-1', 'JUL-31', 'JUL-EUR']);
    expect(body.totals).toEqual([
      { currency: 'EUR', bookings: 1, revenue: 90000, captainFee: 10000, platformFee: 5000, net: 75000 },
      {
        currency: 'USD',
        bookings: 2,
        revenue: FINANCE.revenue + 100000,
        captainFee: FINANCE.captainFee + 20000,
        platformFee: FINANCE.platformFee + 15000,
        net: FINANCE.revenue - FINANCE.captainFee - FINANCE.platformFee + 65000,
      },
    ]);
  });

  it('downloads the same figures as CSV that survive a CSV parser, tricky names included', async () => {
    const res = await t.call('GET', '/finance/csv?month=2027-07');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="scc-finance-2027-07.csv"');
    const records: string[][] = parse(await res.text());
    expect(records[0]).toEqual([
      'Trip date', 'Booking', 'Source', 'External id', 'Title', 'Guest', 'Status', 'Currency',
      'Revenue', 'Captain fee', 'Platform fee', 'Refund', 'Cancellation fee', 'Net',
    ]);
    const byId = new Map(records.slice(1).map((r) => [r[3], r]));
    expect(byId.get('JUL-1')).toEqual([
      '2027-07-04', expect.stringMatching(/^bk_/), 'boatsetter', 'JUL-1', 'Trip JUL-1', trickyGuest, 'active', 'USD',
      (FINANCE.revenue / 100).toFixed(2), (FINANCE.captainFee / 100).toFixed(2), (FINANCE.platformFee / 100).toFixed(2), '', '',
      ((FINANCE.revenue - FINANCE.captainFee - FINANCE.platformFee) / 100).toFixed(2),
    ]);
    expect(byId.get('JUL-31')?.[0]).toBe('2027-07-31');
    expect(byId.get('JUL-EUR')?.slice(6)).toEqual(['active', 'EUR', '900.00', '100.00', '50.00', '', '', '750.00']);
  });

  it('keeps a cancelled trip with its refund and fee: no captain paid, the platform fee still due', async () => {
    const created = await (await t.call('POST', '/bookings', booking('SEP-CXL', '2027-09-04T10:00:00-07:00', '2027-09-04T12:00:00-07:00'))).json();
    await t.call('POST', `/bookings/${created.bookingId}/cancel`, { reason: 'guest', refund: 100000, cancellationFee: 5000 });
    const { rows, totals } = await (await t.call('GET', '/finance?month=2027-09')).json();
    expect(rows).toEqual([
      expect.objectContaining({ externalId: 'SEP-CXL', status: 'cancelled', refund: 100000, cancellationFee: 5000, captainFee: 0, net: FINANCE.revenue - 100000 + 5000 - FINANCE.platformFee }),
    ]);
    expect(totals[0].net).toBe(FINANCE.revenue - 100000 + 5000 - FINANCE.platformFee);
  });

  it('neutralises a guest name a spreadsheet would run as a formula', async () => {
    await t.call('POST', '/bookings', booking('JUL-FORMULA', '2027-07-20T10:00:00-07:00', '2027-07-20T12:00:00-07:00', { guest: { name: '=HYPERLINK("http://evil")', count: 1 } }));
    const records: string[][] = parse(await (await t.call('GET', '/finance/csv?month=2027-07')).text());
    expect(records.find((r) => r[3] === 'JUL-FORMULA')?.[5]).toBe('\'=HYPERLINK("http://evil")');
  });

  it('needs the service key and a month', async () => {
    expect((await t.app.request('/finance?month=2027-07')).status).toBe(401);
    expect((await t.app.request('/finance/csv?month=2027-07')).status).toBe(401);
    expect((await t.call('GET', '/finance?month=July')).status).toBe(400);
  });

  it('refuses months outside 1970-01..2999-12 with 400 invalid_request, not a 500 from the table', async () => {
    // 9999-12 used to reach DynamoDB with an upper bound of `+010000-…` (sorting before its lower
    // bound) and come back 500; 0000-01 was read as 1900-01.
    for (const month of ['9999-12', '3000-01', '0000-01', '1969-12']) {
      for (const path of ['/finance', '/finance/csv']) {
        const res = await t.call('GET', `${path}?month=${month}`);
        expect(res.status, `${path}?month=${month}`).toBe(400);
        const { error } = await res.json();
        expect(error.code).toBe('invalid_request');
        expect(JSON.stringify(error.details)).toContain('1970-01 to 2999-12');
      }
    }
    // The edges themselves answer.
    for (const month of ['1970-01', '2999-12']) {
      const res = await t.call('GET', `/finance?month=${month}`);
      expect(res.status).toBe(200);
      expect((await res.json()).rows).toEqual([]);
    }
  });
});

describe('GET /bookings/lookup', () => {
  it('finds a booking by its marketplace reference', async () => {
    const res = await t.call('GET', '/bookings/lookup?source=boatsetter&externalId=JUL-1');
    expect(res.status).toBe(200);
    expect((await res.json()).externalId).toBe('JUL-1');
    expect((await t.call('GET', '/bookings/lookup?source=boatsetter&externalId=NOPE')).status).toBe(404);
  });
});
