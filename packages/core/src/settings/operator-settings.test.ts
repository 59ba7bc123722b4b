import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, mergeSettings, resolveSettings, settingsSchema } from './operator-settings';

describe('operator settings', () => {
  it('fills every section a stored item lacks with its defaults', () => {
    const settings = resolveSettings({ turnaroundMinutes: { default: 15, boats: { JADA: 60 } } });

    expect(settings).toEqual({ ...DEFAULT_SETTINGS, turnaroundMinutes: { default: 15, boats: { JADA: 60 } } });
  });

  it('a patch changes only the keys it names and keeps other sections', () => {
    const current = resolveSettings({ operator: { name: 'Bay Charters', phone: '+1 555 0100', timezone: 'America/Los_Angeles' } });

    const next = mergeSettings(current, { operator: { email: 'ops@example.com' }, notifications: { digestAt: '06:45' } });

    expect(next.operator).toEqual({ name: 'Bay Charters', phone: '+1 555 0100', email: 'ops@example.com', timezone: 'America/Los_Angeles' });
    expect(next.notifications).toEqual({ crewReminderAt: '18:00', guestReminderAt: '10:00', digestAt: '06:45' });
    expect(next.turnaroundMinutes).toEqual(current.turnaroundMinutes);
  });

  it('refuses times that are not 24-hour HH:MM, unknown zones and unknown keys', () => {
    const bad = settingsSchema.safeParse({
      notifications: { digestAt: '7:30' },
      operator: { timezone: 'Mars/Olympus' },
      photos: { maxPerTrip: 0, perGuest: 5 },
    });

    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['notifications.digestAt', 'operator.timezone', 'photos', 'photos.maxPerTrip']);
  });
});
