// Parsing settings and reporting every problem, with nothing but zod: infra/config.ts (the SST
// program) uses it too, without pulling in the API.
import type * as z from 'zod';

/**
 * Settings that cannot work as given, all of them at once: a start that stops at the first
 * problem makes an operator fix one variable per deploy. `problems` names each variable with
 * what is wrong; the message lists them, one a line. Secret values are never quoted.
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
