import * as z from 'zod';
import { parseMagicLinkKeys } from './magic-links';

/**
 * Settings that cannot work as given, all of them at once: a start that stops at the first
 * problem makes an operator fix one variable per deploy. `problems` names each variable with
 * what is wrong; the message lists them, one a line. Values are never quoted, as some are secret.
 */
export class SettingsError extends Error {
  readonly problems: readonly string[];

  constructor(where: string, problems: readonly string[], options?: { cause?: unknown }) {
    super(`${where}: ${problems.length === 1 ? 'a setting is' : `${problems.length} settings are`} missing or bad:\n${problems.map((p) => `  - ${p}`).join('\n')}`, options);
    this.name = 'SettingsError';
    this.problems = problems;
  }
}

/**
 * A rule's own message, or "is not set" when there is no value at all: a schema's own error
 * wins over the per-parse one in parseSettings, so rules with a message use this.
 */
export const unsetOr =
  (message: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? 'is not set' : message;

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

/**
 * Parses raw settings keyed by the names an operator sets (environment variables, SST links),
 * so each problem names the variable to fix. Throws SettingsError listing every problem.
 */
export function parseSettings<T extends z.ZodType>(where: string, schema: T, raw: Record<string, unknown>): z.output<T> {
  const result = schema.safeParse(raw, {
    error: (issue) => (issue.input === undefined ? 'is not set' : undefined),
  });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(settings)'}: ${issue.message}`);
  throw new SettingsError(where, problems, { cause: result.error });
}
