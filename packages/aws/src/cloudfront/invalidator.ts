import { type CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import type { CdnInvalidator } from '@scc/core';
import { awsErrorName, callAws } from '../aws-errors';
import { batchAlreadyExistsError, checkInvalidation, CREATE_INVALIDATION } from './batch';

/**
 * Drops cached copies from a CloudFront distribution.
 *
 * Idempotency comes from CloudFront itself: a second CreateInvalidation with the same
 * CallerReference and the same paths creates nothing and answers with the first invalidation,
 * so a retried booking step invalidates once. The same reference with other paths is answered
 * with InvalidationBatchAlreadyExists, a DependencyRejectedError here.
 */
export class CloudFrontInvalidator implements CdnInvalidator {
  constructor(
    private readonly client: CloudFrontClient,
    private readonly distributionId: string,
  ) {}

  async invalidate(
    paths: string[],
    callerReference: string,
    signal?: AbortSignal,
  ): Promise<{ invalidationId: string }> {
    checkInvalidation(paths, callerReference);
    const result = await callAws('cloudfront', CREATE_INVALIDATION, async () => {
      try {
        return await this.client.send(
          new CreateInvalidationCommand({
            DistributionId: this.distributionId,
            InvalidationBatch: {
              CallerReference: callerReference,
              Paths: { Quantity: paths.length, Items: [...paths] },
            },
          }),
          { abortSignal: signal },
        );
      } catch (error) {
        // Named explicitly: its status is not documented, and the generic reading of a 4xx
        // would lose the reference that explains it.
        if (awsErrorName(error) === 'InvalidationBatchAlreadyExists') {
          throw batchAlreadyExistsError(callerReference, error);
        }
        throw error;
      }
    });
    const invalidationId = result.Invalidation?.Id;
    if (!invalidationId) throw new Error('CloudFront answered CreateInvalidation without an id');
    return { invalidationId };
  }
}
