import { VersionConflictError } from '../errors';

const ATTEMPTS_WITHOUT_IF_MATCH = 25;
const MAX_BACKOFF_MS = 400;

/**
 * Runs a read-modify-write. When the caller pinned a version (If-Match) a conflict is theirs
 * to resolve, so it is thrown at once; otherwise the write is retried on a fresh read after a
 * random ("full jitter") backoff, so concurrent writers never lose each other's changes.
 */
export async function withVersionRetry<T>(
  expectedVersion: number | undefined,
  attempt: () => Promise<T>,
): Promise<T> {
  const attempts = expectedVersion === undefined ? ATTEMPTS_WITHOUT_IF_MATCH : 1;
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof VersionConflictError) || i >= attempts) throw error;
      const ceiling = Math.min(MAX_BACKOFF_MS, 10 * 2 ** i);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}
