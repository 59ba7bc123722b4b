import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingBody, outbox } from '../support';
import { type AdminRig, openConsole, PHONE, shot, shotAt, signIn, startAdminRig, stepStates } from './admin-harness';

let rig: AdminRig;
const crew: Record<string, string> = {};
let bookingId = '';

const ALL_DONE = { event: 'succeeded', calendar: 'succeeded', guestPage: 'succeeded', crewNotices: 'succeeded', guestNotices: 'succeeded', reminders: 'succeeded' };

beforeAll(async () => {
  rig = await startAdminRig();
  for (const [name, email] of [
    ['Ana Lopez', 'ana@example.com'],
    ['Ben Ortiz', 'ben@example.com'],
    ['Cai Ng', 'cai@example.com'],
  ] as const) {
    crew[name] = (await rig.call('POST', '/crew', { name, email })).body.crewId;
  }
  const booked = await rig.call(
    'POST',
    '/bookings',
    bookingBody('BS-EDIT-1', {
      title: 'Sunset sail — Smith party',
      allowConflicts: false,
      crew: [
        { crewId: crew['Ana Lopez'], role: 'captain' },
        { crewId: crew['Ben Ortiz'], role: 'mate' },
      ],
      crewTasks: ['Stock cooler', 'Check fuel'],
    }),
  );
  expect(booked.status).toBe(201);
  bookingId = booked.body.bookingId;
  // The next evening the boat is already out: moving the trip there double-books it.
  const other = await rig.call(
    'POST',
    '/bookings',
    bookingBody('BS-EDIT-2', { title: 'Harbor cruise — Lee party', start: '2027-07-05T18:30:00-07:00', end: '2027-07-05T20:30:00-07:00', allowConflicts: false }),
  );
  expect(other.status).toBe(201);
}, 60_000);
afterAll(() => rig?.close());

/** Someone else saves a change through the API while the console's form is open. */
async function changeBehindTheConsole(notes: string): Promise<void> {
  const current = await rig.call('GET', `/bookings/${bookingId}`);
  const res = await fetch(`${rig.stack.apiUrl}/bookings/${bookingId}`, {
    method: 'PATCH',
    headers: { 'X-Service-Key': rig.stack.serviceKey, 'Content-Type': 'application/json', 'If-Match': `"${current.body.version}"` },
    body: JSON.stringify({ notes }),
  });
  expect(res.status).toBe(200);
}

