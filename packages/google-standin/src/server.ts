import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleGet, handleList } from './events-read';
import { handleInsert, handlePatch, handleUpdate } from './events-write';
import { FaultPlan, faultBody, type GoogleFault } from './faults';
import { apiError, sendJson } from './http';
import { loadEvents, saveEvents } from './persistence';
import { routeOf } from './routes';
import { newServiceAccount, type StandInServiceAccount } from './service-account';
import type { Operation, SeenAssertion, StandInState, StoredEvent } from './state';
import { handleToken } from './token-endpoint';
import { newestFirst, sendCalendarJson, sendCalendarPage } from './viewer';

export interface GoogleStandInOptions {
  /** The stand-in's now, for assertion times and token expiry; share it with the client. */
  clock?: () => Date;
  /** Address to listen on; 127.0.0.1 unless said otherwise. */
  host?: string;
  /** Port to listen on; a free one unless said otherwise. */
  port?: number;
  /** Keeps the events in this JSON file, read at start and rewritten after every write. */
  eventsFile?: string;
}

export interface GoogleStandIn {
  /** Base URL of the Calendar API (the client's `apiBaseUrl`), e.g. `http://127.0.0.1:41234`. */
  url: string;
  tokenUri: string;
  /** The events as a page for people (`{url}/calendar`); cancelled ones struck through. */
  pageUrl: string;
  /** The same as JSON for scripts (`{url}/calendar.json`). */
  jsonUrl: string;
  serviceAccount: StandInServiceAccount;
  /** `serviceAccount` as the text of a key file. */
  serviceAccountJson: string;
  /** Stored events of one calendar, or of every calendar when no id is given; cancelled too. */
  events(calendarId?: string): StoredEvent[];
  /** Requests that reached events.insert (POST), answered well or not. */
  readonly insertCount: number;
  /** Requests that reached events.update (PUT), answered well or not. */
  readonly updateCount: number;
  /** Requests that reached events.patch (PATCH), answered well or not. */
  readonly patchCount: number;
  /** Requests that reached events.get or events.list, answered well or not. */
  readonly readCount: number;
  /** Requests that reached the token endpoint, answered well or not. */
  readonly tokenCount: number;
  /** Accepted assertions, header and claims as the token endpoint verified them. */
  assertions(): SeenAssertion[];
  /** Every access token issued, revoked or not. */
  accessTokens(): string[];
  /** Plays `fault` on the next `n` requests to its endpoint (every events method unless `on: 'token'`). */
  failNext(n: number, fault: GoogleFault): void;
  /** Plays `fault` on every request to its endpoint until cleared with `null`. */
  setFault(fault: GoogleFault | null): void;
  /** Makes every access token issued so far invalid, as a revoked key or early expiry would. */
  revokeTokens(): void;
  close(): Promise<void>;
}

/**
 * A local stand-in for Google's OAuth token endpoint and the Calendar events API (insert,
 * update, patch, get, list), on a real HTTP server. It checks what Google checks that matters
 * to SCC: the assertion's signature and claims, bearer tokens, event ids, duplicates, events
 * that are not there. `/calendar` shows what it holds to a person, `/calendar.json` to a script.
 */
export async function startGoogleStandIn(
  options: GoogleStandInOptions = {},
): Promise<GoogleStandIn> {
  // Read before listening, so a damaged file stops the start and not a later request.
  const calendars = options.eventsFile ? loadEvents(options.eventsFile) : new Map();
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const url = `http://${urlHost(options.host ?? '127.0.0.1')}:${(server.address() as AddressInfo).port}`;
  const tokenUri = `${url}/token`;
  const { serviceAccount, publicKey } = newServiceAccount(tokenUri);
  const { eventsFile } = options;
  const state: StandInState = {
    clock: options.clock ?? (() => new Date()),
    tokenUri,
    serviceAccount,
    publicKey,
    faults: new FaultPlan(),
    accessTokens: new Map(),
    issuedTokens: [],
    assertions: [],
    calendars,
    counts: { token: 0, insert: 0, update: 0, patch: 0, get: 0, list: 0 },
    revision: 0,
    onWrite: eventsFile ? () => saveEvents(eventsFile, calendars) : () => {},
  };
  const delays = new Delays();
  // Served only now: the state needs the port, known once the server listens.
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    route(state, delays, req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, apiError(500, 'backendError', 'Backend Error'));
      else res.destroy();
    });
  });
  const count = (operation: Operation) => state.counts[operation];

  return {
    url,
    tokenUri,
    pageUrl: `${url}/calendar`,
    jsonUrl: `${url}/calendar.json`,
    serviceAccount,
    serviceAccountJson: JSON.stringify(serviceAccount, null, 2),
    events: (calendarId) =>
      calendarId === undefined
        ? [...state.calendars.values()].flatMap((events) => [...events.values()])
        : [...(state.calendars.get(calendarId)?.values() ?? [])],
    get insertCount() {
      return count('insert');
    },
    get updateCount() {
      return count('update');
    },
    get patchCount() {
      return count('patch');
    },
    get readCount() {
      return count('get') + count('list');
    },
    get tokenCount() {
      return count('token');
    },
    assertions: () => [...state.assertions],
    accessTokens: () => [...state.issuedTokens],
    failNext: (n, fault) => state.faults.failNext(n, fault),
    setFault: (fault) => state.faults.set(fault),
    revokeTokens: () => state.accessTokens.clear(),
    close: async () => {
      delays.cancelAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function route(
  state: StandInState,
  delays: Delays,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://standin');
  const found = routeOf(req.method, url.pathname);
  if (!found) {
    sendJson(res, 404, apiError(404, 'notFound', 'Not Found'));
    return;
  }
  // The views are the stand-in's own, for people and scripts: no faults, not counted.
  if ('view' in found) {
    const listed = newestFirst(state.calendars);
    if (found.view === 'page') sendCalendarPage(res, listed);
    else sendCalendarJson(res, listed);
    return;
  }
  const { operation, calendarId = '', eventId = '' } = found;
  state.counts[operation] += 1;
  const target = operation === 'token' ? 'token' : 'events';
  const fault = state.faults.take(target);
  if (fault && 'reset' in fault) {
    req.socket.destroy();
    return;
  }
  if (fault && 'status' in fault) {
    sendJson(res, fault.status, faultBody(target, fault.status));
    return;
  }
  // A slow answer is still an answer: the event is stored even if the client gave up, as
  // Google may have done before a client's timeout; a retry then sees 409.
  if (fault && 'delayMs' in fault) await delays.wait(fault.delayMs);

  const at = { calendarId, eventId };
  switch (operation) {
    case 'token':
      return handleToken(state, req, res);
    case 'insert':
      return handleInsert(state, calendarId, req, res);
    case 'update':
      return handleUpdate(state, at, req, res);
    case 'patch':
      return handlePatch(state, at, req, res);
    case 'get':
      return handleGet(state, at, req, res);
    case 'list':
      return handleList(state, calendarId, url.searchParams, req, res);
  }
}

/** `0.0.0.0` and `::` listen everywhere and are reached at localhost; IPv6 goes in brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** Pending delays, dropped on close so that a slow answer never outlives the server. */
class Delays {
  readonly #timers = new Set<NodeJS.Timeout>();

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }

  cancelAll(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
