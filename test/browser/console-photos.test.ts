import { readFile } from 'node:fs/promises';
import { crc32, deflateSync } from 'node:zlib';
import qrcode from 'qrcode-generator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingBody } from '../support';
import { type AdminRig, openConsole, PHONE, shotAt, signIn, startAdminRig } from './admin-harness';

let rig: AdminRig;

beforeAll(async () => {
  rig = await startAdminRig();
}, 60_000);
afterAll(() => rig?.close());

/** A small solid PNG, so each thumbnail is a real image the browser has to decode. */
function png(rgb: [number, number, number], size = 24): Buffer {
  const chunk = (type: string, body: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type), body])));
    return Buffer.concat([length, Buffer.from(type), body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), ...Array.from({ length: size }, () => Buffer.from(rgb))]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

/** A guest sharing one photo, through the same three calls the guest page makes. */
async function share(slug: string, filename: string, bytes: Buffer): Promise<void> {
  const api = rig.stack.apiUrl;
  const json = { 'Content-Type': 'application/json' };
  const started = await (await fetch(`${api}/g/${slug}/photos`, { method: 'POST', headers: json, body: JSON.stringify({ filename, contentType: 'image/png', size: bytes.length }) })).json();
  const put = await fetch(started.url, { method: 'PUT', headers: started.headers, body: new Uint8Array(bytes) });
  expect(put.status).toBe(200);
  expect((await fetch(`${api}/g/${slug}/photos/${started.photoId}/complete`, { method: 'POST' })).status).toBe(200);
}

const COLOURS: [number, number, number][] = [
  [11, 92, 173],
  [230, 126, 34],
  [39, 174, 96],
  [192, 57, 43],
  [142, 68, 173],
];

describe('the booking detail: the guest link with its QR code, and the guests’ photos', () => {
  it('shows the guest link to copy, its QR code as SVG, every photo, and downloads them all as one zip', async () => {
    // Prepare: a booking whose guests shared five photos.
    const booked = (await rig.call('POST', '/bookings', bookingBody('BS-PHOTOS-UI', { title: 'Sunset sail — Smith party' }))).body;
    const names = COLOURS.map((_, i) => `IMG_10${i}.png`);
    for (const [i, colour] of COLOURS.entries()) await share(booked.slug, names[i]!, png(colour));
    const { page, problems, context } = await openConsole(rig, PHONE, `/admin/bookings/${booked.bookingId}`);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(rig.stack.apiUrl).origin });
    await signIn(page, rig.stack.serviceKey);

    // Act / Assess: the link, copied as it is.
    await page.locator('#guest-link').waitFor();
    expect(await page.locator('#guest-link').getAttribute('href')).toBe(booked.guestUrl);
    await page.getByRole('button', { name: 'Copy the guest page link' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(booked.guestUrl);

    // The QR code: an inline SVG whose modules are exactly the guest URL's code.
    const qr = page.locator('svg#guest-qr');
    expect(await qr.getAttribute('role')).toBe('img');
    const expected = qrcode(0, 'M');
    expected.addData(booked.guestUrl, 'Byte');
    expected.make();
    expect(Number(await qr.getAttribute('data-modules'))).toBe(expected.getModuleCount());
    const dark = await qr.locator('path').getAttribute('d');
    let darkCount = 0;
    for (let r = 0; r < expected.getModuleCount(); r += 1) for (let c = 0; c < expected.getModuleCount(); c += 1) if (expected.isDark(r, c)) darkCount += 1;
    expect(dark?.match(/M/g)?.length).toBe(darkCount);
    await shotAt(page, '#s-guest-page', 'console-guest-link');

    // The photos: every one, loaded through the console's policy from the photo bucket.
    await expect.poll(() => page.locator('#photo-grid img').count()).toBe(5);
    expect(await page.locator('#photos-status').textContent()).toMatch(/^5 photos and videos/);
    await expect
      .poll(() => page.$$eval('#photo-grid img', (imgs) => imgs.filter((img) => (img as HTMLImageElement).naturalWidth === 24).length))
      .toBe(5);
    await shotAt(page, '#s-photos', 'console-photos');

    // Download all: one zip, saved by the browser, holding the five files.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download all (zip)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('sunset-sail-smith-party-photos.zip');
    const zip = await readFile((await file.path()) ?? '');
    expect(zip.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    for (const [i, name] of names.entries()) expect(zip.includes(Buffer.from(`00${i + 1}-${name}`)), name).toBe(true);
    await expect.poll(() => page.locator('#download-status').textContent()).toMatch(/Downloading sunset-sail-smith-party-photos\.zip \(5 files/);
    expect(problems).toEqual([]);
  }, 60_000);

  it('says so when a booking has no photos yet, and offers no download', async () => {
    const booked = (await rig.call('POST', '/bookings', bookingBody('BS-PHOTOS-NONE', { boat: 'Other boat' }))).body;
    const { page, problems } = await openConsole(rig, PHONE, `/admin/bookings/${booked.bookingId}`);
    await signIn(page, rig.stack.serviceKey);

    await expect.poll(() => page.locator('#photos-status').textContent()).toMatch(/^No photos yet/);
    expect(await page.locator('#download-all').count()).toBe(0);
    expect(await page.locator('svg#guest-qr').count()).toBe(1);
    expect(problems).toEqual([]);
  }, 30_000);
});
