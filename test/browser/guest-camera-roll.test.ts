import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoMoneyOrGuestContact, FINANCE, GUEST, startTestStack, type TestStack } from '../support';
import { launchChromium } from './chromium';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
/** A real 16×16 PNG of one colour: every file of the camera roll is a different picture. */
function png(r: number, g: number, b: number): Buffer {
  const size = 16;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => [r, g, b]).flat())]);
  const pixels = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

let testStack: TestStack;
let browser: Browser;
let guestUrl: string;
let slug: string;

beforeAll(async () => {
  // A bucket of 20 refilling at 3 a second, slower than the page sends: the 100 photos meet
  // the per-guest limit part way and the page has to wait out Retry-After on its own (the
  // default bucket of 100 would let them all through at once).
  testStack = await startTestStack({}, { uploadLimits: { clientBurst: 20, maxUploadsPerClientPerMinute: 180 } });
  await testStack.call('PATCH', '/settings', { operator: { name: 'Harbor Charters', phone: '+1 (619) 555-0188' } });
  const created = await testStack.call('POST', '/bookings', {
    source: 'boatsetter',
    externalId: 'BS-CAMERA-ROLL',
    title: 'Sunset sail — Smith party',
    start: new Date(Date.now() - 3600_000).toISOString(),
    end: new Date(Date.now() + 3 * 3600_000).toISOString(),
    timezone: 'America/Los_Angeles',
    boat: 'JADA',
    meetingPoint: 'Harbor Island West Marina, Dock C',
    guest: GUEST,
    finance: FINANCE,
  });
  ({ guestUrl, slug } = created.body);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await testStack?.stop();
});

describe('a whole camera roll from the guest page, in a real browser', () => {
  it('100 photos selected at once all reach the gallery with no click after the selection', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      // The 429s and the dropped connections below are expected; anything else is not.
      if (message.type() === 'error' && !/429|ERR_CONNECTION_RESET|Failed to load resource/.test(message.text())) problems.push(message.text());
    });
    const limited: string[] = [];
    page.on('response', (res) => {
      if (res.status() === 429) limited.push(res.headers()['retry-after'] ?? '');
    });
    // Every tenth file's first PUT to storage drops mid-way, as on a dock with a weak signal.
    const dropped = new Set<string>();
    let puts = 0;
    await page.route('**/*', async (route) => {
      const request = route.request();
      if (request.method() === 'PUT') {
        const key = new URL(request.url()).pathname;
        if (++puts % 10 === 1 && !dropped.has(key)) {
          dropped.add(key);
          return route.abort('connectionreset');
        }
      }
      return route.continue();
    });

    await page.goto(guestUrl);
    const html = await page.content();
    expectNoMoneyOrGuestContact('the guest page', html);
    expect(await page.locator('a[href^="tel:"]').textContent()).toBe('Call +1 (619) 555-0188');
    expect(await page.textContent('#trip ~ dl, section[aria-labelledby=trip]')).toContain('Harbor Charters');

    const button = page.locator('label.pick');
    await expect.poll(() => page.locator('#files').isEnabled()).toBe(true);
    expect(await button.isVisible()).toBe(true);
    const box = await button.boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(48);

    const files = Array.from({ length: 100 }, (_, i) => ({
      name: `IMG_${String(1000 + i)}.png`,
      mimeType: 'image/png',
      buffer: png((i * 37) % 256, (i * 91) % 256, (i * 53) % 256),
    }));
    const started = Date.now();
    await page.locator('#files').setInputFiles(files);
    // One line for the whole batch; nothing is pressed from here on.
    await expect.poll(() => page.textContent('#overall'), { timeout: 5_000 }).toMatch(/^\d+ of 100 shared/);
    await expect.poll(() => page.textContent('#overall'), { timeout: 120_000, interval: 500 }).toBe('100 of 100 shared');
    const seconds = (Date.now() - started) / 1000;
    await expect.poll(() => page.locator('#gallery img').count(), { timeout: 15_000 }).toBe(100);
    expect(await page.locator('#uploads li').count()).toBe(100);
    expect(await page.locator('#uploads button:visible').count()).toBe(0);

    // The limit was met and waited out, by the page itself.
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.every((value) => /^\d+$/.test(value))).toBe(true);
    expect(dropped.size).toBeGreaterThan(0);
    console.log(`100 photos shared in ${seconds.toFixed(1)} s; ${limited.length} answers 429, ${dropped.size} connections dropped`);

    const gallery = await page.evaluate(async (s) => (await fetch(`/g/${s}/photos`)).text(), slug);
    expect(JSON.parse(gallery).photos).toHaveLength(100);
    expectNoMoneyOrGuestContact('the gallery', gallery);

    // Tap a photo: it opens full size with a download link; Escape closes it.
    await page.locator('#gallery a').first().click();
    await expect.poll(() => page.locator('#viewer').isVisible()).toBe(true);
    await expect.poll(() => page.locator('#viewer img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(16);
    expect(await page.locator('#viewer-save').getAttribute('download')).toMatch(/\.png$/);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#viewer').isVisible()).toBe(false);

    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, 'guest-camera-roll.png') });
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);
});
