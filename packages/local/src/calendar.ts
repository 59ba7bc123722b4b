import { join } from 'node:path';
import type { CalendarPort } from '@scc/core';
import { GoogleCalendar, lazyCalendar, parseServiceAccountKey } from '@scc/google';
import { type GoogleStandIn, startGoogleStandIn } from '@scc/google-standin';
import type { LocalConfig } from './config';

/** Where the calendar step writes: Google itself, the local stand-in, or nowhere. */
export type CalendarMode = 'google' | 'local stand-in' | 'off';

/** The stand-in's one calendar; fixed, so events kept in the data folder are found again. */
export const LOCAL_CALENDAR_ID = 'local@scc.local';

/** The stand-in's events, kept across restarts like the rest of the data folder. */
export const STANDIN_EVENTS_FILE = 'google-calendar.json';

export interface LocalCalendar {
  mode: CalendarMode;
  port?: CalendarPort;
  /** The stand-in, when it runs; its page and JSON show what the calendar step wrote. */
  standIn?: GoogleStandIn;
  close(): Promise<void>;
}

/**
 * A configured service account means Google; otherwise the stand-in, on this machine, reached
 * by the very same GoogleCalendar client (JWT grant, bearer token, the same API calls), so a
 * first `npm start` exercises the real code path; or nothing, with LOCAL_CALENDAR=off.
 */
export async function startLocalCalendar(
  config: LocalConfig,
  listen: (start: () => Promise<GoogleStandIn>) => Promise<GoogleStandIn>,
): Promise<LocalCalendar> {
  if (config.google) {
    const google = config.google;
    // Built on first use: a malformed key fails the calendar step, saying why, not the start.
    const port = lazyCalendar(
      () =>
        new GoogleCalendar({
          serviceAccount: parseServiceAccountKey(google.serviceAccountJson),
          calendarId: google.calendarId,
          ...(google.subject ? { subject: google.subject } : {}),
          ...(google.apiBaseUrl ? { apiBaseUrl: google.apiBaseUrl } : {}),
        }),
    );
    return { mode: 'google', port, close: async () => {} };
  }
  if (config.localCalendar === 'off') return { mode: 'off', close: async () => {} };
  const standIn = await listen(() =>
    startGoogleStandIn({
      host: config.host,
      port: config.googlePort,
      eventsFile: join(config.dataDir, STANDIN_EVENTS_FILE),
    }),
  );
  const port = new GoogleCalendar({
    serviceAccount: parseServiceAccountKey(standIn.serviceAccountJson),
    calendarId: LOCAL_CALENDAR_ID,
    apiBaseUrl: standIn.url,
  });
  return { mode: 'local stand-in', port, standIn, close: () => standIn.close() };
}
