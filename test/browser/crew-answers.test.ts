import { join } from 'node:path';
import type { LocalStack } from '@scc/local';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crewLinkIn, expectNoMoneyOrGuestContact, FINANCE, GUEST, outbox, startTestStack, type TestStack } from '../support';
import { signIn } from './admin-harness';
import { launchChromium } from './chromium';

const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, timezoneId: 'America/Los_Angeles', locale: 'en-US' };
const OPERATOR = 'ops@charters.example';

let testStack: TestStack;
let stack: LocalStack;
let browser: Browser;
let booking: { bookingId: string; eventId: string };
const ids: Record<'ana' | 'ben' | 'cy', string> = { ana: '', ben: '', cy: '' };
const problems: string[] = [];

const call = async (method: string, path: string, body?: unknown) => (await testStack.call(method, path, body)).body;

async function emailsTo(address: string) {
  return (await outbox(stack.outboxUrl)).filter((e) => e.destination.to.includes(address));
}

/** A phone of its own (its own cookies) on the person's emailed link. */
async function crewPhone(address: string): Promise<Page> {
  const [invite] = await emailsTo(address);
  if (!invite) throw new Error(`No email to ${address}`);
  const page = await (await browser.newContext(PHONE)).newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) problems.push(`${address}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${address}: ${error.message}`));
  await page.goto(crewLinkIn(invite));
  await page.waitForURL(new RegExp(`/c/${booking.eventId}$`));
  await expect.poll(() => page.getByRole('button', { name: 'Confirm' }).isEnabled()).toBe(true);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  testStack = await startTestStack();
  stack = testStack.stack;
  await call('PATCH', '/settings', { operator: { email: OPERATOR } });
  for (const [key, name] of [['ana', 'Ana Lopez'], ['ben', 'Ben Ortiz'], ['cy', 'Cy Young']] as const) {
    ids[key] = (await call('POST', '/crew', { name, email: `${key}@example.com`, phone: '+16195550101' })).crewId;
  }
  booking = await call('POST', '/bookings', {
    source: 'boatsetter',
    externalId: 'BS-ANSWERS',
    title: 'Sunset sail — Smith party',
    start: '2027-07-04T18:00:00-07:00',
    end: '2027-07-04T21:00:00-07:00',
    timezone: 'America/Los_Angeles',
    boat: 'JADA',
    meetingPoint: 'Harbor Island West Marina, Dock C',
    guest: GUEST,
    crew: [
      { crewId: ids.ana, role: 'captain' },
      { crewId: ids.ben, role: 'mate' },
    ],
    crewTasks: ['Stock cooler', 'Check fuel', 'Inspect sails', 'Fill water', 'Charge radio'],
    finance: FINANCE,
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await testStack?.stop();
});

