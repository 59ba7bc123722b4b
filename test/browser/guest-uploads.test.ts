import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINANCE, GUEST, startTestStack, type TestStack } from '../support';
import { launchChromium } from './chromium';

// Two real, tiny images a browser can decode: a 1×1 PNG and a 1×1 GIF.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

let testStack: TestStack;
let browser: Browser;
let guestUrl: string;
let slug: string;
let clockOffsetMs = 0;
const end = new Date(Date.now() + 3 * 3600_000);

beforeAll(async () => {
  testStack = await startTestStack({}, { clock: () => new Date(Date.now() + clockOffsetMs) });
  const created = await testStack.call('POST', '/bookings', {
      source: 'boatsetter',
      externalId: 'BS-UPLOADS',
      title: 'Sunset sail — Smith party',
      start: new Date(Date.now() - 3600_000).toISOString(),
      end: end.toISOString(),
      timezone: 'America/Los_Angeles',
      boat: 'JADA',
      meetingPoint: 'Harbor Island West Marina, Dock C',
      guest: GUEST,
      whatToBring: 'Sunscreen & a light jacket',
      finance: FINANCE,
  });
  ({ guestUrl, slug } = created.body);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await testStack?.stop();
});

describe('guest page uploads in a real browser', () => {
  it('uploads two photos through the form, shows them, keeps them after a reload, and closes at the end', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));

    await page.goto(guestUrl);
    expect(await page.textContent('#bring + p, section[aria-labelledby=bring] p')).toBe('Sunscreen & a light jacket');
    const input = page.getByLabel('Add photos or videos');
    await expect.poll(() => input.isEnabled()).toBe(true);
    await expect.poll(() => page.textContent('#upload-window')).toMatch(/Uploads close in/);

    await input.setInputFiles([
      { name: 'sunset.png', mimeType: 'image/png', buffer: PNG },
      { name: 'dolphin.gif', mimeType: 'image/gif', buffer: GIF },
    ]);
    await expect.poll(() => page.locator('#uploads li').allTextContents(), { timeout: 15_000 }).toEqual([
      expect.stringContaining('Shared ✓'),
      expect.stringContaining('Shared ✓'),
    ]);
    const loaded = () =>
      page.locator('#gallery img').evaluateAll((images) => images.map((img) => (img as HTMLImageElement).naturalWidth));
    await expect.poll(loaded, { timeout: 10_000 }).toEqual([1, 1]);

    await page.reload();
    await expect.poll(loaded, { timeout: 10_000 }).toEqual([1, 1]);
    expect(problems).toEqual([]);
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, 'guest-uploads.png'), fullPage: true });

    // The charter ends (by the server's clock): the page becomes the gallery and a thank-you,
    // with no upload button (not a disabled one) and no "getting ready" list; the API refuses.
    // (Before issue 11 the closed page kept a disabled input and said "uploads are closed".)
    clockOffsetMs = end.getTime() - Date.now() + 60_000;
    await page.reload();
    await expect.poll(() => page.locator('#thanks').isVisible()).toBe(true);
    expect(await page.locator('#thanks').textContent()).toMatch(/Thank you for sailing/);
    expect(await page.locator('label.pick').isVisible()).toBe(false);
    expect(await page.locator('#share').isVisible()).toBe(false);
    expect(await page.locator('#prep-section').isVisible()).toBe(false);
    expect(await page.locator('#bring-section').isVisible()).toBe(false);
    // The photos come right under the thank-you.
    expect(await page.locator('#thanks + #photos-section').count()).toBe(1);
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, 'guest-closed.png'), fullPage: true });
    const refused = await page.evaluate(
      async ([s]) => {
        const res = await fetch(`/g/${s}/photos`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ filename: 'late.png', contentType: 'image/png', size: 10 }),
        });
        return { status: res.status, body: await res.json() };
      },
      [slug],
    );
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'upload_closed' } } });
    await expect.poll(loaded).toEqual([1, 1]);

    // The operator allows 30 minutes after the trip: the page, rendered before, takes the new
    // close from the gallery answer and offers uploads again, naming the exact time.
    expect((await testStack.call('PATCH', '/settings', { guestPage: { uploadGraceMinutes: 30 } })).status).toBe(200);
    await page.reload();
    await expect.poll(() => page.locator('label.pick').isVisible()).toBe(true);
    const until = new Date(end.getTime() + 30 * 60_000);
    const expected = `${new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(until)}, ${new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', weekday: 'long', month: 'long', day: 'numeric' }).format(until)}`;
    await expect.poll(() => page.textContent('#upload-window strong')).toBe(expected);
    expect(await page.locator('#thanks').isVisible()).toBe(false);
    // The trip itself is over: still no "getting ready" list.
    expect(await page.locator('#prep-section').isVisible()).toBe(false);
  }, 60_000);
});
