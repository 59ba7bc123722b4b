import type { Locator, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingBody, expectNoMoneyOrGuestContact, startWebhookReceiver, type WebhookReceiver } from '../support';
import { type AdminRig, openConsole, PHONE, shot, shotAt, signIn, startAdminRig } from './admin-harness';

let rig: AdminRig;
let receiver: WebhookReceiver;

beforeAll(async () => {
  [rig, receiver] = await Promise.all([startAdminRig(), startWebhookReceiver('/hooks/scc-accounting-sync/receive-events-from-shipcaptaincrew')]);
}, 60_000);
afterAll(async () => {
  await rig?.close();
  await receiver?.close();
});

/** Presses the endpoint's Refresh until `check` holds: the screen is polled as an operator would. */
async function refreshUntil(page: Page, card: Locator, check: () => Promise<boolean>, what: string): Promise<void> {
  const refresh = card.getByRole('button', { name: 'Refresh the deliveries' });
  for (let i = 0; i < 60; i++) {
    if (await check()) return;
    await page.waitForTimeout(100);
    await refresh.click();
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('button[aria-label="Refresh the deliveries"]')?.disabled);
  }
  throw new Error(`Timed out waiting for ${what}; the endpoint shows: ${await card.textContent()}`);
}

/** A delivery's status and an element's text if it is on the screen now (no waiting for it). */
const statusOf = async (delivery: Locator) => ((await delivery.count()) > 0 ? delivery.getAttribute('data-status') : null);
const textOf = async (element: Locator) => ((await element.count()) > 0 ? ((await element.textContent()) ?? '') : '');

const noSidewaysScroll = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