describe('crew answer from their phones; the operator hears of a decline and swaps the person', () => {
  it('one confirms, one declines with a note, the operator is emailed once, the console shows both, a swap revokes the old link', async () => {
    const ana = await crewPhone('ana@example.com');
    const ben = await crewPhone('ben@example.com');
    await shot(ana, 'crew-page-pending');
    expect(await ana.locator('#answer-state').textContent()).toBe('Not answered yet: let the operator know.');
    expect(await ana.locator('#progress').textContent()).toBe('0 of 5 done');

    await ana.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => ana.locator('#answer-state').textContent()).toMatch(/^You confirmed \(\w{3}, \w{3} \d+, \d+:\d\d [AP]M\)\.$|^You confirmed \(\d+:\d\d [AP]M\)\.$/);
    expect(await ana.getByRole('button', { name: 'Confirm' }).getAttribute('aria-pressed')).toBe('true');
    await shot(ana, 'crew-page-confirmed');

    await ben.getByRole('button', { name: "Can't make it" }).click();
    await ben.getByLabel('A note for the operator (optional)').fill('Family wedding <b>that weekend</b>');
    await ben.getByRole('button', { name: "Send: can't make it" }).click();
    await expect.poll(() => ben.locator('#answer-state').textContent()).toContain("You can't make it");
    expect(await ben.getByRole('button', { name: "Can't make it" }).getAttribute('aria-pressed')).toBe('true');
    // A second tap is the same decline: still one email.
    await ben.getByRole('button', { name: "Can't make it" }).click();
    await ben.getByRole('button', { name: "Send: can't make it" }).click();
    await expect.poll(() => ben.locator('#answer-state').textContent()).toContain("You can't make it");
    await shot(ben, 'crew-page-declined');

    await expect.poll(async () => (await emailsTo(OPERATOR)).length).toBe(1);
    const [declined] = await emailsTo(OPERATOR);
    expect(declined?.subject).toBe("Ben Ortiz can't make Sunset sail — Smith party — Sunday, July 4, 2027");
    expect(declined?.body.text).toContain('Their note: Family wedding <b>that weekend</b>');
    expect(declined?.body.html).toContain('Family wedding &lt;b&gt;that weekend&lt;/b&gt;');
    expect(declined?.body.text).toContain(`/admin/bookings/${booking.bookingId}`);
    expectNoMoneyOrGuestContact('decline email', `${declined?.subject}${declined?.body.html}${declined?.body.text}`);

    // Ticks: Ana's show on Ben's page without a reload (the page polls every 2 s while visible).
    const latencies: number[] = [];
    for (const label of ['Stock cooler', 'Check fuel', 'Inspect sails']) {
      await ana.getByLabel(label).check();
      await expect.poll(() => ana.locator('#checklist-status').textContent()).toBe('Saved.');
      const savedAt = Date.now();
      await ben.getByLabel(label).waitFor();
      await expect.poll(() => ben.getByLabel(label).isChecked(), { timeout: 10_000, interval: 50 }).toBe(true);
      latencies.push(Date.now() - savedAt);
    }
    console.log(`crew tick propagation (saved on one phone → shown on the other): ${latencies.join(', ')} ms`);
    expect(await ben.locator('#progress').textContent()).toBe('3 of 5 done');
    // Ticked on another day than the trip's: the date is there, on the trip's clock.
    expect(await ben.locator('#checklist').textContent()).toMatch(/— Ana Lopez, \w{3}, \w{3} \d+, \d+:\d\d [AP]M/);
    await shot(ben, 'crew-page-checklist');

    // The page and the trip file carry no money or guest contact.
    expectNoMoneyOrGuestContact('crew page', await ana.content());
    const ics = await ana.request.get(`${stack.apiUrl}/c/${booking.eventId}/trip.ics`);
    expect(ics.status()).toBe(200);
    const icsText = await ics.text();
    expect(icsText).toContain('BEGIN:VEVENT');
    expectNoMoneyOrGuestContact('trip.ics', icsText);

    // The office sees both answers: through the API and in the console.
    const detail = await call('GET', `/bookings/${booking.bookingId}`);
    expect(detail.crewStatus.map((s: { status: string; note?: string }) => [s.status, s.note])).toEqual([
      ['confirmed', undefined],
      ['declined', 'Family wedding <b>that weekend</b>'],
    ]);
    const consolePage = await (await browser.newContext(PHONE)).newPage();
    await consolePage.goto(`${stack.apiUrl}/admin`);
    await signIn(consolePage, stack.serviceKey);
    await expect.poll(() => consolePage.locator(`[data-booking-id="${booking.bookingId}"] .crew-mark`).textContent()).toBe('Crew: 1 declined · 1 confirmed');
    await consolePage.goto(`${stack.apiUrl}/admin/bookings/${booking.bookingId}`);
    const benRow = consolePage.locator(`.crew-member[data-crew-id="${ids.ben}"] .crew-answer`);
    await expect.poll(() => benRow.textContent()).toContain("✗ Can't make it");
    expect(await benRow.textContent()).toContain('“Family wedding <b>that weekend</b>”');
    expect(await consolePage.locator(`.crew-member[data-crew-id="${ids.ana}"] .crew-answer`).textContent()).toContain('✓ Confirmed');
    if (process.env.SCREENSHOT_DIR) {
      await consolePage.locator('.crew-list').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await consolePage.screenshot({ path: join(process.env.SCREENSHOT_DIR, 'console-crew-section.png') });
    }

    // The swap: Cy for Ben, from the decline's own link, through the ordinary change. Cy is
    // invited; Ben is told and his link stops.
    await consolePage.getByRole('link', { name: 'Swap Ben Ortiz for someone else' }).click();
    await expect.poll(() => consolePage.getByLabel('Crew member 2', { exact: true }).inputValue()).toBe(ids.ben);
    await consolePage.getByLabel('Crew member 2', { exact: true }).selectOption({ label: 'Cy Young (cy@example.com)' });
    await consolePage.getByRole('button', { name: 'Review changes' }).click();
    await expect.poll(() => consolePage.locator('#change-preview .notices li').allTextContents()).toEqual(
      expect.arrayContaining(['Ben Ortiz: removed from the trip (their link stops working)', 'Cy Young: invited to the trip (gets a crew link)']),
    );
    await consolePage.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => consolePage.locator('.results h2').textContent(), { timeout: 15_000 }).toMatch(/^Changes saved \(version 2\)$/);
    await expect.poll(async () => (await emailsTo('cy@example.com')).map((e) => e.subject)).toEqual([expect.stringContaining('Sunset sail — Smith party')]);
    await expect.poll(async () => (await emailsTo('ben@example.com')).map((e) => e.subject)).toContainEqual(expect.stringContaining('You are no longer on'));
    const cy = await crewPhone('cy@example.com');
    expect(await cy.locator('#answer-state').textContent()).toBe('Not answered yet: let the operator know.');
    await expect.poll(() => ben.locator('#checklist-status').textContent(), { timeout: 10_000 }).toBe('This link no longer works. Ask the operator for a new one.');
    await ben.reload();
    expect(await ben.locator('h1').textContent()).toBe('This link does not work');
    expect(await ben.content()).toContain('no longer on the crew');
    const after = await call('GET', `/bookings/${booking.bookingId}`);
    expect(after.crewStatus.map((s: { crewId: string; status: string }) => [s.crewId, s.status])).toEqual([
      [ids.ana, 'confirmed'],
      [ids.cy, 'pending'],
    ]);
    expect(problems).toEqual([]);
  }, 120_000);
});
