import type { KeyObject } from 'node:crypto';
import type { JWTHeaderParameters, JWTPayload } from 'jose';
import type { FaultPlan } from './faults';
import type { StandInServiceAccount } from './service-account';

/** An event as the stand-in stores it and answers it, in the Calendar API's Event shape. */
export interface StoredEvent {
  kind: 'calendar#event';
  id: string;
  status: 'confirmed';
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

/** Everything the two endpoints share. */
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
  insertCount: number;
  tokenCount: number;
}
