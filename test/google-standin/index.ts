export type { FaultTarget, GoogleFault } from './faults';
export { startGoogleStandIn, type GoogleStandIn, type GoogleStandInOptions } from './server';
export type { StandInServiceAccount } from './service-account';
export type { SeenAssertion, StoredEvent } from './state';
