import { join } from 'node:path';
import type { LocalStack } from '@scc/local';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crewLinkIn, expectNoMoneyOrGuestContact, FINANCE, GUEST, outbox, startTestStack, type TestStack } from '../support';
import { launchChromium } from './chromium';

let testStack: TestStack;
let stack: LocalStack;
let browser: Browser;
let booking: { eventId: string; guestUrl: string };

const call = async (path: string, body: unknown) => (await testStack.call('POST', path, body)).body;

beforeAll(async () => {
  testStack = await startTestStack();
  stack = testStack.stack;
  const ana = await call('/crew', { name: 'Ana Lopez', email: 'ana@example.com', phone: '+16195550101' });
  const ben = await call('/crew', { name: 'Ben Ortiz', email: 'ben@example.com', phone: '+16195550102' });
  booking = await call('/bookings', {
    source: 'boatsetter',
    externalId: 'BS-BROWSER',
    title: 'Sunset sail — Smith party',
    start: '2027-07-04T18:00:00-07:00',
    end: '2027-07-04T21:00:00-07:00',
    timezone: 'America/Los_Angeles',
    boat: 'JADA',
    meetingPoint: 'Harbor Island West Marina, Dock C',
    guest: GUEST,
    crew: [
      { crewId: ana.crewId, role: 'captain' },
      { crewId: ben.crewId, role: 'mate' },
    ],
    crewTasks: ['Stock cooler', 'Check fuel', 'Inspect sails'],
    finance: FINANCE,
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await testStack?.stop();
});

async function linkFor(address: string): Promise<string> {
  const email = (await outbox(stack.outboxUrl)).find((e) => e.destination.to.includes(address));
  if (!email) throw new Error(`No email to ${address}`);
  return crewLinkIn(email);
}

describe('crew page in a real browser, on a phone-sized screen', () => {
  it('a tick by one crew member shows on the other’s page and on the guest page', async () => {
    const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
    const anaPage = await (await browser.newContext(phone)).newPage();
    const benPage = await (await browser.newContext(phone)).newPage();
    const errors: string[] = [];
    for (const page of [anaPage, benPage]) {
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
    }

    await anaPage.goto(await linkFor('ana@example.com'));
    await anaPage.waitForURL(new RegExp(`/c/${booking.eventId}$`));
    await expect.poll(() => anaPage.textContent('h1')).toBe('Sunset sail — Smith party');
    expect(anaPage.url()).not.toContain('?t=');
    await benPage.goto(await linkFor('ben@example.com'));
    await benPage.waitForURL(new RegExp(`/c/${booking.eventId}$`));

    const fuel = anaPage.getByLabel('Check fuel');
    await expect.poll(() => fuel.isEnabled()).toBe(true);
    await fuel.check();
    await expect.poll(() => anaPage.textContent('#checklist-status')).toBe('Saved.');
    await expect.poll(() => anaPage.textContent('#checklist')).toContain('— Ana Lopez');

    // Ben's page refreshes itself (every 10 s while visible).
    await expect.poll(() => benPage.getByLabel('Check fuel').isChecked(), { timeout: 15_000 }).toBe(true);
    expect(await benPage.textContent('#checklist')).toContain('— Ana Lopez');

    const guest = await (await browser.newContext(phone)).newPage();
    await guest.goto(booking.guestUrl);
    await expect.poll(() => guest.locator('#checklist li.done').allTextContents()).toEqual(['Check fuel ✓']);
    expectNoMoneyOrGuestContact('guest page in the browser', await guest.content());
    expectNoMoneyOrGuestContact('crew page in the browser', await anaPage.content());
    expect(errors).toEqual([]);
    if (process.env.SCREENSHOT_DIR) {
      await anaPage.screenshot({ path: join(process.env.SCREENSHOT_DIR, 'crew-page.png'), fullPage: true });
      await guest.screenshot({ path: join(process.env.SCREENSHOT_DIR, 'guest-page.png'), fullPage: true });
    }
  }, 60_000);
});
