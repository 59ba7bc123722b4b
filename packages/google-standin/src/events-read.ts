import type { IncomingMessage, ServerResponse } from 'node:http';
import { INVALID_CREDENTIALS, isAuthorized, NOT_FOUND } from './event-rules';
import type { EventAddress } from './events-write';
import { sendJson } from './http';
import type { StandInState } from './state';

/** `GET …/events/{eventId}`: events.get; a cancelled event is still answered, as Google does. */
export function handleGet(
  state: StandInState,
  at: EventAddress,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  if (!isAuthorized(state, req.headers.authorization)) {
    sendJson(res, 401, INVALID_CREDENTIALS);
    return;
  }
  const event = state.calendars.get(at.calendarId)?.get(at.eventId);
  if (event) sendJson(res, 200, event);
  else sendJson(res, 404, NOT_FOUND);
}

/**
 * `GET …/events`: events.list in one page. Cancelled events are left out unless
 * `showDeleted=true`, as Google does; an unknown calendar lists as empty here.
 */
export function handleList(
  state: StandInState,
  calendarId: string,
  query: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  if (!isAuthorized(state, req.headers.authorization)) {
    sendJson(res, 401, INVALID_CREDENTIALS);
    return;
  }
  const showDeleted = query.get('showDeleted') === 'true';
  const items = [...(state.calendars.get(calendarId)?.values() ?? [])].filter(
    (event) => showDeleted || event.status !== 'cancelled',
  );
  const updated = items.reduce((latest, e) => (e.updated > latest ? e.updated : latest), '');
  sendJson(res, 200, {
    kind: 'calendar#events',
    summary: calendarId,
    updated: updated || state.clock().toISOString(),
    timeZone: 'UTC',
    accessRole: 'writer',
    items,
  });
}
