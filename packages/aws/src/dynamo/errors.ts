import { isTransient, unavailableError } from '../aws-errors';

export { isTransient };

/**
 * Runs one store operation, turning transient AWS failures (after the SDK's own retries) into
 * a typed, retryable error. Everything else propagates as it is: the stores read
 * ConditionalCheckFailedException themselves, and anything else is a bug.
 */
export async function callDynamo<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isTransient(error)) throw unavailableError('dynamodb', operation, error);
    throw error;
  }
}
