import type { Operation } from './state';

/** What a request asks for, read from its method and path. */
export type Route =
  | { operation: Operation; calendarId?: string; eventId?: string }
  | { view: 'page' | 'json' }
  | undefined;

const EVENTS_PATH = /^\/calendar\/v3\/calendars\/([^/]+)\/events$/;
const EVENT_PATH = /^\/calendar\/v3\/calendars\/([^/]+)\/events\/([^/]+)$/;

export function routeOf(method: string | undefined, path: string): Route {
  if (path === '/token') return { operation: 'token' };
  if (method === 'GET' && (path === '/calendar' || path === '/calendar/')) return { view: 'page' };
  if (method === 'GET' && path === '/calendar.json') return { view: 'json' };
  const list = EVENTS_PATH.exec(path);
  if (list?.[1] !== undefined) {
    const calendarId = decodeURIComponent(list[1]);
    if (method === 'POST') return { operation: 'insert', calendarId };
    if (method === 'GET') return { operation: 'list', calendarId };
    return undefined;
  }
  const one = EVENT_PATH.exec(path);
  if (one?.[1] !== undefined && one[2] !== undefined) {
    const at = { calendarId: decodeURIComponent(one[1]), eventId: decodeURIComponent(one[2]) };
    if (method === 'GET') return { operation: 'get', ...at };
    if (method === 'PUT') return { operation: 'update', ...at };
    if (method === 'PATCH') return { operation: 'patch', ...at };
  }
  return undefined;
}
