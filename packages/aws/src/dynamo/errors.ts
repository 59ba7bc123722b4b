import { DependencyUnavailableError } from '@scc/core';

const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
]);

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

interface AwsLikeError {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

/** Throttling, 5xx and network failures: the same request may succeed later. */
export function isTransient(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as AwsLikeError;
  return (
    TRANSIENT_NAMES.has(e.name ?? '') ||
    NETWORK_CODES.has(e.code ?? '') ||
    (e.$metadata?.httpStatusCode ?? 0) >= 500 ||
    Boolean(e.$retryable)
  );
}

/**
 * Runs one store operation, turning transient AWS failures (after the SDK's own retries) into
 * a typed, retryable error. Anything else is a bug and propagates as it is.
 */
export async function callDynamo<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isTransient(error)) {
      throw new DependencyUnavailableError(
        'The database is busy or unavailable; try again shortly',
        {
          details: { operation, dependency: 'dynamodb' },
          cause: error,
        },
      );
    }
    throw error;
  }
}
