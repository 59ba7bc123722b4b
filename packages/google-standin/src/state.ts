import type { KeyObject } from 'node:crypto';
import type { JWTHeaderParameters, JWTPayload } from 'jose';
import type { FaultPlan } from './faults';
import type { StandInServiceAccount } from './service-account';

/** The event statuses the stand-in keeps; Google's `tentative` is not used by SCC. */
export type StoredStatus = 'confirmed' | 'cancelled';

/** An event as the stand-in stores it and answers it, in the Calendar API's Event shape. */
export interface StoredEvent {
  kind: 'calendar#event';
  id: string;
  status: StoredStatus;
  etag: string;
  created: string;
  updated: string;
  summary: string;
  description?: string;
  location?: string;
  start: Record<string, unknown>;
  end: Record<string, unknown>;
  [field: string]: unknown;
}

/** An assertion the token endpoint accepted, as it saw it. */
export interface SeenAssertion {
  header: JWTHeaderParameters;
  claims: JWTPayload;
}

/** What a request to the stand-in asked for; each is counted on its own. */
export type Operation = 'token' | 'insert' | 'update' | 'patch' | 'get' | 'list';

/** Everything the endpoints share. */
export interface StandInState {
  clock: () => Date;
  tokenUri: string;
  serviceAccount: StandInServiceAccount;
  publicKey: KeyObject;
  faults: FaultPlan;
  /** Access token → when it stops working (epoch ms). */
  accessTokens: Map<string, number>;
  issuedTokens: string[];
  assertions: SeenAssertion[];
  /** Calendar id → event id → event. */
  calendars: Map<string, Map<string, StoredEvent>>;
  /** Requests per operation, counted when they arrive, answered well or not. */
  counts: Record<Operation, number>;
  /** Bumped on every stored write, so each write gets its own etag. */
  revision: number;
  /** Called after every stored write (npm start keeps the events on disk). */
  onWrite: () => void;
}
