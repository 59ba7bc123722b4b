/**
 * Typed domain errors. Each carries a stable machine-readable `code` that the API maps to an
 * HTTP status, `details` that are safe to show to the caller, and the underlying `cause`.
 */
export type ErrorDetails = Record<string, unknown>;

interface SccErrorOptions {
  details?: ErrorDetails;
  cause?: unknown;
}

export abstract class SccError extends Error {
  abstract readonly code: string;
  readonly details: ErrorDetails;

  constructor(message: string, options: SccErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.details = options.details ?? {};
  }
}

/** Input that breaks a rule the schema alone cannot express (e.g. end before start). */
export class ValidationError extends SccError {
  readonly code = 'invalid_request';
}

export class NotFoundError extends SccError {
  readonly code = 'not_found';
}

/** An item that must not exist yet already does (e.g. a crew id that is taken). */
export class AlreadyExistsError extends SccError {
  readonly code = 'already_exists';
}

/** The caller's `If-Match` version is not the stored one: someone else changed the item. */
export class VersionConflictError extends SccError {
  readonly code = 'version_conflict';
}

/** A referenced crew member does not exist or is no longer active. */
export class UnknownCrewError extends SccError {
  readonly code = 'unknown_crew';
}

/**
 * A dependency (DynamoDB, S3, …) is throttling or failing. `retryable` tells the caller that
 * the same request may succeed later.
 */
export class DependencyUnavailableError extends SccError {
  readonly code = 'dependency_unavailable';
  readonly retryable = true;
}

/**
 * A dependency refused the request for a reason retrying will not fix (a rejected address,
 * a bad calendar id, missing permissions). The step fails with this message until someone
 * changes the input or the configuration.
 */
export class DependencyRejectedError extends SccError {
  readonly code = 'dependency_rejected';
  readonly retryable = false;
}

/** The same marketplace booking was submitted again with different details. */
export class BookingConflictError extends SccError {
  readonly code = 'booking_conflict';
}

/** Guests may add photos only until the charter ends. */
export class UploadClosedError extends SccError {
  readonly code = 'upload_closed';
}

export class UnsupportedPhotoTypeError extends SccError {
  readonly code = 'unsupported_type';
}

export class PhotoTooLargeError extends SccError {
  readonly code = 'too_large';
}

/** Per-event or per-client upload limits. */
export class TooManyUploadsError extends SccError {
  readonly code = 'too_many_uploads';
}

/** What arrived in storage is not what was promised (size or type). */
export class UploadMismatchError extends SccError {
  readonly code = 'upload_mismatch';
}

/** A trip that has ended can change only in its notes, finance and checklist. */
export class TripEndedError extends SccError {
  readonly code = 'trip_ended';
}

/** The boat is booked for an overlapping trip (turnaround included). */
export class BoatConflictError extends SccError {
  readonly code = 'boat_conflict';
}

/** A crew member is on an overlapping trip. */
export class CrewConflictError extends SccError {
  readonly code = 'crew_conflict';
}

/** A crew event that mirrors a booking changes through the booking, never on its own. */
export class ManagedByBookingError extends SccError {
  readonly code = 'managed_by_booking';
}

/** A change meant to claim a step that another run took between the read and the write. */
export class StepHeldError extends SccError {
  readonly code = 'step_held';
}
