import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminRig, openConsole, PHONE, shot, signIn, startAdminRig } from './admin-harness';

let rig: AdminRig;

beforeAll(async () => {
  rig = await startAdminRig();
}, 60_000);
afterAll(() => rig?.close());

describe('the Settings screen', () => {
  it('saves every section through the screen, and GET /settings reads them back', async () => {
    // Prepare
    const { page, problems } = await openConsole(rig, PHONE);
    await signIn(page, rig.stack.serviceKey);
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.locator('#settings-form').waitFor({ state: 'visible' });
    // Defaults are shown as values, not left blank.
    expect(await page.getByLabel('Crew reminder').inputValue()).toBe('18:00');
    expect(await page.getByLabel('Morning digest').inputValue()).toBe('07:30');
    expect(await page.getByLabel('Only the progress (“3 of 5 done”)').isChecked()).toBe(false);

    // Act
    await page.getByLabel('Business name').fill('Harbor Charters');
    await page.getByLabel('Phone for guests').fill('+1 619 555 0100');
    await page.getByLabel('Your email').fill('office@harbor.example');
    await page.getByLabel('Your time zone').selectOption('America/Los_Angeles');
    await page.getByLabel('Crew reminder').fill('19:30');
    await page.getByLabel('Guest reminder').fill('09:15');
    await page.getByLabel('Morning digest').fill('06:45');
    await page.getByLabel('Photo uploads after the trip (minutes)').fill('120');
    await page.getByLabel('Only the progress (“3 of 5 done”)').check();
    await page.getByLabel('Photos and videos per trip').fill('800');
    await page.getByLabel('Every boat (minutes)').fill('30');
    await page.getByRole('button', { name: 'Add a boat' }).click();
    await page.getByLabel('Boat', { exact: true }).fill('JADA');
    await page.getByLabel('Minutes', { exact: true }).fill('60');
    await shot(page, 'console-settings-filled');
    await page.getByRole('button', { name: 'Save settings' }).click();

    // Assess
    await expect.poll(() => page.locator('#settings-state').textContent()).toMatch(/^Saved at /);
    const stored = (await rig.call('GET', '/settings')).body;
    // toMatchObject: sections added to the settings later keep their own defaults.
    expect(stored).toMatchObject({
      operator: { name: 'Harbor Charters', phone: '+1 619 555 0100', email: 'office@harbor.example', timezone: 'America/Los_Angeles' },
      notifications: { crewReminderAt: '19:30', guestReminderAt: '09:15', digestAt: '06:45' },
      guestPage: { uploadGraceMinutes: 120, checklist: 'progress' },
      photos: { maxPerTrip: 800 },
      turnaroundMinutes: { default: 30, boats: { JADA: 60 } },
    });
    // An edit after saving is shown as not saved yet.
    await page.getByLabel('Business name').fill('Harbor Charters Co.');
    expect(await page.locator('#settings-state').textContent()).toBe('Unsaved changes.');
    expect(problems).toEqual([]);
  }, 60_000);

  it('shows the API’s refusals beside their fields, saves nothing, and takes a contact value away when it is cleared', async () => {
    // Prepare
    const before = (await rig.call('GET', '/settings')).body;
    const { page, problems } = await openConsole(rig, PHONE, '/admin/settings');
    await signIn(page, rig.stack.serviceKey);
    await page.locator('#settings-form').waitFor({ state: 'visible' });

    // Act: an address that is not one, and a photo limit of nothing.
    await page.getByLabel('Your email').fill('not-an-email');
    await page.getByLabel('Photos and videos per trip').fill('');
    await page.getByRole('button', { name: 'Save settings' }).click();

    // Assess
    const emailError = page.locator('#set-email-error');
    await emailError.waitFor({ state: 'visible' });
    expect(await emailError.textContent()).toBe('Use a valid email address');
    expect(await page.getByLabel('Your email').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#set-max-photos-error').textContent()).toMatch(/Enter the photos and videos per trip/);
    expect(await page.locator('.error-summary').textContent()).toContain('The settings were not saved');
    expect((await rig.call('GET', '/settings')).body).toEqual(before);
    await shot(page, 'console-settings-errors');

    // Act: fixed, and the phone number taken away.
    await page.getByLabel('Your email').fill('office@harbor.example');
    await page.getByLabel('Photos and videos per trip').fill('900');
    await page.getByLabel('Phone for guests').fill('');
    await page.getByRole('button', { name: 'Save settings' }).click();

    // Assess
    await expect.poll(() => page.locator('#settings-state').textContent()).toMatch(/^Saved at /);
    const after = (await rig.call('GET', '/settings')).body;
    expect(after.operator).toEqual({ name: before.operator.name, email: 'office@harbor.example', timezone: before.operator.timezone });
    expect(after.photos).toEqual({ maxPerTrip: 900 });
    expect(after.turnaroundMinutes).toEqual(before.turnaroundMinutes);
    expect(problems).toEqual([]);
  }, 60_000);
});
