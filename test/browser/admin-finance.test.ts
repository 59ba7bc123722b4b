import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminRig, LAPTOP, openConsole, PHONE, shot, signIn, startAdminRig } from './admin-harness';

let rig: AdminRig;

const booking = (externalId: string, title: string, start: string, end: string, timezone: string, finance: Record<string, unknown>) => ({
  source: 'boatsetter',
  externalId,
  title,
  start,
  end,
  timezone,
  boat: 'JADA',
  meetingPoint: 'Harbor Island West Marina, Dock C',
  guest: { name: `Guest of ${externalId}`, count: 4 },
  finance,
});

const AUGUST = [
  booking('BS-F-1', 'Sunset sail — Smith party', '2027-08-05T18:00:00-07:00', '2027-08-05T21:00:00-07:00', 'America/Los_Angeles', { revenue: 185000, captainFee: 35000, platformFee: 27750, currency: 'USD' }),
  // The evening of August 31 in San Diego is September in UTC: still August's money.
  booking('BS-F-2', 'Late sail, "quoted", =1+1', '2027-08-31T20:00:00-07:00', '2027-08-31T23:00:00-07:00', 'America/Los_Angeles', { revenue: 99950, captainFee: 20000, platformFee: 0, currency: 'USD' }),
  booking('BS-F-3', 'Vuelta a la bahía', '2027-08-12T10:00:00+02:00', '2027-08-12T13:00:00+02:00', 'Europe/Madrid', { revenue: 120000, captainFee: 30000, platformFee: 18000, currency: 'EUR' }),
];
const SEPTEMBER = booking('BS-F-4', 'Not this month', '2027-09-02T10:00:00-07:00', '2027-09-02T12:00:00-07:00', 'America/Los_Angeles', { revenue: 5000, captainFee: 0, platformFee: 0, currency: 'USD' });

beforeAll(async () => {
  rig = await startAdminRig();
  for (const b of [...AUGUST, SEPTEMBER]) expect((await rig.call('POST', '/bookings', b)).status).toBe(201);
}, 60_000);
afterAll(() => rig?.close());

describe('the finance screen', () => {
  it('shows the month per currency and downloads the same figures as CSV, without the key in any URL', async () => {
    const { page, problems, foreign } = await openConsole(rig, LAPTOP, '/admin/finance?month=2027-08');
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    await signIn(page, rig.stack.serviceKey);
    await expect.poll(() => page.locator('table.finance tbody tr').count()).toBe(3);
    const usd = page.locator('.total-card[data-currency=USD]');
    expect(await usd.textContent()).toContain('USD · 2 bookings');
    // 1,850.00 + 999.50 revenue; net 1,222.50 + 799.50.
    expect(await usd.textContent()).toContain('$2,849.50');
    expect(await usd.textContent()).toContain('$2,022.00');
    expect(await page.locator('.total-card[data-currency=EUR]').textContent()).toContain('€720.00');
    expect(await page.locator('main').textContent()).not.toContain('Not this month');
    await shot(page, 'admin-finance');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.url()).toMatch(/^blob:/);
    expect(download.suggestedFilename()).toBe('scc-finance-2027-08.csv');
    const rows: Record<string, string>[] = parse(await readFile(await download.path(), 'utf8'), { columns: true });
    expect(rows.map((r) => r['External id']).sort()).toEqual(['BS-F-1', 'BS-F-2', 'BS-F-3']);
    const byId = Object.fromEntries(rows.map((r) => [r['External id'], r]));
    expect(byId['BS-F-1']).toMatchObject({ 'Trip date': '2027-08-05', Title: 'Sunset sail — Smith party', Currency: 'USD', Revenue: '1850.00', 'Captain fee': '350.00', 'Platform fee': '277.50', Net: '1222.50' });
    expect(byId['BS-F-2']).toMatchObject({ 'Trip date': '2027-08-31', Title: 'Late sail, "quoted", =1+1', Revenue: '999.50', Net: '799.50' });
    expect(byId['BS-F-3']).toMatchObject({ Currency: 'EUR', Revenue: '1200.00', 'Captain fee': '300.00', 'Platform fee': '180.00', Net: '720.00' });
    const finance = (await rig.call('GET', '/finance?month=2027-08')).body;
    expect(rows.map((r) => r.Booking).sort()).toEqual(finance.rows.map((r: { bookingId: string }) => r.bookingId).sort());

    expect(urls.filter((u) => u.includes(rig.stack.serviceKey))).toEqual([]);
    expect(urls.some((u) => u.includes('/finance/csv?month=2027-08'))).toBe(true);
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);

    // The same month on a phone: every figure readable without sideways scrolling.
    const phone = await openConsole(rig, PHONE, '/admin/finance?month=2027-08');
    await signIn(phone.page, rig.stack.serviceKey);
    await expect.poll(() => phone.page.locator('table.finance tbody tr').count()).toBe(3);
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await phone.page.locator('.table-wrap').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await shot(phone.page, 'admin-phone-finance');
  }, 40_000);
});
