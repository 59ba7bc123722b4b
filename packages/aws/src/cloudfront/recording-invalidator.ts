import type { CdnInvalidator } from '@scc/core';
import { unavailableError } from '../aws-errors';
import { batchAlreadyExistsError, checkInvalidation, CREATE_INVALIDATION } from './batch';

export interface RecordedInvalidation {
  invalidationId: string;
  paths: string[];
  callerReference: string;
  /** ISO 8601, when it was first requested. */
  at: string;
}

/**
 * The local stack's CDN. There is no local CloudFront (the local server reads pages straight
 * from S3, so there is no cache to drop); this records what would have been invalidated and
 * answers the way CloudFront does: a repeated caller reference with the same paths is the same
 * invalidation, with other paths it is refused.
 */
export class RecordingInvalidator implements CdnInvalidator {
  private readonly byReference = new Map<string, RecordedInvalidation>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async invalidate(
    paths: string[],
    callerReference: string,
    signal?: AbortSignal,
  ): Promise<{ invalidationId: string }> {
    checkInvalidation(paths, callerReference);
    // As in the real adapter, a fired signal aborts the call and reads as retryable.
    if (signal?.aborted) throw unavailableError('cloudfront', CREATE_INVALIDATION, signal.reason);
    const known = this.byReference.get(callerReference);
    if (known) {
      if (!samePaths(known.paths, paths)) throw batchAlreadyExistsError(callerReference);
      return { invalidationId: known.invalidationId };
    }
    const recorded: RecordedInvalidation = {
      invalidationId: `LOCAL${String(this.byReference.size + 1).padStart(6, '0')}`,
      paths: [...paths],
      callerReference,
      at: this.now().toISOString(),
    };
    this.byReference.set(callerReference, recorded);
    return { invalidationId: recorded.invalidationId };
  }

  /** Every distinct invalidation, oldest first; copies, so callers cannot change the record. */
  invalidations(): RecordedInvalidation[] {
    return [...this.byReference.values()].map((entry) => ({ ...entry, paths: [...entry.paths] }));
  }
}

// Order counts: CloudFront's rule is about the batch as sent, and SCC builds the same paths in
// the same order for the same reference, so a difference here is worth hearing about locally.
function samePaths(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((path, i) => path === b[i]);
}
