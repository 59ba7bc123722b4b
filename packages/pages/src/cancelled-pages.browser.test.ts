import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CrewPageView, GuestPageView } from '@scc/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../test/browser/chromium';
import { renderCrewPage } from './crew-page';
import { renderGuestPage } from './guest-page';
import { assetContentType, ASSETS_PATH } from './static-assets';

/**
 * The pages' own scripts, run in Chromium against a stubbed server that says uploads are open
 * and the checklist is live: a cancelled page must stay closed regardless of what it is told.
 */
const ORIGIN = 'http://scc.test';
// Where `npm run build:web` writes the scripts the pages link (the edge serves them in the stack).
const ASSETS_DIR = join(import.meta.dirname, '..', '..', '..', 'web', 'dist', 'assets');
// A 1×1 PNG, so the gallery has a real image to show.
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const trip = {
  title: 'Sunset sail',
  start: '2099-07-04T18:00:00-07:00',
  end: '2099-07-04T21:00:00-07:00',
  timezone: 'America/Los_Angeles',
  boat: 'JADA',
  meetingPoint: 'Harbor Island West Marina, Dock C',
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Serves `html` at `path`, the pages' scripts from web/dist/assets, and answers every API call
 * from `api`; nothing leaves the machine.
 */
async function open(path: string, html: string, api: Record<string, unknown>): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) return route.abort();
    if (url.pathname === path) return route.fulfill({ contentType: 'text/html', body: html });
    if (url.pathname === '/photo.png') return route.fulfill({ contentType: 'image/png', body: PIXEL });
    if (url.pathname.startsWith(ASSETS_PATH)) {
      const file = url.pathname.slice(ASSETS_PATH.length);
      const contentType = assetContentType(file);
      if (!contentType) return route.fulfill({ status: 404, body: '' });
      return route.fulfill({ contentType, body: await readFile(join(ASSETS_DIR, file)) });
    }
    const body = api[url.pathname];
    return body ? route.fulfill({ json: body }) : route.fulfill({ status: 404, json: {} });
  });
  const page = await context.newPage();
  await page.goto(`${ORIGIN}${path}`);
  return page;
}

describe('guest page script', () => {
  const view: GuestPageView = { ...trip, slug: 'sunset-abc', crew: [], checklist: [] };
  const api = {
    '/g/sunset-abc/photos': {
      uploadsOpen: true,
      closesAt: new Date(trip.end).toISOString(),
      serverTime: new Date().toISOString(),
      photos: [{ photoId: 'p1', contentType: 'image/png', url: `${ORIGIN}/photo.png` }],
    },
    '/g/sunset-abc/checklist': { items: [] },
  };

  it('opens uploads on a trip that is going ahead (the stub is honoured)', async () => {
    const page = await open('/g/sunset-abc', renderGuestPage(view), api);
    await expect.poll(() => page.locator('#gallery img').count()).toBe(1);
    expect(await page.locator('input[type=file]').isEnabled()).toBe(true);
    await page.context().close();
  });

  it('never offers an upload on a cancelled trip, even when the server says open, and still shows the photos', async () => {
    const page = await open('/g/sunset-abc', renderGuestPage({ ...view, cancelled: true }), api);
    await expect.poll(() => page.locator('#gallery img').count()).toBe(1);
    expect(await page.locator('input[type=file]').count()).toBe(0);
    expect(await page.textContent('#upload-window')).toContain('Uploads are closed because the trip was cancelled');
    await page.context().close();
  });
});

describe('crew page script', () => {
  const view: CrewPageView = {
    ...trip,
    eventId: 'evt_1',
    viewerName: 'Ana',
    guestCount: 6,
    notes: '',
    crew: [{ name: 'Ana', role: 'captain' }],
    checklist: [{ taskId: 't1', label: 'Check fuel', done: false }],
  };
  // The server reports the task done since the page was rendered: seeing the tick proves the
  // script ran and refreshed, so "still disabled" is not just "the script never ran".
  const api = { '/c/evt_1/state': { checklist: [{ taskId: 't1', label: 'Check fuel', done: true, doneBy: 'Ben' }] } };

  async function refreshed(page: Page) {
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    const box = page.getByLabel('Check fuel');
    await expect.poll(() => box.isChecked()).toBe(true);
    return box;
  }

  it('enables the checklist on a trip that is going ahead', async () => {
    const page = await open('/c/evt_1', renderCrewPage(view), api);
    expect(await (await refreshed(page)).isEnabled()).toBe(true);
    await page.context().close();
  });

  it('keeps the checklist read-only on a cancelled trip, and counts down to nothing', async () => {
    const page = await open('/c/evt_1', renderCrewPage({ ...view, cancelled: true }), api);
    expect(await (await refreshed(page)).isDisabled()).toBe(true);
    expect(await page.textContent('#countdown')).toBe('');
    await page.context().close();
  });
});
