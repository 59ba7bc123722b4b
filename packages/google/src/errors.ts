import { SccError } from '@scc/core';

/**
 * The Google settings cannot work as given: the service-account JSON is not JSON, lacks a
 * field, or holds something that is not a private key. Raised at start-up, where an operator
 * can fix it, so messages name the field and never echo the key itself.
 */
export class GoogleConfigError extends SccError {
  readonly code = 'google_config_invalid';
}
