import { SccError } from '@scc/core';

/** Errors that only exist at the HTTP edge; the domain's own errors live in @scc/core. */
export class UnauthorizedError extends SccError {
  readonly code = 'unauthorized';
}

export class RequestValidationError extends SccError {
  readonly code = 'invalid_request';
}

export class MalformedJsonError extends SccError {
  readonly code = 'malformed_json';
}

export class UnsupportedMediaTypeError extends SccError {
  readonly code = 'unsupported_media_type';
}

export class PayloadTooLargeError extends SccError {
  readonly code = 'payload_too_large';
}

export class RouteNotFoundError extends SccError {
  readonly code = 'route_not_found';
}

/** A crew link that is missing, tampered with, or signed by a key that was removed. */
export class CrewLinkInvalidError extends SccError {
  readonly code = 'crew_link_invalid';
}

export class CrewLinkExpiredError extends SccError {
  readonly code = 'crew_link_expired';
}

/** A valid link, but for another trip, or for someone no longer on this trip's crew. */
export class CrewAccessDeniedError extends SccError {
  readonly code = 'crew_access_denied';
}

/** A change of a booking must say which version it changes (`If-Match`). */
export class PreconditionRequiredError extends SccError {
  readonly code = 'precondition_required';
}

/** Another sync of the same channel holds it right now. */
export class SyncRunningError extends SccError {
  readonly code = 'sync_running';
}
