import { DependencyRejectedError } from '@scc/core';

export const CREATE_INVALIDATION = 'createInvalidation';

/**
 * The checks CloudFront would make on an invalidation batch, made before sending so that the
 * local recorder and the real invalidator refuse the same mistakes. A bad batch is a bug in
 * the caller, so these are plain errors.
 */
export function checkInvalidation(paths: readonly string[], callerReference: string): void {
  if (paths.length === 0) throw new Error('An invalidation needs at least one path');
  const relative = paths.find((path) => !path.startsWith('/'));
  if (relative !== undefined) {
    throw new Error(`Invalidation paths start with "/": ${JSON.stringify(relative)}`);
  }
  if (callerReference === '') throw new Error('An invalidation needs a caller reference');
}

/**
 * CloudFront's answer to a caller reference reused with other paths. The reference is derived
 * from booking id and page version, so this means a bug in that derivation: retrying the same
 * request cannot succeed.
 */
export function batchAlreadyExistsError(
  callerReference: string,
  cause?: unknown,
): DependencyRejectedError {
  return new DependencyRejectedError(
    `CloudFront refused the invalidation: caller reference ${callerReference} ` +
      'was already used for other paths',
    {
      details: {
        dependency: 'cloudfront',
        operation: CREATE_INVALIDATION,
        awsError: 'InvalidationBatchAlreadyExists',
        callerReference,
      },
      cause,
    },
  );
}
