import { buildFeed, type FixtureEvent } from '@scc/core/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer } from '../support';
import { type AdminRig, LAPTOP, openConsole, PHONE, shot, shotAt, signIn, startAdminRig } from './admin-harness';

let rig: AdminRig;
let feed: Awaited<ReturnType<typeof startFeedServer>>;
let broken: Awaited<ReturnType<typeof startFeedServer>>;

// Trips relative to the real clock: the stack runs on it, and a feed's past events are ignored.
const at = (days: number, hour: number) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
};
const trip = (uid: string, days: number, renter: string): FixtureEvent => ({
  uid,
  start: at(days, 17),
  end: at(days, 21),
  summary: `Boatsetter Booking - ${renter}`,
  description: `Renter: ${renter}\nGuests: 4`,
  location: 'Harbor Island West Marina, Dock C',
});
const FIRST = trip('bs-101@boatsetter.example', 10, 'Jane Doe');
const SECOND = trip('bs-102@boatsetter.example', 11, 'Sam Roe');
// The owner blocked the boat for a whole day on the marketplace: no guest, no booking.
const BLOCK: FixtureEvent = { uid: 'blk-1@boatsetter.example', start: at(20, 0), end: at(21, 0), summary: 'Not available' };

beforeAll(async () => {
  [rig, feed, broken] = await Promise.all([startAdminRig(), startFeedServer(buildFeed([FIRST, SECOND, BLOCK])), startFeedServer()]);
  expect((await rig.call('POST', '/crew', { name: 'Ana Lopez', email: 'ana@example.com' })).status).toBe(201);
  // A second channel whose link expired: the marketplace answers with its login page.
  broken.serve('<!doctype html><html><head><title>Log in</title></head><body><form>Log in</form></body></html>', { contentType: 'text/html' });
  const res = await rig.call('POST', '/channels', {
    name: 'GetMyBoat — JADA',
    source: 'getmyboat',
    url: broken.url,
    boat: 'JADA',
    defaults: { meetingPoint: 'Harbor Island West Marina, Dock C', timezone: 'America/Los_Angeles' },
  });
  expect(res.status).toBe(201);
  expect((await rig.call('POST', `/channels/${res.body.channelId}/sync`)).body.outcome).toMatchObject({ status: 'failed', failure: 'not_calendar' });
}, 60_000);
afterAll(async () => {
  await rig?.close();
  await feed?.close();
  await broken?.close();
});

const needs = (page: Page) => page.getByRole('list', { name: 'Bookings needing attention' });

let phone: Awaited<ReturnType<typeof openConsole>> | undefined;

/**
 * The phone's view of a screen (one tab, signed in once), for the screenshots (SCREENSHOT_DIR)
 * and the no-sideways-scrolling check.
 */
async function onPhone(path: string, ready: string, name: string, screens: string[] = []): Promise<void> {
  if (!phone) {
    phone = await openConsole(rig, PHONE, path);
    await signIn(phone.page, rig.stack.serviceKey);
  } else {
    await phone.page.goto(`${rig.stack.apiUrl}${path}`);
  }
  const { page } = phone;
  await page.getByText(ready).first().waitFor();
  await page.waitForFunction(() => !document.querySelector('main')?.textContent?.includes('Loading'));
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(page, name);
  // One screenful each, as the phone shows it.
  for (const [i, target] of screens.entries()) await shotAt(page, target, `${name}-${i + 1}`);
  expect(phone.problems).toEqual([]);
}

