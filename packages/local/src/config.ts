import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { magicLinkKeysSetting, parseSettings, publicUrlSetting, SettingsError, unsetOr } from '@scc/api';
import * as z from 'zod';

export interface LocalConfig {
  /** Address every server binds to; loopback unless HOST says otherwise. */
  host: string;
  port: number;
  dynamoPort: number;
  s3Port: number;
  sesPort: number;
  dataDir: string;
  /** Raw service key from SERVICE_KEY; otherwise one is generated and kept in dataDir. */
  serviceKey?: string;
  /** MAGIC_LINK_KEYS (`kid:secret,…`); otherwise generated and kept in dataDir. */
  magicLinkKeys?: string;
  /** Where guests and crew reach SCC; the API's own URL unless PUBLIC_URL says otherwise. */
  publicUrl?: string;
  emailFrom: string;
  google?: GoogleSettings;
  /**
   * Without a Google service account: `standin` runs the local Calendar stand-in (the
   * default, so the calendar step does its work on a first `npm start`), `off` skips the step.
   * A configured service account is used whatever this says.
   */
  localCalendar: 'standin' | 'off';
  /** LOCAL_GOOGLE_PORT: the stand-in's port; a free one by default, as nothing needs it fixed. */
  googlePort: number;
  /** CHANNEL_SYNC_MINUTES: how often every channel's feed is synced (as the Cron does in AWS); 0 turns it off. */
  channelSyncMinutes: number;
}

/** Google Calendar is used only when a service-account key is configured. */
export interface GoogleSettings {
  serviceAccountJson: string;
  calendarId: string;
  subject?: string;
  apiBaseUrl?: string;
}

/**
 * The local stack's settings error is the API's SettingsError (every problem, named, at once);
 * the old name stays for the callers and tests that use it.
 */
export const LocalConfigError = SettingsError;
export type LocalConfigError = SettingsError;

/** An unset and an empty variable mean the same: the default. */
const optional = z
  .string()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

const port = (fallback: number) =>
  optional.transform((raw, ctx) => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (Number.isInteger(value) && value >= 0 && value <= 65535) return value;
    ctx.addIssue({ code: 'custom', message: `must be a port number from 0 to 65535, not "${raw}"` });
    return z.NEVER;
  });

/** Keyed by variable name, so each problem names the variable to fix. */
function schemaFor(cwd: string) {
  return z
    .object({
      HOST: optional,
      PORT: port(3000),
      LOCAL_DYNAMODB_PORT: port(8000),
      LOCAL_S3_PORT: port(4568),
      LOCAL_SES_PORT: port(8005),
      LOCAL_GOOGLE_PORT: port(0),
      SCC_DATA_DIR: optional,
      SERVICE_KEY: optional,
      MAGIC_LINK_KEYS: optional.pipe(magicLinkKeysSetting.optional()),
      PUBLIC_URL: optional.pipe(publicUrlSetting.optional()),
      SCC_EMAIL_FROM: optional,
      LOCAL_CALENDAR: optional.pipe(
        z.enum(['standin', 'off'], { error: unsetOr('must be "standin" or "off"') }).default('standin'),
      ),
      GOOGLE_SERVICE_ACCOUNT_JSON: optional,
      GOOGLE_SERVICE_ACCOUNT_FILE: optional.transform((file, ctx) => {
        if (file === undefined) return undefined;
        try {
          return readFileSync(resolve(cwd, file), 'utf8');
        } catch {
          ctx.addIssue({ code: 'custom', message: `cannot read ${file}` });
          return z.NEVER;
        }
      }),
      GOOGLE_CALENDAR_ID: optional,
      GOOGLE_CALENDAR_SUBJECT: optional,
      GOOGLE_API_BASE_URL: optional,
      CHANNEL_SYNC_MINUTES: optional.transform((raw, ctx) => {
        if (raw === undefined) return 15;
        const value = Number(raw);
        if (Number.isInteger(value) && value >= 0 && value <= 24 * 60) return value;
        ctx.addIssue({ code: 'custom', message: `must be whole minutes from 0 (off) to 1440, not "${raw}"` });
        return z.NEVER;
      }),
    })
    .refine((raw) => !(raw.GOOGLE_SERVICE_ACCOUNT_JSON || raw.GOOGLE_SERVICE_ACCOUNT_FILE) || raw.GOOGLE_CALENDAR_ID, {
      path: ['GOOGLE_CALENDAR_ID'],
      message: 'is not set: set it to the calendar the service account may write to',
      // Checked even when other variables are bad, so one start lists every problem.
      when: () => true,
    })
    .transform((raw): LocalConfig => {
      const json = raw.GOOGLE_SERVICE_ACCOUNT_JSON ?? raw.GOOGLE_SERVICE_ACCOUNT_FILE;
      return {
        host: raw.HOST ?? '127.0.0.1',
        port: raw.PORT,
        dynamoPort: raw.LOCAL_DYNAMODB_PORT,
        s3Port: raw.LOCAL_S3_PORT,
        sesPort: raw.LOCAL_SES_PORT,
        dataDir: resolve(cwd, raw.SCC_DATA_DIR ?? '.local'),
        ...(raw.SERVICE_KEY ? { serviceKey: raw.SERVICE_KEY } : {}),
        ...(raw.MAGIC_LINK_KEYS ? { magicLinkKeys: raw.MAGIC_LINK_KEYS } : {}),
        ...(raw.PUBLIC_URL ? { publicUrl: raw.PUBLIC_URL } : {}),
        emailFrom: raw.SCC_EMAIL_FROM ?? 'ShipCaptainCrew <crew@shipcaptaincrew.local>',
        ...(json && raw.GOOGLE_CALENDAR_ID
          ? {
              google: {
                serviceAccountJson: json,
                calendarId: raw.GOOGLE_CALENDAR_ID,
                ...(raw.GOOGLE_CALENDAR_SUBJECT ? { subject: raw.GOOGLE_CALENDAR_SUBJECT } : {}),
                ...(raw.GOOGLE_API_BASE_URL ? { apiBaseUrl: raw.GOOGLE_API_BASE_URL } : {}),
              },
            }
          : {}),
        localCalendar: raw.LOCAL_CALENDAR,
        googlePort: raw.LOCAL_GOOGLE_PORT,
        channelSyncMinutes: raw.CHANNEL_SYNC_MINUTES,
      };
    });
}

/** The local stack's settings from the environment, or SettingsError naming every bad one. */
export function readLocalConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): LocalConfig {
  // Only the variables the schema knows: the rest of the environment is none of its business.
  const schema = schemaFor(cwd);
  const raw = Object.fromEntries(Object.keys(schema.in.shape).map((name) => [name, env[name]]));
  return parseSettings('Local stack settings', schema, raw);
}
