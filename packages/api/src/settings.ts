import * as z from 'zod';
import { parseMagicLinkKeys } from './magic-links';
import { unsetOr } from './settings-parse';

export { parseSettings, SettingsError, unsetOr } from './settings-parse';

// The values both environments (AWS and the local stack) share, each with one rule; each
// environment's own parse (aws-settings.ts, packages/local/src/config.ts) names them after
// its own variables.

/** Where guests and crew reach SCC; links in emails and pages start with it. */
export const publicUrlSetting = z.url({ protocol: /^https?$/, error: unsetOr('must be an http(s) URL') });

/** `kid:secret,…` (base64url secrets of at least 32 bytes): the first signs crew links, all verify. */
export const magicLinkKeysSetting = z.string().superRefine((value, ctx) => {
  try {
    parseMagicLinkKeys(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
  }
});

/**
 * Google Calendar, optional. The key stays raw text here: it is parsed on first calendar use
 * (@scc/google lazyCalendar), so a bad one fails the calendar step, not the start.
 */
export const googleSettings = z.object({
  serviceAccountJson: z.string().min(1),
  calendarId: z.string(),
  subject: z.string().min(1).optional(),
});
export type GoogleSettings = z.infer<typeof googleSettings>;
