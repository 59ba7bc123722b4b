import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../support';
import { type AdminRig, fillBooking, LAPTOP, openConsole, shot, signIn, startAdminRig, stepStates } from './admin-harness';

let rig: AdminRig;

beforeAll(async () => {
  rig = await startAdminRig();
}, 60_000);
afterAll(() => rig?.close());

const ALL_DONE = { event: 'succeeded', calendar: 'succeeded', guestPage: 'succeeded', crewNotices: 'succeeded', guestNotices: 'succeeded', reminders: 'succeeded' };

describe('the admin console: one booking in, every step watched, a failure fixed', () => {
  it('adds crew, books a charter, watches the steps, retries a calendar outage, and emails nobody twice', async () => {
    const { page, problems, foreign } = await openConsole(rig, LAPTOP);
    const keyInUrls: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes(rig.stack.serviceKey)) keyInUrls.push(request.url());
    });
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sign in');
    await signIn(page, rig.stack.serviceKey);

    // The roster, through its own screen.
    await page.getByRole('link', { name: 'Crew', exact: true }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    for (const [name, email, phone] of [
      ['Ana Lopez', 'ana@example.com', '+16195550101'],
      ['Ben Ortiz', 'ben@example.com', ''],
    ] as const) {
      await page.getByLabel('Name').fill(name);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Phone (optional)').fill(phone);
      await page.getByRole('button', { name: 'Add to roster' }).click();
      await expect.poll(() => page.locator('.roster').textContent()).toContain(name);
    }

    // The booking, through the form. A slow calendar shows the steps moving while the POST waits.
    await page.getByRole('link', { name: 'New booking', exact: true }).first().click();
    expect(await page.locator('#f-timezone').inputValue()).toBe('America/Los_Angeles');
    await fillBooking(page, {
      externalId: 'BS-UI-1',
      crew: [
        { label: 'Ana Lopez (ana@example.com)', role: 'captain' },
        { label: 'Ben Ortiz (ben@example.com)', role: 'mate' },
      ],
    });
    // Long enough that a loaded machine still sees the running state between two of the page's polls.
    rig.google.setFault({ delayMs: 2_500 });
    await page.getByRole('button', { name: 'Create booking' }).click();
    await expect.poll(() => stepStates(page), { timeout: 5_000, interval: 50 }).toMatchObject({ event: 'succeeded', calendar: 'running' });
    // Still responsive while it waits.
    expect(await page.evaluate(() => document.querySelector('nav a[href="/admin/crew"]') !== null)).toBe(true);
    await expect.poll(() => stepStates(page), { timeout: 15_000 }).toEqual(ALL_DONE);
    rig.google.setFault(null);
    expect(await page.locator('.steps-panel [role=status]').textContent()).toBe('Every step is done.');
    await expect.poll(() => page.locator('.crew-link').count()).toBe(2);
    await shot(page, 'admin-created');

    const guestUrl = await page.locator('#guest-link').getAttribute('href');
    expect(guestUrl).toMatch(/\/g\/sunset-sail-smith-party-/);
    const guestPage = await page.context().newPage();
    const opened = await guestPage.goto(guestUrl ?? '');
    expect(opened?.status()).toBe(200);
    expect(await guestPage.locator('h1').textContent()).toBe('Sunset sail — Smith party');
    await guestPage.close();

    const [first] = (await rig.call('GET', '/bookings?from=2027-07-01&to=2027-07-31')).body.items;
    expect(first).toMatchObject({ externalId: 'BS-UI-1', start: '2027-07-04T18:00:00-07:00', timezone: 'America/Los_Angeles', health: 'ok' });
    expect((await rig.call('GET', `/bookings/${first.bookingId}`)).body.finance).toEqual({
      revenue: 185000,
      captainFee: 35000,
      platformFee: 27750,
      currency: 'USD',
    });

    // A second booking while Google Calendar is down: that step fails, saying why; the rest finish.
    await page.getByRole('button', { name: 'Enter another booking' }).click();
    await fillBooking(page, {
      externalId: 'BS-UI-2',
      title: 'Morning sail — Lee party',
      start: '09:00',
      end: '12:00',
      crew: [
        { label: 'Ana Lopez (ana@example.com)', role: 'captain' },
        { label: 'Ben Ortiz (ben@example.com)', role: 'deckhand' },
      ],
    });
    rig.google.setFault({ status: 500 });
    await page.getByRole('button', { name: 'Create booking' }).click();
    await expect.poll(() => stepStates(page), { timeout: 10_000 }).toEqual({ ...ALL_DONE, calendar: 'failed' });
    expect(await page.locator('li[data-step=calendar] .step-detail').textContent()).toMatch(/Google Calendar/);
    await shot(page, 'admin-calendar-failed');

    // Meanwhile, in another tab: the list marks it, and the filter finds it.
    const other = await openConsole(rig, LAPTOP, '/admin?from=2027-07-01&to=2027-07-31');
    await signIn(other.page, rig.stack.serviceKey);
    await expect.poll(() => other.page.locator('.bookings li[data-health]').count()).toBe(2);
    await other.page.getByLabel('Needs attention only').check();
    await expect.poll(() => other.page.locator('.bookings li[data-health]').count()).toBe(1);
    expect(await other.page.locator('.bookings li[data-health=needs_attention]').textContent()).toContain('Morning sail — Lee party');
    expect(other.page.url()).toContain('attention=1');
    await shot(other.page, 'admin-needs-attention');
    await other.context.close();

    rig.google.setFault(null);
    await page.getByRole('button', { name: 'Retry Google Calendar' }).click();
    await expect.poll(() => stepStates(page), { timeout: 15_000 }).toEqual(ALL_DONE);
    expect(await page.locator('.steps-panel [role=status]').textContent()).toBe('Every step is done.');

    // Each crew member got each booking's email once, and each guest their welcome once, retry
    // or not; one calendar event each.
    const emails = await outbox(rig.stack.outboxUrl);
    const sent = emails.map((e) => `${e.destination.to.join(',')} ${/\/(?:c|g)\/([A-Za-z0-9_-]+)\??/.exec(e.body.text ?? '')?.[1]}`);
    expect(sent).toHaveLength(6);
    expect(new Set(sent).size).toBe(sent.length);
    expect(emails.filter((e) => e.subject.startsWith('Your trip:'))).toHaveLength(2);
    expect(rig.google.events('charters@example.com')).toHaveLength(2);

    // The calendar event's link opens the booking's page in the console.
    const description = String(rig.google.events('charters@example.com').find((e) => e.summary === 'Morning sail — Lee party')?.description);
    const adminLink = /https?:\/\/\S+\/admin\/bookings\/\S+/.exec(description)?.[0] ?? '';
    await page.goto(adminLink);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Morning sail — Lee party');
    await expect.poll(() => stepStates(page)).toEqual(ALL_DONE);
    expect(await page.locator('main').textContent()).toContain('$1,222.50');

    // The list: both bookings healthy now.
    await page.goto(`${rig.stack.apiUrl}/admin?from=2027-07-01&to=2027-07-31`);
    await expect.poll(() => page.locator('.bookings li[data-health=ok]').count()).toBe(2);

    expect(keyInUrls).toEqual([]);
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
  }, 40_000);
});
