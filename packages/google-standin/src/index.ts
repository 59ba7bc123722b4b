export { escapeHtml } from './escape';
export type { FaultTarget, GoogleFault } from './faults';
export { StandInEventsFileError } from './persistence';
export { startGoogleStandIn, type GoogleStandIn, type GoogleStandInOptions } from './server';
export type { StandInServiceAccount } from './service-account';
export type { SeenAssertion, StoredEvent, StoredStatus } from './state';
