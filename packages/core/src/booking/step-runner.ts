import { DependencyRejectedError, DependencyUnavailableError } from '../errors';

export interface StepPolicy {
  /** Per attempt: the step's work is abandoned (and its signal aborted) after this long. */
  timeoutMs: number;
  attempts: number;
  /** First backoff; it doubles per attempt, with full jitter. */
  backoffMs: number;
}

export type StepResult<T> =
  | { ok: true; value: T; attempts: number }
  | { ok: false; reason: string; retryable: boolean; attempts: number; error: unknown };

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one step's work with a timeout per attempt and bounded retries with backoff for
 * errors that say a retry may help. Never throws: the outcome is data, recorded on the
 * booking for the operator to see.
 */
export async function runStep<T>(
  policy: StepPolicy,
  work: (signal: AbortSignal) => Promise<T>,
  sleep: Sleep = realSleep,
): Promise<StepResult<T>> {
  let last: StepResult<T> | undefined;
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    if (attempt > 1) await sleep(Math.random() * policy.backoffMs * 2 ** (attempt - 2));
    try {
      return { ok: true, value: await withTimeout(policy.timeoutMs, work), attempts: attempt };
    } catch (error) {
      last = { ok: false, ...describe(error), attempts: attempt, error };
      if (!last.retryable) break;
    }
  }
  return last as StepResult<T>;
}

async function withTimeout<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Racing the timer bounds the wait even if the work ignores its signal.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new DependencyUnavailableError(`Timed out after ${ms} ms`);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): { reason: string; retryable: boolean } {
  if (error instanceof DependencyUnavailableError) return { reason: error.message, retryable: true };
  if (error instanceof DependencyRejectedError) return { reason: error.message, retryable: false };
  // A bug, not a dependency: visible on the booking, and worth a retry once it is fixed.
  const message = error instanceof Error ? error.message : String(error);
  return { reason: `Unexpected error: ${message}`, retryable: false };
}