describe('webhooks in the console (on a phone)', () => {
  it('adds an endpoint, shows its secret once, tests it, lists and resends deliveries, and turns a 410ed endpoint back on', async () => {
    const { page, problems, foreign } = await openConsole(rig, PHONE, '/admin/webhooks');
    await signIn(page, rig.stack.serviceKey);
    await page.locator('#nav').getByRole('link', { name: 'Webhooks' }).waitFor();
    const main = page.locator('main');
    await main.getByText('No endpoints yet.').waitFor();

    // Add the endpoint: every event ticked and money off by default.
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const form = page.locator('form.webhook-form');
    expect(await form.locator('input[type=checkbox][value]:checked').count()).toBe(6);
    expect(await form.getByLabel('Include money (revenue and fees) in booking events').isChecked()).toBe(false);
    await form.getByLabel('Endpoint URL').fill(receiver.url);
    await form.getByLabel('Description (optional)').fill('Accounting sync');
    await form.getByLabel('Email when it is disabled (optional)').fill('office@example.com');
    await noSidewaysScroll(page);
    await shot(page, 'admin-phone-webhooks-form');
    await form.getByRole('button', { name: 'Add endpoint' }).click();

    // The secret, once, with Copy and how to verify it.
    const card = page.locator('li.webhook').first();
    const panel = card.locator('.secret-panel');
    await panel.waitFor();
    const secret = (await panel.locator('[data-secret]').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    expect(await panel.textContent()).toContain('new Webhook(');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Copy');
    await noSidewaysScroll(page);
    await shotAt(page, '.secret-panel', 'admin-phone-webhooks-secret');
    const webhookId = (await card.getAttribute('data-webhook-id')) ?? '';
    expect(JSON.stringify((await rig.call('GET', '/webhooks')).body)).not.toContain(secret);
    await panel.getByRole('button', { name: 'I have saved it' }).click();
    expect(await main.textContent()).not.toContain(secret);

    // Send test: delivered, the receiver answered 204, and the signature verifies with the secret.
    await card.getByRole('button', { name: 'Send a test event to Accounting sync' }).click();
    const test = card.locator('li.delivery[data-type="webhook.test"]').first();
    await refreshUntil(page, card, async () => (await statusOf(test)) === 'delivered', 'the test delivered');
    expect(await test.textContent()).toContain('Last response 204');
    expect(await test.textContent()).toContain('1 attempt');
    const testId = (await test.getAttribute('data-delivery-id')) ?? '';
    expect(receiver.received).toHaveLength(1);
    const [first] = receiver.received;
    const verified = new Webhook(secret).verify(first!.body, first!.headers as Record<string, string>) as { type: string };
    expect(verified.type).toBe('webhook.test');
    await test.getByText('Payload').click();
    expect(await test.locator('pre').textContent()).toContain('"type": "webhook.test"');

    // A booking made through the API: booking.created appears, with no money (not asked for).
    expect((await rig.call('POST', '/bookings', bookingBody('WH-UI-1'))).status).toBe(201);
    const created = card.locator('li.delivery[data-type="booking.created"]');
    await refreshUntil(page, card, async () => (await statusOf(created)) === 'delivered', 'booking.created');

    // The receiver fails once: Resend shows the 500 and the attempts; the next resend goes through.
    receiver.answers.push(500);
    const resentTest = card.locator(`li.delivery[data-delivery-id="${testId}"]`);
    await resentTest.getByRole('button', { name: /^Resend/ }).click();
    await refreshUntil(page, card, async () => (await textOf(resentTest)).includes('Last response 500'), 'the 500');
    expect(await resentTest.getAttribute('data-status')).toBe('pending');
    expect(await resentTest.textContent()).toContain('2 attempts');
    await card.getByText(/^Failing since /).waitFor();
    await created.getByRole('button', { name: /^Resend/ }).click();
    await refreshUntil(page, card, async () => (await textOf(created)).includes('2 attempts'), 'the resend');
    expect(await created.getAttribute('data-status')).toBe('delivered');
    expect(await created.textContent()).toContain('Last response 204');
    // The success clears “failing since” (the endpoint is saved just after the delivery).
    await refreshUntil(page, card, async () => (await card.getByText(/^Failing since /).count()) === 0, 'failing since to clear');
    expectNoMoneyOrGuestContact('the webhooks screen', (await main.textContent()) ?? '');
    await noSidewaysScroll(page);
    await shot(page, 'admin-phone-webhooks-deliveries');
    await shotAt(page, 'li.webhook', 'admin-phone-webhooks-endpoint');
    await shotAt(page, 'li.delivery', 'admin-phone-webhooks-delivery-list');

    // Rotate: a new secret, once, and the old one keeps signing for 24 hours.
    await card.getByRole('button', { name: 'Rotate the secret of Accounting sync' }).click();
    await card.getByRole('button', { name: 'Make a new secret' }).click();
    const rotated = card.locator('.secret-panel');
    await rotated.waitFor();
    expect(await rotated.textContent()).toContain('The old secret keeps signing for 24 hours');
    const newSecret = (await rotated.locator('[data-secret]').textContent()) ?? '';
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(secret);
    await rotated.getByRole('button', { name: 'I have saved it' }).click();

    // 410 Gone on a test: the endpoint is shown disabled with the reason; Enable turns it back on.
    receiver.answers.push(410);
    await card.getByRole('button', { name: 'Send a test event to Accounting sync' }).click();
    await refreshUntil(page, card, async () => (await card.locator('.webhook-title').textContent())?.includes('Disabled') === true, 'the endpoint disabled');
    expect(await card.textContent()).toContain('The endpoint answered 410 Gone');
    await noSidewaysScroll(page);
    await shotAt(page, 'li.webhook', 'admin-phone-webhooks-disabled');

    // The link in the "endpoint disabled" email lands on the endpoint, its deliveries open.
    await page.goto(`${rig.stack.apiUrl}/admin/webhooks#${webhookId}`);
    await card.locator('li.delivery').first().waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(webhookId);
    await card.getByRole('button', { name: 'Enable Accounting sync' }).click();
    await card.getByText('Enabled: new events are sent again').waitFor();
    expect(await card.locator('.webhook-title').textContent()).toContain('Enabled');
    expect((await rig.call('GET', `/webhooks/${webhookId}`)).body.enabled).toBe(true);

    // Delete…, confirmed: gone from the screen and the API.
    await card.getByRole('button', { name: 'Delete Accounting sync' }).click();
    await noSidewaysScroll(page);
    await card.getByRole('button', { name: 'Delete the endpoint' }).click();
    await main.getByText('Deleted “Accounting sync”.').waitFor();
    expect((await rig.call('GET', '/webhooks')).body.items).toEqual([]);

    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
  }, 40_000);
});
