import { createHash } from 'node:crypto';
import { apiError } from './http';
import type { StandInState, StoredStatus } from './state';

/** Google's rule for client-chosen ids: base32hex characters (a-v, 0-9), 5 to 1024 of them. */
const EVENT_ID = /^[a-v0-9]{5,1024}$/;
const STATUSES: ReadonlySet<string> = new Set<StoredStatus>(['confirmed', 'cancelled']);

export const INVALID_CREDENTIALS = apiError(401, 'authError', 'Invalid Credentials', {
  locationType: 'header',
  location: 'Authorization',
});
export const NOT_FOUND = apiError(404, 'notFound', 'Not Found');

export interface Problem {
  reason: string;
  message: string;
}

/** Whether the request carries a bearer token the token endpoint issued and that still works. */
export function isAuthorized(state: StandInState, header: string | undefined): boolean {
  const match = /^Bearer (\S+)$/.exec(header ?? '');
  const expiresAt = match?.[1] === undefined ? undefined : state.accessTokens.get(match[1]);
  return expiresAt !== undefined && state.clock().getTime() < expiresAt;
}

/** A request body must be one JSON object; anything else is Google's `parseError`. */
export function asObject(input: unknown): Record<string, unknown> | undefined {
  return typeof input === 'object' && input !== null && !Array.isArray(input)
    ? (input as Record<string, unknown>)
    : undefined;
}

/** What Google would refuse in a whole event (as inserted, replaced, or after a patch). */
export function checkEvent(fields: Record<string, unknown>): Problem | undefined {
  if (fields.id !== undefined && (typeof fields.id !== 'string' || !EVENT_ID.test(fields.id))) {
    return { reason: 'invalid', message: 'Invalid resource id value.' };
  }
  if (fields.status !== undefined && !STATUSES.has(String(fields.status))) {
    return { reason: 'invalid', message: 'Invalid value for: status' };
  }
  if (typeof fields.summary !== 'string' || fields.summary === '') {
    return { reason: 'required', message: 'Missing summary.' };
  }
  for (const edge of ['start', 'end'] as const) {
    const time = fields[edge] as Record<string, unknown> | undefined;
    if (typeof time !== 'object' || time === null) {
      return { reason: 'required', message: `Missing ${edge} time.` };
    }
    const dateTime = time.dateTime ?? time.date;
    if (typeof dateTime !== 'string' || Number.isNaN(Date.parse(dateTime))) {
      return { reason: 'invalid', message: `Invalid ${edge} time.` };
    }
  }
  if (instant(fields.end) < instant(fields.start)) {
    return { reason: 'timeRangeEmpty', message: 'The specified time range is empty.' };
  }
  return undefined;
}

/** A fresh etag for every stored write, as Google changes it whenever the event changes. */
export function nextEtag(state: StandInState, fields: unknown): string {
  state.revision += 1;
  const hash = createHash('sha256').update(`${state.revision}:${JSON.stringify(fields)}`);
  return `"${hash.digest('hex').slice(0, 16)}"`;
}

export function statusOf(fields: Record<string, unknown>): StoredStatus {
  return fields.status === 'cancelled' ? 'cancelled' : 'confirmed';
}

function instant(time: unknown): number {
  const { dateTime, date } = time as { dateTime?: string; date?: string };
  return Date.parse(dateTime ?? date ?? '');
}
