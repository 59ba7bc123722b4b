import { startTestApp, type TestApp } from '@scc/test/support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

describe('/settings', () => {
  it('reads every section with its defaults before anything is saved', async () => {
    const res = await t.call('GET', '/settings');

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      turnaroundMinutes: { default: 0, boats: {} },
      operator: { timezone: 'UTC' },
      notifications: { crewReminderAt: '18:00', guestReminderAt: '10:00', digestAt: '07:30' },
      guestPage: { uploadGraceMinutes: 0, checklist: 'items' },
      photos: { maxPerTrip: 2000 },
    });
  });

  it('PATCH keeps what it does not name; PUT puts every section left out back to its default', async () => {
    await t.call('PATCH', '/settings', { operator: { name: 'Bay Charters', email: 'ops@example.com', timezone: 'America/Los_Angeles' } });
    const patched = await t.call('PATCH', '/settings', { guestPage: { uploadGraceMinutes: 120 }, turnaroundMinutes: { default: 30, boats: {} } });

    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      operator: { name: 'Bay Charters', email: 'ops@example.com', timezone: 'America/Los_Angeles' },
      guestPage: { uploadGraceMinutes: 120, checklist: 'items' },
      turnaroundMinutes: { default: 30 },
    });
    expect(await (await t.call('GET', '/settings')).json()).toMatchObject({ operator: { name: 'Bay Charters' }, guestPage: { uploadGraceMinutes: 120 } });

    const replaced = await t.call('PUT', '/settings', { turnaroundMinutes: { default: 0, boats: { JADA: 60 } } });

    expect(await replaced.json()).toMatchObject({ operator: { timezone: 'UTC' }, guestPage: { uploadGraceMinutes: 0 }, turnaroundMinutes: { boats: { JADA: 60 } } });
    expect((await (await t.call('GET', '/settings')).json()).operator).toEqual({ timezone: 'UTC' });
  });

  it('refuses a bad time with a 400 naming the field, and changes nothing', async () => {
    const before = await (await t.call('GET', '/settings')).json();

    const res = await t.call('PATCH', '/settings', { notifications: { digestAt: '25:00' } });

    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('invalid_request');
    expect(JSON.stringify(body.error.details)).toContain('notifications.digestAt');
    expect(await (await t.call('GET', '/settings')).json()).toEqual(before);
  });

  it('needs the service key', async () => {
    const res = await t.app.request('/settings', { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
  });
});
