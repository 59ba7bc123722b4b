import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminRig, fillBooking, openConsole, PHONE, shot, signIn, startAdminRig } from './admin-harness';

let rig: AdminRig;

beforeAll(async () => {
  rig = await startAdminRig();
}, 60_000);
afterAll(() => rig?.close());

/** The error shown for a control, found the way assistive technology finds it. */
async function errorFor(page: Page, selector: string) {
  return page.locator(selector).evaluate((control) => {
    const ids = (control.getAttribute('aria-describedby') ?? '').split(' ');
    const error = ids.map((id) => document.getElementById(id)).find((el) => el?.classList.contains('field-error') && !el.hidden);
    return { invalid: control.getAttribute('aria-invalid'), message: error?.textContent ?? null };
  });
}

describe('the admin console on a phone: signing in, the roster, and errors next to their fields', () => {
  it('refuses a wrong key clearly, manages the roster, and shows every error where it belongs', async () => {
    const { page, problems, foreign } = await openConsole(rig, PHONE, '/admin/new');

    // The shell: public, strict, never cached or framed.
    const shell = await fetch(`${rig.stack.apiUrl}/admin/bookings/bk_anything`);
    expect(shell.status).toBe(200);
    const csp = shell.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    expect(shell.headers.get('referrer-policy')).toBe('no-referrer');
    expect(shell.headers.get('cache-control')).toBe('no-store');
    expect(shell.headers.get('x-frame-options')).toBe('DENY');

    // A wrong key: a clear error next to the field, nothing kept.
    await page.getByLabel('Service key').fill('scc_not-the-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => errorFor(page, '#service-key')).toEqual({
      invalid: 'true',
      message: 'That service key was not accepted. Check it and try again.',
    });
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await shot(page, 'admin-phone-wrong-key');
    await signIn(page, rig.stack.serviceKey);
    // Signed in, the address asked for opens.
    expect(await page.locator('h1').textContent()).toBe('New booking');

    // The roster: add, edit, deactivate, reactivate.
    await page.getByRole('link', { name: 'Crew', exact: true }).click();
    await page.getByLabel('Name').fill('Cara Diaz');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Add to roster' }).click();
    await expect.poll(() => errorFor(page, '#new-crew-email')).toEqual({ invalid: 'true', message: 'Use a valid email address' });
    await page.getByLabel('Email').fill('cara@example.com');
    await page.getByRole('button', { name: 'Add to roster' }).click();
    const cara = page.locator('.member', { hasText: 'Cara Diaz' });
    await cara.waitFor();
    await page.getByRole('button', { name: 'Edit Cara Diaz' }).click();
    await page.getByLabel('Phone (optional)').last().fill('+16195550177');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => cara.textContent()).toContain('+16195550177');
    await page.getByRole('button', { name: 'Deactivate Cara Diaz' }).click();
    await expect.poll(() => cara.textContent()).toContain('Inactive');
    await page.getByRole('button', { name: 'Reactivate Cara Diaz' }).click();
    await expect.poll(() => cara.textContent()).not.toContain('Inactive');
    const [member] = (await rig.call('GET', '/crew')).body.items;
    expect(member).toMatchObject({ name: 'Cara Diaz', phone: '+16195550177', active: true });
    await shot(page, 'admin-phone-crew');

    // Validation in the browser, with the API's own schema: each error next to its field.
    await page.getByRole('link', { name: 'New booking', exact: true }).click();
    await fillBooking(page, { externalId: 'BS-FORM-1', title: '', start: '18:00', end: '17:00', crew: [{ label: 'Cara Diaz (cara@example.com)', role: 'captain' }] });
    await page.fill('#f-revenue', '1,850.123');
    await page.getByRole('button', { name: 'Create booking' }).click();
    await expect.poll(() => errorFor(page, '#end-date')).toEqual({ invalid: 'true', message: 'The end must be after the start' });
    expect(await errorFor(page, '#end-time')).toEqual({ invalid: 'true', message: 'The end must be after the start' });
    expect(await errorFor(page, '#f-title')).toEqual({ invalid: 'true', message: 'Enter a title' });
    expect(await errorFor(page, '#f-revenue')).toEqual({ invalid: 'true', message: 'USD amounts have at most 2 decimals' });
    expect(await errorFor(page, '#start-date')).toEqual({ invalid: null, message: null });
    expect(await page.locator('.error-summary').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await shot(page, 'admin-phone-errors');
    expect((await rig.call('GET', '/bookings')).body.items).toEqual([]);

    // The API's own refusals land on the right field too: a crew member deactivated meanwhile…
    await page.fill('#f-title', 'Sunset sail — Diaz crew');
    await page.fill('#end-time', '21:00');
    await page.fill('#f-revenue', '1,850.00');
    expect(await errorFor(page, '#f-title')).toEqual({ invalid: null, message: null });
    await rig.call('DELETE', `/crew/${member.crewId}`);
    await page.getByRole('button', { name: 'Create booking' }).click();
    await expect.poll(() => errorFor(page, '#crew-rows select')).toEqual({
      invalid: 'true',
      message: 'Deactivated since this form opened: choose someone else',
    });
    expect(await page.locator('#f-title').isEnabled()).toBe(true);

    // …and a reference already booked with other details.
    await rig.call('PATCH', `/crew/${member.crewId}`, { active: true });
    const other = await rig.call('POST', '/bookings', {
      source: 'boatsetter',
      externalId: 'BS-FORM-2',
      title: 'Another title',
      start: '2027-07-04T18:00:00-07:00',
      end: '2027-07-04T21:00:00-07:00',
      timezone: 'America/Los_Angeles',
      boat: 'JADA',
      meetingPoint: 'Harbor Island West Marina, Dock C',
      guest: { name: 'Jane Smith', count: 6 },
      finance: { revenue: 185000, captainFee: 35000, platformFee: 27750, currency: 'USD' },
    });
    expect(other.status).toBe(201);
    await page.fill('#f-externalId', 'BS-FORM-2');
    await page.getByRole('button', { name: 'Create booking' }).click();
    await expect.poll(() => errorFor(page, '#f-externalId')).toEqual({ invalid: 'true', message: 'Already booked with other details' });
    expect(await errorFor(page, '#f-title')).toMatchObject({ invalid: 'true', message: expect.stringMatching(/Differs/) });
    expect(await page.getByRole('link', { name: 'Open the saved booking' }).getAttribute('href')).toBe(`/admin/bookings/${other.body.bookingId}`);

    // Signing out forgets the key.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sign in');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.reload();
    expect(await page.locator('h1').textContent()).toBe('Sign in');

    expect(foreign).toEqual([]);
    // The wrong key's 401 is the one resource error the console may log.
    expect(problems).toEqual([]);
  }, 40_000);
});
