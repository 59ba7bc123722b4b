import { DependencyRejectedError, DependencyUnavailableError, SccError } from '@scc/core';

/**
 * One reading of AWS SDK v3 failures for every adapter in this package. The SDK has already
 * retried what it considers retryable by the time an error reaches us; what is left is either
 * worth retrying later (the booking step stays retryable) or a refusal that only a change of
 * input or configuration will fix. Anything that does not look like an AWS failure is a bug
 * and must surface as one.
 */
export type AwsDependency = 'dynamodb' | 's3' | 'ses' | 'cloudfront' | 'sqs';

/** `unavailable`: retry later. `rejected`: retrying will not help. */
export type AwsFailure = 'unavailable' | 'rejected';

// Error names AWS services use for "slow down". Some arrive as 400s, so the status alone would
// call them refusals.
const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'SlowDown',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'TooManyInvalidationsInProgress',
]);

// Server-side and timeout names, for errors that carry a name but no status (the SDK's own
// TimeoutError, mocks, unmodelled responses).
const TRANSIENT_NAMES = new Set([
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  // The SDK's http handler raises this when the caller's AbortSignal fires: the booking
  // workflow aborts a step that ran past its timeout, and a later retry may well be quicker.
  'AbortError',
]);

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

interface AwsLikeError {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: unknown;
}

function fieldsOf(error: unknown): AwsLikeError | undefined {
  return typeof error === 'object' && error !== null ? (error as AwsLikeError) : undefined;
}

function statusOf(e: AwsLikeError): number | undefined {
  const status = e.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

/** What an error from an AWS SDK call means, or undefined when it is not an AWS failure. */
export function classifyAwsError(error: unknown): AwsFailure | undefined {
  const e = fieldsOf(error);
  if (!e || error instanceof SccError) return undefined;
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  const status = statusOf(e);
  if (
    THROTTLING_NAMES.has(name) ||
    TRANSIENT_NAMES.has(name) ||
    NETWORK_CODES.has(code) ||
    Boolean(e.$retryable) ||
    e.$fault === 'server' ||
    status === 429 ||
    (status !== undefined && status >= 500)
  ) {
    return 'unavailable';
  }
  // A service's answer (it carries $metadata or a fault side) refusing the request. A plain
  // TypeError from our own code has neither and falls through as a bug.
  if (e.$fault === 'client' || (status !== undefined && status >= 400 && status < 500)) {
    return 'rejected';
  }
  return undefined;
}

/** Throttling, 5xx, timeouts and dropped connections: the same request may succeed later. */
export function isTransient(error: unknown): boolean {
  return classifyAwsError(error) === 'unavailable';
}

/** The AWS error name (or the network code), for logs and error details. */
export function awsErrorName(error: unknown): string | undefined {
  const e = fieldsOf(error);
  if (!e) return undefined;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return e.code;
  return typeof e.name === 'string' ? e.name : undefined;
}

const LABEL: Record<AwsDependency, string> = {
  dynamodb: 'DynamoDB',
  s3: 'S3',
  ses: 'SES',
  cloudfront: 'CloudFront',
  sqs: 'SQS',
};

const REFUSED: Record<AwsDependency, string> = {
  dynamodb: 'the request',
  s3: 'the request',
  ses: 'the email',
  cloudfront: 'the invalidation',
  sqs: 'the message',
};

function unavailableMessage(dependency: AwsDependency): string {
  // The API has always answered DynamoDB trouble with this sentence; keep it.
  if (dependency === 'dynamodb') return 'The database is busy or unavailable; try again shortly';
  return `${LABEL[dependency]} is unavailable or throttling; try again`;
}

/** A retryable error for a failure `classifyAwsError` called `unavailable`. */
export function unavailableError(
  dependency: AwsDependency,
  operation: string,
  cause: unknown,
): DependencyUnavailableError {
  return new DependencyUnavailableError(unavailableMessage(dependency), {
    details: { dependency, operation, awsError: awsErrorName(cause) },
    cause,
  });
}

/** A final error for a refusal; the AWS message is kept because it says what to fix. */
export function rejectedError(
  dependency: AwsDependency,
  operation: string,
  cause: unknown,
): DependencyRejectedError {
  const name = awsErrorName(cause);
  const message = fieldsOf(cause)?.message;
  const reason =
    typeof message === 'string' && message !== '' ? message : (name ?? 'no reason given');
  return new DependencyRejectedError(
    `${LABEL[dependency]} refused ${REFUSED[dependency]}: ${reason}`,
    { details: { dependency, operation, awsError: name }, cause },
  );
}

/**
 * Runs one AWS call and turns its failure into DependencyUnavailableError or
 * DependencyRejectedError. Errors that are not AWS failures, and SCC errors the call already
 * chose, propagate unchanged.
 */
export async function callAws<T>(
  dependency: AwsDependency,
  operation: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    switch (classifyAwsError(error)) {
      case 'unavailable':
        throw unavailableError(dependency, operation, error);
      case 'rejected':
        throw rejectedError(dependency, operation, error);
      default:
        throw error;
    }
  }
}
