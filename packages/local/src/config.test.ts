import { SettingsError } from '@scc/api';
import { describe, expect, it } from 'vitest';
import { LocalConfigError, readLocalConfig } from './config';

function settingsError(read: () => unknown): SettingsError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return error as SettingsError;
  }
  throw new Error('expected a SettingsError');
}

describe('readLocalConfig', () => {
  it('defaults everything on an empty environment', () => {
    expect(readLocalConfig({}, '/repo')).toEqual({
      host: '127.0.0.1',
      port: 3000,
      dynamoPort: 8000,
      s3Port: 4568,
      sesPort: 8005,
      dataDir: '/repo/.local',
      emailFrom: 'ShipCaptainCrew <crew@shipcaptaincrew.local>',
      localCalendar: 'standin',
      googlePort: 0,
      channelSyncMinutes: 15,
    });
  });

  it('names every bad variable in one error', () => {
    const error = settingsError(() =>
      readLocalConfig(
        {
          PORT: 'eighty',
          LOCAL_S3_PORT: '70000',
          LOCAL_CALENDAR: 'google',
          PUBLIC_URL: 'phone.local:3000',
          MAGIC_LINK_KEYS: 'nocolon',
          GOOGLE_SERVICE_ACCOUNT_FILE: 'no-such-key.json',
        },
        '/nowhere',
      ),
    );
    expect(error.problems).toEqual([
      'PORT: must be a port number from 0 to 65535, not "eighty"',
      'LOCAL_S3_PORT: must be a port number from 0 to 65535, not "70000"',
      'MAGIC_LINK_KEYS: MAGIC_LINK_KEYS must be comma-separated kid:secret pairs',
      'PUBLIC_URL: must be an http(s) URL',
      'LOCAL_CALENDAR: must be "standin" or "off"',
      'GOOGLE_SERVICE_ACCOUNT_FILE: cannot read no-such-key.json',
      'GOOGLE_CALENDAR_ID: is not set: set it to the calendar the service account may write to',
    ]);
    expect(error.message).toMatch(/^Local stack settings: 7 settings are missing or bad:\n {2}- PORT: /);
    // The name main.ts and older tests catch is the same class.
    expect(error).toBeInstanceOf(LocalConfigError);
  });

  it('takes Google settings when a key and a calendar are given', () => {
    expect(
      readLocalConfig({ GOOGLE_SERVICE_ACCOUNT_JSON: '{}', GOOGLE_CALENDAR_ID: 'ops@charters.example', GOOGLE_CALENDAR_SUBJECT: 'ops@charters.example' }).google,
    ).toEqual({ serviceAccountJson: '{}', calendarId: 'ops@charters.example', subject: 'ops@charters.example' });
  });
});
