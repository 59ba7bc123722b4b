import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  asObject,
  checkEvent,
  INVALID_CREDENTIALS,
  isAuthorized,
  NOT_FOUND,
  nextEtag,
  statusOf,
} from './event-rules';
import { apiError, readBody, sendJson } from './http';
import type { StandInState, StoredEvent } from './state';

/** Where one event lives: `/calendar/v3/calendars/{calendarId}/events/{eventId}`. */
export interface EventAddress {
  calendarId: string;
  eventId: string;
}

/**
 * `POST …/events`: events.insert. The client may choose the id; a second insert with the
 * same id is 409 `duplicate`, as Google answers it, which is what makes SCC's insert safe to
 * repeat.
 */
export async function handleInsert(
  state: StandInState,
  calendarId: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const fields = await readEventBody(state, req, res);
  if (!fields || refuse(res, checkEvent(fields))) return;
  const id = typeof fields.id === 'string' ? fields.id : randomBytes(13).toString('hex');
  const events = state.calendars.get(calendarId) ?? new Map<string, StoredEvent>();
  state.calendars.set(calendarId, events);
  if (events.has(id)) {
    sendJson(res, 409, apiError(409, 'duplicate', 'The requested identifier already exists.'));
    return;
  }
  const now = state.clock().toISOString();
  store(state, events, stored(state, { ...fields, id }, now, now));
  sendJson(res, 200, events.get(id));
}

/**
 * `PUT …/events/{eventId}`: events.update, the whole event replaced. Only id and created
 * survive; a body without `status` makes the event confirmed again, which is how Google
 * brings back a cancelled event.
 */
export function handleUpdate(state: StandInState, at: EventAddress, req: IncomingMessage, res: ServerResponse): Promise<void> {
  return rewrite(state, at, req, res, (fields) => fields);
}

/** `PATCH …/events/{eventId}`: events.patch, the given fields merged into the event. */
export function handlePatch(state: StandInState, at: EventAddress, req: IncomingMessage, res: ServerResponse): Promise<void> {
  return rewrite(state, at, req, res, (fields, existing) => ({ ...existing, ...fields }));
}

/** Update and patch alike: the event must exist (404), keeps its id and created time, and is checked whole. */
async function rewrite(
  state: StandInState,
  at: EventAddress,
  req: IncomingMessage,
  res: ServerResponse,
  next: (fields: Record<string, unknown>, existing: StoredEvent) => Record<string, unknown>,
): Promise<void> {
  const fields = await readEventBody(state, req, res);
  if (!fields) return;
  const events = state.calendars.get(at.calendarId);
  const existing = events?.get(at.eventId);
  if (!events || !existing) {
    sendJson(res, 404, NOT_FOUND);
    return;
  }
  const event = { ...next(fields, existing), id: at.eventId };
  if (refuse(res, otherId(fields, at) ?? checkEvent(event))) return;
  store(state, events, stored(state, event, existing.created, state.clock().toISOString()));
  sendJson(res, 200, events.get(at.eventId));
}

/** The request's event, or undefined once a 401 or 400 has been answered. */
async function readEventBody(
  state: StandInState,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<Record<string, unknown> | undefined> {
  if (!isAuthorized(state, req.headers.authorization)) {
    sendJson(res, 401, INVALID_CREDENTIALS);
    return undefined;
  }
  let input: unknown;
  try {
    input = JSON.parse(await readBody(req));
  } catch {
    input = undefined;
  }
  const fields = asObject(input);
  if (!fields) sendJson(res, 400, apiError(400, 'parseError', 'Parse Error'));
  return fields;
}

function otherId(fields: Record<string, unknown>, at: EventAddress) {
  return fields.id !== undefined && fields.id !== at.eventId
    ? { reason: 'invalid', message: 'The event id in the body differs from the one in the URL.' }
    : undefined;
}

/** Answers 400 for a problem; true when it did. */
function refuse(res: ServerResponse, problem: { reason: string; message: string } | undefined) {
  if (problem) sendJson(res, 400, apiError(400, problem.reason, problem.message));
  return problem !== undefined;
}

/** The event as kept: the client's fields, with the server's own over them. */
function stored(
  state: StandInState,
  fields: Record<string, unknown>,
  created: string,
  updated: string,
): StoredEvent {
  return {
    ...fields,
    kind: 'calendar#event',
    id: fields.id as string,
    status: statusOf(fields),
    etag: nextEtag(state, fields),
    created,
    updated,
    summary: fields.summary as string,
    start: fields.start as Record<string, unknown>,
    end: fields.end as Record<string, unknown>,
  };
}

function store(state: StandInState, events: Map<string, StoredEvent>, event: StoredEvent): void {
  events.set(event.id, event);
  state.onWrite();
}