describe('marketplace channels in the console', () => {
  it('adds a channel, syncs it, completes a booking it brought, and confirms a vanished trip’s cancellation', async () => {
    const { page, problems, foreign } = await openConsole(rig, LAPTOP, '/admin/channels');
    await signIn(page, rig.stack.serviceKey);
    await page.getByRole('link', { name: 'Channels' }).waitFor();
    const main = page.locator('main');
    await expect.poll(() => main.textContent()).toContain('GetMyBoat — JADA');
    expect(await main.textContent()).toContain('The address answered with a web page, not a calendar');

    // Add the channel as an operator would, with the marketplace's secret link.
    await page.getByRole('button', { name: 'Add channel' }).click();
    const form = page.locator('form.channel-form');
    await form.getByLabel('Name', { exact: true }).fill('Boatsetter — JADA');
    await form.getByLabel('Marketplace', { exact: true }).selectOption('boatsetter');
    await form.getByLabel('Calendar link (iCal)').fill(feed.url);
    await form.getByLabel('Boat', { exact: true }).fill('JADA');
    await form.getByLabel('Meeting point', { exact: true }).fill('Harbor Island West Marina, Dock C');
    await form.getByLabel('Time zone', { exact: true }).selectOption('America/Los_Angeles');
    await form.getByLabel('Trip length in minutes (optional)').fill('240');
    await form.getByRole('button', { name: 'Add channel' }).click();
    const card = page.locator('li.channel', { hasText: 'Boatsetter — JADA' });
    await card.getByText('Not synced yet').waitFor();
    // Once saved, the link's secret is never shown again.
    expect(await main.textContent()).not.toContain('SECRETFEEDTOKEN');

    // Edit its defaults (the same fields as Add, prefilled): a new meeting point and checklist.
    await card.getByRole('button', { name: 'Edit Boatsetter — JADA' }).click();
    let edit = card.locator('form.channel-edit');
    expect(await edit.getByLabel('Trip length in minutes (optional)').inputValue()).toBe('240');
    expect(await edit.getByLabel('Meeting point', { exact: true }).inputValue()).toBe('Harbor Island West Marina, Dock C');
    expect(await edit.textContent()).toContain('bookings it already brought keep theirs');
    await edit.getByLabel('Meeting point', { exact: true }).fill('Shelter Island, Dock 5');
    await edit.getByLabel('Task 1', { exact: true }).fill('Top up fuel');
    await edit.getByRole('button', { name: 'Remove task 4' }).click();
    await edit.getByRole('button', { name: 'Save' }).click();
    await card.getByText('Saved. New bookings from this feed get the new defaults.').waitFor();
    await page.reload();
    await card.getByRole('button', { name: 'Edit Boatsetter — JADA' }).click();
    edit = card.locator('form.channel-edit');
    expect(await edit.getByLabel('Meeting point', { exact: true }).inputValue()).toBe('Shelter Island, Dock 5');
    expect(await edit.getByLabel('Trip length in minutes (optional)').inputValue()).toBe('240');
    expect(await edit.locator('li.task-row input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(['Top up fuel', 'Check fuel', 'Inspect sails']);
    // Out of range: the API's own schema says so before anything is sent.
    await edit.getByLabel('Trip length in minutes (optional)').fill('5');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.locator('.error-summary').getByText('Trip length: At least 15').waitFor();
    // Someone else saves the channel meanwhile: nothing is overwritten, and it offers a reload.
    const changed = await rig.call('PATCH', `/channels/${await card.getAttribute('data-channel-id')}`, { enabled: true });
    expect(changed.status).toBe(200);
    await edit.getByLabel('Trip length in minutes (optional)').fill('300');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.getByText('Someone changed this channel since you opened it').waitFor();
    await edit.getByRole('button', { name: 'Reload the channel' }).click();
    await card.getByText('Reloaded: this is the channel as it is now.').waitFor();
    expect(await card.getByLabel('Trip length in minutes (optional)').inputValue()).toBe('240');
    await card.getByRole('button', { name: 'Cancel' }).click();
    await onPhone('/admin/channels', 'Boatsetter — JADA', 'admin-phone-channels-before-edit');
    await phone!.page.getByRole('button', { name: 'Edit Boatsetter — JADA' }).click();
    await phone!.page.locator('form.channel-edit').waitFor();
    expect(await phone!.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shotAt(phone!.page, 'li.channel form.channel-edit', 'admin-phone-channel-edit');
    await shotAt(phone!.page, 'li.channel form.channel-edit h4', 'admin-phone-channel-edit-2');
    await shotAt(phone!.page, 'li.channel form.channel-edit .channel-defaults-group:last-of-type', 'admin-phone-channel-edit-3');

    await card.getByRole('button', { name: 'Sync Boatsetter — JADA now' }).click();
    await card.getByText('Synced: 2 new, 1 block kept.').waitFor();
    expect(await card.textContent()).toContain('Last sync2 new, 1 block kept.');
    await expect.poll(() => needs(page).locator('li').count()).toBe(2);
    expect(await needs(page).textContent()).toContain('Needs details: crew, finance');
    await onPhone('/admin/channels', 'Needs details: crew, finance', 'admin-phone-channels', ['h1', 'li.channel', 'li.channel >> nth=1', '#s-outgoing-feeds']);

    // Complete the first trip: a captain and the money, through the edit form.
    const first = needs(page).locator('li').first();
    const firstId = await first.getAttribute('data-booking-id');
    await onPhone(`/admin/bookings/${firstId}`, 'Complete details', 'admin-phone-booking-needs-details');
    await first.getByRole('link', { name: /^Complete/ }).click();
    await page.locator('#edit-booking-title').getByText('Edit: JADA charter').waitFor();
    await page.waitForFunction(() => !document.body.textContent?.includes('Loading the roster…'));
    await page.getByRole('button', { name: 'Add crew member' }).click();
    await page.getByLabel('Crew member 1', { exact: true }).selectOption({ label: 'Ana Lopez (ana@example.com)' });
    await page.getByLabel('Role 1', { exact: true }).fill('captain');
    await page.fill('#f-revenue', '1,200.00');
    await page.fill('#f-captainFee', '300.00');
    await page.fill('#f-platformFee', '120.00');
    await page.getByRole('button', { name: 'Review changes' }).click();
    await page.locator('#confirm-save').click();
    await page.getByRole('link', { name: 'Open the booking' }).click();
    await page.locator('#booking-status').waitFor();
    expect(await page.locator('#needs-details').count()).toBe(0);

    // Moving it onto the owner's block: the double booking names the block, with no link to a booking.
    await page.locator('#edit-booking').click();
    const blockDay = at(20, 17).toLocaleDateString('en-CA', { timeZone: 'America/Los_Angeles' });
    await page.fill('#start-date', blockDay);
    await page.fill('#end-date', blockDay);
    await page.getByRole('button', { name: 'Review changes' }).click();
    const blocked = page.locator('.conflicts li[data-kind=block]');
    await blocked.waitFor();
    expect(await blocked.textContent()).toContain('Blocked on a marketplace: Not available');
    expect(await blocked.locator('a').count()).toBe(0);
    await page.getByRole('button', { name: 'Keep editing' }).click();

    // Back on Channels: one booking still needs details.
    await page.locator('#nav').getByRole('link', { name: 'Channels' }).click();
    await expect.poll(() => needs(page).locator('li').count()).toBe(1);
    expect(await needs(page).locator('li').getAttribute('data-booking-id')).not.toBe(firstId);

    // The marketplace drops the second trip: SCC asks, it does not cancel on its own.
    feed.serve(buildFeed([FIRST, BLOCK]));
    await page.getByRole('button', { name: 'Sync Boatsetter — JADA now' }).click();
    await page.getByText(/^Synced: 1 missing, /).waitFor();
    const flagged = needs(page).locator('li', { hasText: 'Missing from the Boatsetter — JADA feed — confirm cancellation' });
    await flagged.waitFor();
    const flaggedId = await flagged.getAttribute('data-booking-id');
    await shot(page, 'admin-channels-alert');
    await onPhone('/admin/channels', 'Missing from the', 'admin-phone-channels-alert', ['h1']);
    await onPhone('/admin', 'Missing from the', 'admin-phone-bookings-marks');
    await onPhone(`/admin/bookings/${flaggedId}`, 'Missing from the Boatsetter — JADA feed', 'admin-phone-booking-feed-alert', ['h1']);

    await flagged.getByRole('button', { name: 'Cancel trip' }).click();
    const attention = page.getByRole('region', { name: 'Needs attention' });
    await expect.poll(() => attention.locator('p.status').first().textContent()).toContain('is cancelled: crew and guests are told.');
    await expect.poll(() => needs(page).textContent()).not.toContain('Missing from the');
    await expect.poll(() => needs(page).locator('li').count()).toBe(0);
    await page.goto(`${rig.stack.apiUrl}/admin/bookings/${flaggedId}`);
    await expect.poll(() => page.locator('#booking-status').textContent()).toBe('Cancelled');
    expect(await main.textContent()).toContain('Cancelled: The marketplace cancelled');

    // The bookings list shows what is left to do on the rest: nothing for the completed trip.
    await page.locator('#nav').getByRole('link', { name: 'Bookings', exact: true }).click();
    await page.locator(`li[data-booking-id="${firstId}"]`).waitFor();
    expect(await page.locator(`li[data-booking-id="${firstId}"]`).textContent()).not.toContain('Needs details');

    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
    await phone?.context.close();
  }, 90_000);
});