describe('changing a booking from the console, on a phone', () => {
  it('moves the trip, swaps the crew, overrides a double booking on purpose, and cancels; crew and guest pages follow', async () => {
    const { page, context, problems, foreign } = await openConsole(rig, PHONE, `/admin/bookings/${bookingId}`);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(rig.stack.apiUrl).origin });
    await signIn(page, rig.stack.serviceKey);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sunset sail — Smith party');
    expect(await page.locator('#booking-status').textContent()).toBe('Active');
    await expect.poll(() => page.locator('.crew-member').allTextContents()).toEqual([
      expect.stringContaining('Ana Lopez — captain'),
      expect.stringContaining('Ben Ortiz — mate'),
    ]);
    // Each crew link is copied under its owner's name.
    await page.getByRole('button', { name: 'Copy Ana Lopez’s crew link' }).click();
    const anaLink = await page.locator(`.crew-member[data-crew-id="${crew['Ana Lopez']}"] a.crew-link`).getAttribute('href');
    expect(anaLink).toMatch(/\/c\/evt_[^?]+\?t=/);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(anaLink);
    const benLink = (await page.locator(`.crew-member[data-crew-id="${crew['Ben Ortiz']}"] a.crew-link`).getAttribute('href')) ?? '';

    // The form opens on the booking as it is, on the trip's own clock.
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await expect.poll(() => page.locator('#start-time').inputValue()).toBe('18:00');
    expect(await page.locator('#f-timezone').inputValue()).toBe('America/Los_Angeles');
    expect(await page.locator('#start-date').inputValue()).toBe('2027-07-04');
    expect(await page.locator('#f-revenue').inputValue()).toBe('1,847.31');
    await expect.poll(() => page.getByLabel('Crew member 2', { exact: true }).inputValue()).toBe(crew['Ben Ortiz']);

    // Nothing changed: nothing to save.
    await page.getByRole('button', { name: 'Review changes' }).click();
    await expect.poll(() => page.locator('.booking-form .actions .status').textContent()).toBe('Nothing has changed yet.');

    // A day later, an hour later; Cai instead of Ben; a task renamed (its tick stays).
    const edit = async () => {
      await page.fill('#start-date', '2027-07-05');
      await page.fill('#start-time', '19:00');
      await page.fill('#end-date', '2027-07-05');
      await page.fill('#end-time', '22:00');
      await page.getByLabel('Crew member 2', { exact: true }).selectOption({ label: 'Cai Ng (cai@example.com)' });
      await page.getByLabel('Task 2', { exact: true }).fill('Check fuel and oil');
    };
    await edit();
    await shot(page, 'booking-edit-form');
    await shotAt(page, 'main', 'phone-edit-form-top');
    await shotAt(page, '#s-when', 'phone-edit-form-when');
    await shotAt(page, '#crew-title', 'phone-edit-form-crew');
    await page.getByRole('button', { name: 'Review changes' }).click();

    // Before saving: who is emailed and why, and the double booking.
    const preview = page.locator('#change-preview');
    await expect.poll(() => preview.locator('.notices li').allTextContents()).toEqual(
      expect.arrayContaining([
        'Ana Lopez: time and checklist changed',
        'Ben Ortiz: removed from the trip (their link stops working)',
        'Cai Ng: invited to the trip (gets a crew link)',
      ]),
    );
    expect(await preview.locator('.conflicts').textContent()).toContain('The boat JADA is already on Harbor cruise — Lee party');
    await shot(page, 'booking-edit-preview-conflict');
    await shotAt(page, '#change-preview', 'phone-edit-preview-conflict');

    // Meanwhile someone else changes the booking: the save is refused, nothing is overwritten.
    await changeBehindTheConsole('Bring the spare anchor');
    await page.getByRole('button', { name: 'Save anyway' }).click();
    await expect.poll(() => page.locator('#stale-version').textContent()).toContain('Someone else changed this booking');
    await shot(page, 'booking-edit-stale');
    await shotAt(page, '#stale-version', 'phone-edit-stale');
    await page.getByRole('button', { name: 'Reload the booking' }).click();
    await expect.poll(() => page.locator('#f-notes').inputValue()).toBe('Bring the spare anchor');
    await expect.poll(() => page.getByLabel('Crew member 2', { exact: true }).inputValue()).toBe(crew['Ben Ortiz']);

    await edit();
    await page.getByRole('button', { name: 'Review changes' }).click();
    await page.getByRole('button', { name: 'Save anyway' }).click();
    await expect.poll(() => stepStates(page), { timeout: 15_000 }).toEqual(ALL_DONE);
    expect(await page.locator('.results h2').textContent()).toMatch(/^Changes saved \(version \d+\)$/);

    const saved = (await rig.call('GET', `/bookings/${bookingId}`)).body;
    expect(saved.booking).toMatchObject({ start: '2027-07-05T19:00:00-07:00', end: '2027-07-05T22:00:00-07:00', notes: 'Bring the spare anchor' });
    expect(saved.crew.map((c: { name: string }) => c.name)).toEqual(['Ana Lopez', 'Cai Ng']);
    expect(saved.booking.crewTasks.map((t: { label: string }) => t.label)).toEqual(['Stock cooler', 'Check fuel and oil']);
    const history = (await rig.call('GET', `/bookings/${bookingId}/history`)).body.items;
    expect(history.find((e: { kind: string; actor: string }) => e.kind === 'changed' && e.actor === 'console')).toMatchObject({
      overrides: [expect.objectContaining({ kind: 'boat' })],
    });

    // The booking again: the change and the override in its history.
    await page.getByRole('link', { name: 'Open the booking' }).click();
    await expect.poll(() => page.locator('.timeline li[data-kind=changed]').count()).toBe(2);
    const change = page.locator('.timeline li[data-kind=changed]').first();
    expect(await change.textContent()).toContain('Console');
    expect(await change.locator('li[data-field=start]').textContent()).toBe('Start: Sun, Jul 4, 6:00 PM → Mon, Jul 5, 7:00 PM');
    expect(await change.textContent()).toContain('Saved over 1 double booking on purpose');
    await shot(page, 'booking-detail-history');
    await shotAt(page, 'main', 'phone-detail-top');
    await shotAt(page, '#s-crew', 'phone-detail-crew');
    await shotAt(page, '#s-history', 'phone-detail-history');

    // The crew page (Ana's link still works) and the guest page show the new time; Ben's link is off.
    const outside = await rig.browser.newContext(PHONE);
    const crewPage = await outside.newPage();
    await crewPage.goto(anaLink ?? '');
    await expect.poll(() => crewPage.locator('h1').textContent()).toBe('Sunset sail — Smith party');
    // The crew page puts the day and the hours on lines of their own.
    expect(await crewPage.locator('.trip-when').first().innerText()).toBe('Monday, July 5, 2027\n7:00 PM – 10:00 PM PDT');
    const benPage = await outside.newPage();
    await benPage.goto(benLink);
    await expect.poll(() => benPage.locator('h1').textContent()).toBe('This link does not work');
    const guestUrl = (await page.locator('#guest-link').getAttribute('href')) ?? '';
    const guestPage = await outside.newPage();
    await guestPage.goto(guestUrl);
    expect(await guestPage.locator('main').textContent()).toContain('Monday, July 5, 2027, 7:00 PM – 10:00 PM PDT');
    const emails = await outbox(rig.stack.outboxUrl);
    expect(emails.filter((e) => e.destination.to.includes('cai@example.com'))).toHaveLength(1);

    // Resending Cai's invite replaces the link (asked first).
    const caiRow = page.locator(`.crew-member[data-crew-id="${crew['Cai Ng']}"]`);
    const caiLink = await caiRow.locator('a.crew-link').getAttribute('href');
    await page.getByRole('button', { name: 'Resend invite to Cai Ng' }).click();
    await page.getByRole('button', { name: 'Send Cai Ng a new link' }).click();
    await expect.poll(() => caiRow.textContent()).toContain('New link emailed to Cai Ng');
    expect(await caiRow.locator('a.crew-link').getAttribute('href')).not.toBe(caiLink);
    await expect.poll(async () => (await outbox(rig.stack.outboxUrl)).filter((e) => e.destination.to.includes('cai@example.com')).length).toBe(2);

    // Cancelled from the console: the guest page says so.
    await page.getByRole('button', { name: 'Cancel trip…' }).click();
    await page.getByLabel('Reason').selectOption('weather');
    await page.getByLabel('Note (optional)').fill('Small craft advisory');
    await page.getByLabel('Refund to the guest (optional, USD)').fill('1,847.31');
    await shot(page, 'booking-cancel-form');
    await shotAt(page, '#cancel-panel', 'phone-cancel-form');
    await page.getByRole('button', { name: 'Cancel the trip' }).click();
    await expect.poll(() => page.locator('#booking-status').textContent(), { timeout: 15_000 }).toBe('Cancelled');
    expect(await page.locator('.cancelled-note').textContent()).toContain('Cancelled: Weather — Small craft advisory');
    await expect.poll(() => page.locator('.timeline li[data-kind=cancelled]').count()).toBe(1);
    await guestPage.reload();
    expect(await guestPage.locator('main').textContent()).toContain('This trip has been cancelled.');
    await shot(page, 'booking-detail-cancelled');
    await shotAt(page, 'main', 'phone-detail-cancelled');

    // Reinstated: the boat is taken that evening, so only on purpose.
    await page.getByRole('button', { name: 'Reinstate trip…' }).click();
    await page.getByRole('button', { name: 'Reinstate the trip' }).click();
    await expect.poll(() => page.locator('#reinstate-panel .conflicts').textContent()).toContain('Harbor cruise — Lee party');
    await shotAt(page, '#reinstate-panel', 'phone-reinstate-conflict');
    await page.getByRole('button', { name: 'Reinstate anyway' }).click();
    await expect.poll(() => page.locator('#booking-status').textContent(), { timeout: 15_000 }).toBe('Active');

    // The list opens on upcoming trips.
    await page.getByRole('link', { name: 'Bookings', exact: true }).click();
    await expect.poll(() => page.locator('.bookings li[data-booking-id]').count()).toBe(2);
    expect(await page.locator('#period').inputValue()).toBe('upcoming');
    await shotAt(page, 'main', 'phone-bookings-upcoming');

    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
    await outside.close();
  }, 90_000);

  it('edits a trip on its own clock, whatever the browser’s time zone', async () => {
    const madrid = await rig.call(
      'POST',
      '/bookings',
      bookingBody('BS-EDIT-3', { title: 'Vuelta a la bahía', start: '2027-08-12T10:00:00+02:00', end: '2027-08-12T13:00:00+02:00', timezone: 'Europe/Madrid', boat: 'Brisa' }),
    );
    const { page, problems } = await openConsole(rig, PHONE, `/admin/bookings/${madrid.body.bookingId}/edit`);
    await signIn(page, rig.stack.serviceKey);
    await expect.poll(() => page.locator('#start-time').inputValue()).toBe('10:00');
    expect(await page.locator('#f-timezone').inputValue()).toBe('Europe/Madrid');
    expect(await page.locator('#end-time').inputValue()).toBe('13:00');
    await page.getByRole('button', { name: 'Review changes' }).click();
    await expect.poll(() => page.locator('.booking-form .actions .status').textContent()).toBe('Nothing has changed yet.');
    // An hour later on Madrid's clock is 11:00+02:00, not the browser's 11:00 in Los Angeles.
    await page.fill('#start-time', '11:00');
    await page.getByRole('button', { name: 'Review changes' }).click();
    await expect.poll(() => page.locator('#change-preview').textContent()).toContain('Changes: Start');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.locator('.results h2').textContent(), { timeout: 15_000 }).toMatch(/^Changes saved/);
    expect((await rig.call('GET', `/bookings/${madrid.body.bookingId}`)).body.booking.start).toBe('2027-08-12T11:00:00+02:00');
    expect(problems).toEqual([]);
  }, 30_000);

  it('the finance screen opens on upcoming trips, and a month is one choice away', async () => {
    const { page, problems } = await openConsole(rig, PHONE, '/admin/finance');
    await signIn(page, rig.stack.serviceKey);
    await expect.poll(() => page.locator('table.finance tbody tr').count()).toBe(3);
    await shotAt(page, 'main', 'phone-finance-upcoming');
    expect(await page.locator('#period').inputValue()).toBe('upcoming');
    expect(await page.locator('#download-csv').isVisible()).toBe(false);
    await page.getByLabel('Show').selectOption('month');
    await page.getByLabel('Month').fill('2027-06');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await expect.poll(() => page.locator('main .empty').textContent()).toBe('No bookings this month.');
    expect(page.url()).toContain('month=2027-06');
    expect(await page.locator('#download-csv').isVisible()).toBe(true);
    expect(problems).toEqual([]);
  }, 30_000);
});
