import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleInsert } from './events-endpoint';
import { FaultPlan, type FaultTarget, faultBody, type GoogleFault } from './faults';
import { apiError, sendJson } from './http';
import { newServiceAccount, type StandInServiceAccount } from './service-account';
import type { SeenAssertion, StandInState, StoredEvent } from './state';
import { handleToken } from './token-endpoint';

export interface GoogleStandInOptions {
  /** The stand-in's now, for assertion times and token expiry; share it with the client. */
  clock?: () => Date;
}

export interface GoogleStandIn {
  /** Base URL of the Calendar API (the client's `apiBaseUrl`), e.g. `http://127.0.0.1:41234`. */
  url: string;
  tokenUri: string;
  serviceAccount: StandInServiceAccount;
  /** `serviceAccount` as the text of a key file. */
  serviceAccountJson: string;
  /** Stored events of one calendar, or of every calendar when no id is given. */
  events(calendarId?: string): StoredEvent[];
  /** Requests that reached the events endpoint, answered well or not. */
  readonly insertCount: number;
  /** Requests that reached the token endpoint, answered well or not. */
  readonly tokenCount: number;
  /** Accepted assertions, header and claims as the token endpoint verified them. */
  assertions(): SeenAssertion[];
  /** Every access token issued, revoked or not. */
  accessTokens(): string[];
  /** Plays `fault` on the next `n` requests to its endpoint (events unless `on: 'token'`). */
  failNext(n: number, fault: GoogleFault): void;
  /** Plays `fault` on every request to its endpoint until cleared with `null`. */
  setFault(fault: GoogleFault | null): void;
  /** Makes every access token issued so far invalid, as a revoked key or early expiry would. */
  revokeTokens(): void;
  close(): Promise<void>;
}

const EVENTS_PATH = /^\/calendar\/v3\/calendars\/([^/]+)\/events$/;

/**
 * A local stand-in for Google's OAuth token endpoint and Calendar events.insert, on a real
 * HTTP server at 127.0.0.1 (free port). It checks what Google checks that matters to SCC:
 * the assertion's signature and claims, bearer tokens, event ids, duplicates.
 */
export async function startGoogleStandIn(
  options: GoogleStandInOptions = {},
): Promise<GoogleStandIn> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tokenUri = `${url}/token`;
  const { serviceAccount, publicKey } = newServiceAccount(tokenUri);
  const state: StandInState = {
    clock: options.clock ?? (() => new Date()),
    tokenUri,
    serviceAccount,
    publicKey,
    faults: new FaultPlan(),
    accessTokens: new Map(),
    issuedTokens: [],
    assertions: [],
    calendars: new Map(),
    insertCount: 0,
    tokenCount: 0,
  };
  const delays = new Delays();
  // Served only now: the state needs the port, known once the server listens.
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    route(state, delays, req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, apiError(500, 'backendError', 'Backend Error'));
      else res.destroy();
    });
  });

  return {
    url,
    tokenUri,
    serviceAccount,
    serviceAccountJson: JSON.stringify(serviceAccount, null, 2),
    events: (calendarId) =>
      calendarId === undefined
        ? [...state.calendars.values()].flatMap((events) => [...events.values()])
        : [...(state.calendars.get(calendarId)?.values() ?? [])],
    get insertCount() {
      return state.insertCount;
    },
    get tokenCount() {
      return state.tokenCount;
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
  const path = new URL(req.url ?? '/', 'http://standin').pathname;
  const calendarId = EVENTS_PATH.exec(path)?.[1];
  let target: FaultTarget | undefined;
  if (path === '/token') target = 'token';
  else if (calendarId !== undefined && req.method === 'POST') target = 'events';
  if (!target) {
    sendJson(res, 404, apiError(404, 'notFound', 'Not Found'));
    return;
  }
  if (target === 'token') state.tokenCount += 1;
  else state.insertCount += 1;

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

  if (target === 'token') await handleToken(state, req, res);
  else await handleInsert(state, decodeURIComponent(calendarId ?? ''), req, res);
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
