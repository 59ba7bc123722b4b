import {
  PhotoTooLargeError,
  TooManyUploadsError,
  UnsupportedPhotoTypeError,
  UploadClosedError,
  UploadMismatchError,
  AlreadyExistsError,
  BoatConflictError,
  BookingConflictError,
  CrewConflictError,
  CrewResponseClosedError,
  ManagedByBookingError,
  TripEndedError,
  DependencyRejectedError,
  DependencyUnavailableError,
  NotFoundError,
  SccError,
  UnknownCrewError,
  ValidationError,
  VersionConflictError,
} from '@scc/core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  CrewAccessDeniedError,
  CrewLinkExpiredError,
  CrewLinkInvalidError,
  MalformedJsonError,
  PayloadTooLargeError,
  PreconditionRequiredError,
  RequestValidationError,
  RouteNotFoundError,
  SyncRunningError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
} from './http-errors';

export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

const STATUS = new Map<new (...args: never[]) => SccError, ContentfulStatusCode>([
  [RequestValidationError, 400],
  [ValidationError, 400],
  [MalformedJsonError, 400],
  [UnauthorizedError, 401],
  [CrewLinkInvalidError, 401],
  [CrewLinkExpiredError, 401],
  [CrewAccessDeniedError, 403],
  [NotFoundError, 404],
  [RouteNotFoundError, 404],
  [AlreadyExistsError, 409],
  [BookingConflictError, 409],
  [BoatConflictError, 409],
  [CrewConflictError, 409],
  [CrewResponseClosedError, 409],
  [ManagedByBookingError, 409],
  [SyncRunningError, 409],
  [PreconditionRequiredError, 428],
  [TripEndedError, 422],
  [VersionConflictError, 412],
  [PayloadTooLargeError, 413],
  [UnsupportedMediaTypeError, 415],
  [UnknownCrewError, 422],
  [UploadClosedError, 403],
  [UnsupportedPhotoTypeError, 415],
  [PhotoTooLargeError, 413],
  [UploadMismatchError, 422],
  [TooManyUploadsError, 429],
  [DependencyUnavailableError, 503],
  [DependencyRejectedError, 502],
]);

function statusOf(error: SccError): ContentfulStatusCode | undefined {
  for (const [type, status] of STATUS) if (error instanceof type) return status;
  return undefined;
}

export function errorBody(error: SccError): ErrorBody {
  return { error: { code: error.code, message: error.message, details: error.details } };
}

/**
 * The one place errors become responses. Anything unexpected is a bug: a bare 500. Logging is
 * the request log's (middleware/request-log.ts), which sees the error as `c.error` and writes
 * it once, with the request's id, route and latency: 500s at error with the stack, dependency
 * failures (502, 503) at warn.
 */
export function respondToError(error: Error, c: Context): Response {
  const known = error instanceof HTTPException ? fromHttpException(error) : error;
  const status = known instanceof SccError ? statusOf(known) : undefined;
  if (known instanceof SccError && status) {
    if (known instanceof DependencyUnavailableError) c.header('Retry-After', '1');
    // Only a wait that will help: a full trip (`tripFull`) is final, so it names no time.
    const wait = known instanceof TooManyUploadsError ? known.details.retryAfterSeconds : undefined;
    if (typeof wait === 'number') c.header('Retry-After', String(wait));
    return c.json(errorBody(known), status);
  }
  return c.json(
    { error: { code: 'internal_error', message: 'Something went wrong on our side', details: {} } },
    500,
  );
}

/** Hono's own validator throws HTTPException(400) for a body that is not JSON. */
function fromHttpException(error: HTTPException): SccError | Error {
  if (error.status === 400) {
    return new MalformedJsonError('The request body is not valid JSON', { cause: error });
  }
  return error;
}

export function respondToUnknownRoute(c: Context): Response {
  const error = new RouteNotFoundError(`No route for ${c.req.method} ${c.req.path}`, {
    details: { method: c.req.method, path: c.req.path },
  });
  return c.json(errorBody(error), 404);
}
