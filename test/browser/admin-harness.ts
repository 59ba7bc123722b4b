import { join } from 'node:path';
import { startGoogleStandIn } from '@scc/test/google-standin';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { startTestStack } from '../support';
import { launchChromium } from './chromium';

export const LAPTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, timezoneId: 'America/Los_Angeles', locale: 'en-US' };
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  timezoneId: 'America/Los_Angeles',
  locale: 'en-US',
};

/** The admin console's tests: the local stack with the Calendar stand-in, and Chromium. */
export async function startAdminRig() {
  const google = await startGoogleStandIn();
  const testStack = await startTestStack(
    {
      GOOGLE_SERVICE_ACCOUNT_JSON: google.serviceAccountJson,
      GOOGLE_CALENDAR_ID: 'charters@example.com',
      GOOGLE_API_BASE_URL: google.url,
    },
    { stepPolicies: { calendar: { timeoutMs: 4000, attempts: 2, backoffMs: 10 } } },
  );
  const { stack, call } = testStack;
  const browser = await launchChromium();
  return {
    stack,
    google,
    browser,
    call,
    close: async () => {
      await browser.close();
      await testStack.stop();
      await google.close();
    },
  };
}

export type AdminRig = Awaited<ReturnType<typeof startAdminRig>>;

/** A page of its own (a fresh sessionStorage), failing the test on any script error or CSP refusal. */
export async function openConsole(rig: AdminRig, options: BrowserContextOptions = LAPTOP, path = '/admin') {
  const context = await rig.browser.newContext(options);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  // Nothing may leave for another origin.
  const origin = new URL(rig.stack.apiUrl).origin;
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:')) foreign.push(url);
  });
  await page.goto(`${rig.stack.apiUrl}${path}`);
  return { page, context, problems, foreign };
}

export async function signIn(page: Page, key: string): Promise<void> {
  await page.getByLabel('Service key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#nav').waitFor({ state: 'visible' });
}

export async function shot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** One screenful (the viewport, as a phone shows it) with `target` scrolled to its top. */
export async function shotAt(page: Page, target: string, name: string): Promise<void> {
  if (!process.env.SCREENSHOT_DIR) return;
  await page.locator(target).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, `${name}.png`) });
}

export interface BookingForm {
  externalId: string;
  title?: string;
  date?: string;
  start?: string;
  end?: string;
  crew?: { label: string; role: string }[];
  revenue?: string;
  captainFee?: string;
  platformFee?: string;
}

/** Fills the new-booking form the way an operator would. */
export async function fillBooking(page: Page, form: BookingForm): Promise<void> {
  const date = form.date ?? '2027-07-04';
  await page.fill('#f-externalId', form.externalId);
  await page.fill('#f-title', form.title ?? 'Sunset sail — Smith party');
  await page.fill('#start-date', date);
  await page.fill('#start-time', form.start ?? '18:00');
  await page.fill('#end-date', date);
  await page.fill('#end-time', form.end ?? '21:00');
  await page.fill('#f-boat', 'JADA');
  await page.fill('#f-meetingPoint', 'Harbor Island West Marina, Dock C');
  await page.fill('#f-whatToBring', 'Sunscreen and soft-soled shoes');
  await page.fill('#f-guest-name', 'Jane Smith');
  await page.fill('#f-guest-email', 'jane.smith@example.com');
  await page.fill('#f-guest-phone', '+16195550123');
  await page.fill('#f-guest-count', '6');
  const crew = form.crew ?? [];
  // The form opens with one (captain) row once the roster is in, if anyone is on it.
  await page.waitForFunction(() => !document.body.textContent?.includes('Loading the roster…'));
  for (const [i, member] of crew.entries()) {
    if (i > 0) await page.getByRole('button', { name: 'Add crew member' }).click();
    await page.getByLabel(`Crew member ${i + 1}`, { exact: true }).selectOption({ label: member.label });
    await page.getByLabel(`Role ${i + 1}`, { exact: true }).fill(member.role);
  }
  const unused = page.getByRole('button', { name: 'Remove crew member 1' });
  if (crew.length === 0 && (await unused.count()) > 0) await unused.click();
  await page.fill('#f-notes', 'Birthday; bring the cake plates');
  await page.fill('#f-revenue', form.revenue ?? '1,850.00');
  await page.fill('#f-captainFee', form.captainFee ?? '350.00');
  await page.fill('#f-platformFee', form.platformFee ?? '277.50');
}

/** The state each step shows: `{ event: 'succeeded', calendar: 'running', … }`. */
export async function stepStates(page: Page): Promise<Record<string, string | null>> {
  return page.$$eval('.steps li[data-step]', (items) =>
    Object.fromEntries(items.map((li) => [li.getAttribute('data-step') ?? '', li.getAttribute('data-status')])),
  );
}
