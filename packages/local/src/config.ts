import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

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
}

/** Google Calendar is used only when a service-account key is configured. */
export interface GoogleSettings {
  serviceAccountJson: string;
  calendarId: string;
  subject?: string;
  apiBaseUrl?: string;
}

export class LocalConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LocalConfigError';
  }
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new LocalConfigError(`${name} must be a port number from 0 to 65535, not "${raw}"`);
  }
  return value;
}

function localCalendar(env: NodeJS.ProcessEnv): 'standin' | 'off' {
  const raw = env.LOCAL_CALENDAR;
  if (raw === undefined || raw === '' || raw === 'standin') return 'standin';
  if (raw === 'off') return 'off';
  throw new LocalConfigError(`LOCAL_CALENDAR must be "standin" or "off", not "${raw}"`);
}

function google(env: NodeJS.ProcessEnv, cwd: string): GoogleSettings | undefined {
  const file = env.GOOGLE_SERVICE_ACCOUNT_FILE;
  let json = env.GOOGLE_SERVICE_ACCOUNT_JSON;
  if (!json && file) {
    try {
      json = readFileSync(resolve(cwd, file), 'utf8');
    } catch (cause) {
      throw new LocalConfigError(`Cannot read GOOGLE_SERVICE_ACCOUNT_FILE ${file}`, { cause });
    }
  }
  if (!json) return undefined;
  if (!env.GOOGLE_CALENDAR_ID) {
    throw new LocalConfigError('Set GOOGLE_CALENDAR_ID to the calendar the service account may write to');
  }
  return {
    serviceAccountJson: json,
    calendarId: env.GOOGLE_CALENDAR_ID,
    ...(env.GOOGLE_CALENDAR_SUBJECT ? { subject: env.GOOGLE_CALENDAR_SUBJECT } : {}),
    ...(env.GOOGLE_API_BASE_URL ? { apiBaseUrl: env.GOOGLE_API_BASE_URL } : {}),
  };
}

export function readLocalConfig(
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): LocalConfig {
  const googleSettings = google(env, cwd);
  return {
    host: env.HOST || '127.0.0.1',
    port: port(env, 'PORT', 3000),
    dynamoPort: port(env, 'LOCAL_DYNAMODB_PORT', 8000),
    s3Port: port(env, 'LOCAL_S3_PORT', 4568),
    sesPort: port(env, 'LOCAL_SES_PORT', 8005),
    dataDir: resolve(cwd, env.SCC_DATA_DIR || '.local'),
    ...(env.SERVICE_KEY ? { serviceKey: env.SERVICE_KEY } : {}),
    ...(env.MAGIC_LINK_KEYS ? { magicLinkKeys: env.MAGIC_LINK_KEYS } : {}),
    ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
    emailFrom: env.SCC_EMAIL_FROM || 'ShipCaptainCrew <crew@shipcaptaincrew.local>',
    ...(googleSettings ? { google: googleSettings } : {}),
    localCalendar: localCalendar(env),
    googlePort: port(env, 'LOCAL_GOOGLE_PORT', 0),
  };
}
