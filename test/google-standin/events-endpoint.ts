import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiError, readBody, sendJson } from './http';
import type { StandInState, StoredEvent } from './state';

/** Google's rule for client-chosen ids: base32hex characters (a-v, 0-9), 5 to 1024 of them. */
const EVENT_ID = /^[a-v0-9]{5,1024}$/;

const INVALID_CREDENTIALS = apiError(401, 'authError', 'Invalid Credentials', {
  locationType: 'header',
  location: 'Authorization',
});

/**
 * `POST /calendar/v3/calendars/{calendarId}/events`: events.insert, as far as SCC uses it.
 * Needs a live bearer token from the token endpoint; stores the event per calendar; a second
 * insert with the same id is 409 `duplicate`, as Google answers it.
 */
export async function handleInsert(
  state: StandInState,
  calendarId: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!isAuthorized(state, req.headers.authorization)) {
    sendJson(res, 401, INVALID_CREDENTIALS);
    return;
  }
  let input: unknown;
  try {
    input = JSON.parse(await readBody(req));
  } catch {
    sendJson(res, 400, apiError(400, 'parseError', 'Parse Error'));
    return;
  }
  const problem = validate(input);
  if (problem) {
    sendJson(res, 400, apiError(400, problem.reason, problem.message));
    return;
  }
  const fields = input as Record<string, unknown>;
  const id = typeof fields.id === 'string' ? fields.id : randomBytes(13).toString('hex');
  const events = state.calendars.get(calendarId) ?? new Map<string, StoredEvent>();
  state.calendars.set(calendarId, events);
  if (events.has(id)) {
    sendJson(res, 409, apiError(409, 'duplicate', 'The requested identifier already exists.'));
    return;
  }
  const now = state.clock().toISOString();
  const event: StoredEvent = {
    ...fields,
    kind: 'calendar#event',
    id,
    status: 'confirmed',
    etag: `"${createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 16)}"`,
    created: now,
    updated: now,
    summary: fields.summary as string,
    start: fields.start as Record<string, unknown>,
    end: fields.end as Record<string, unknown>,
  };
  events.set(id, event);
  sendJson(res, 200, event);
}

function isAuthorized(state: StandInState, header: string | undefined): boolean {
  const match = /^Bearer (\S+)$/.exec(header ?? '');
  const expiresAt = match?.[1] === undefined ? undefined : state.accessTokens.get(match[1]);
  return expiresAt !== undefined && state.clock().getTime() < expiresAt;
}

function validate(input: unknown): { reason: string; message: string } | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { reason: 'parseError', message: 'Parse Error' };
  }
  const fields = input as Record<string, unknown>;
  if (fields.id !== undefined && (typeof fields.id !== 'string' || !EVENT_ID.test(fields.id))) {
    return { reason: 'invalid', message: 'Invalid resource id value.' };
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

function instant(time: unknown): number {
  const { dateTime, date } = time as { dateTime?: string; date?: string };
  return Date.parse(dateTime ?? date ?? '');
}
