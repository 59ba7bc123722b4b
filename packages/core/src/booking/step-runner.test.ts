import { afterEach, describe, expect, it, vi } from 'vitest';
import { DependencyRejectedError, DependencyUnavailableError } from '../errors';
import { realSleep, runStep } from './step-runner';

const noSleep = async () => {};
const policy = { timeoutMs: 50, attempts: 3, backoffMs: 10 };

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('runStep', () => {
  it('retries retryable failures and reports the attempts it took', async () => {
    let calls = 0;
    const result = await runStep(policy, async () => {
      calls++;
      if (calls < 3) throw new DependencyUnavailableError('busy');
      return 'done';
    }, noSleep);
    expect(result).toEqual({ ok: true, value: 'done', attempts: 3 });
  });

  it('succeeds at once without sleeping when the first attempt works', async () => {
    // Prepare
    const sleeps: number[] = [];
    // Act
    const result = await runStep(policy, async () => 42, async (ms) => {
      sleeps.push(ms);
    });
    // Assess
    expect(result).toEqual({ ok: true, value: 42, attempts: 1 });
    expect(sleeps).toEqual([]);
  });

  it('gives up after the last attempt, saying why and that a retry may help', async () => {
    const failure = new DependencyUnavailableError('Google Calendar is rate limiting (429)');
    let calls = 0;
    const result = await runStep(policy, async () => {
      calls++;
      throw failure;
    }, noSleep);
    expect(calls).toBe(3);
    expect(result).toEqual({ ok: false, reason: 'Google Calendar is rate limiting (429)', retryable: true, attempts: 3, error: failure });
  });

  it('sleeps before each retry, a jittered share of a backoff that doubles per attempt', async () => {
    // Prepare: the jitter draws half of each backoff
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const sleeps: number[] = [];
    const calls: number[] = [];
    // Act
    const result = await runStep({ timeoutMs: 50, attempts: 4, backoffMs: 100 }, async () => {
      calls.push(sleeps.length);
      throw new DependencyUnavailableError('busy');
    }, async (ms) => {
      sleeps.push(ms);
    });
    // Assess: no sleep before the first attempt, then 50, 100, 200 (half of 100, 200, 400)
    expect(sleeps).toEqual([50, 100, 200]);
    expect(calls).toEqual([0, 1, 2, 3]);
    expect(result).toMatchObject({ ok: false, attempts: 4 });
  });

  it('draws the jitter from the whole backoff: a draw of 1 sleeps the full backoff', async () => {
    // Prepare
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const sleeps: number[] = [];
    // Act
    await runStep({ timeoutMs: 50, attempts: 3, backoffMs: 30 }, async () => {
      throw new DependencyUnavailableError('busy');
    }, async (ms) => {
      sleeps.push(ms);
    });
    // Assess
    expect(sleeps).toEqual([30, 60]);
  });

  it('does not retry a rejection, nor sleep', async () => {
    let calls = 0;
    const sleeps: number[] = [];
    const rejection = new DependencyRejectedError('SES refused the email: address is on the suppression list');
    const result = await runStep(policy, async () => {
      calls++;
      throw rejection;
    }, async (ms) => {
      sleeps.push(ms);
    });
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
    expect(result).toEqual({
      ok: false,
      reason: 'SES refused the email: address is on the suppression list',
      retryable: false,
      attempts: 1,
      error: rejection,
    });
  });

  it('stops at a rejection that follows retryable failures, with the attempts so far', async () => {
    // Prepare
    let calls = 0;
    // Act
    const result = await runStep({ ...policy, attempts: 5 }, async () => {
      calls++;
      if (calls < 2) throw new DependencyUnavailableError('busy');
      throw new DependencyRejectedError('bad calendar id');
    }, noSleep);
    // Assess
    expect(calls).toBe(2);
    expect(result).toMatchObject({ ok: false, reason: 'bad calendar id', retryable: false, attempts: 2 });
  });

  it('times out work that ignores its signal, and aborts the signal for work that listens', async () => {
    let aborted = false;
    const result = await runStep({ ...policy, attempts: 1 }, (signal) => {
      signal.addEventListener('abort', () => {
        aborted = true;
      });
      return new Promise(() => {});
    }, noSleep);
    expect(result).toMatchObject({ ok: false, reason: 'Timed out after 50 ms', retryable: true });
    expect(aborted).toBe(true);
  });

  it('times out exactly at the policy timeout, aborting the signal with the timeout error', async () => {
    // Prepare
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    let settled = false;
    // Act
    const running = runStep({ timeoutMs: 200, attempts: 1, backoffMs: 10 }, (given) => {
      signal = given;
      return new Promise(() => {});
    }, noSleep).then((result) => {
      settled = true;
      return result;
    });
    await vi.advanceTimersByTimeAsync(199);
    const settledBefore = settled;
    const abortedBefore = signal?.aborted;
    await vi.advanceTimersByTimeAsync(1);
    const result = await running;
    // Assess
    expect(settledBefore).toBe(false);
    expect(abortedBefore).toBe(false);
    expect(result).toMatchObject({ ok: false, reason: 'Timed out after 200 ms', retryable: true, attempts: 1 });
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBeInstanceOf(DependencyUnavailableError);
    expect((signal?.reason as Error).message).toBe('Timed out after 200 ms');
  });

  it('retries a timed-out attempt with a fresh signal', async () => {
    // Prepare
    vi.useFakeTimers();
    const signals: AbortSignal[] = [];
    // Act
    const running = runStep({ timeoutMs: 100, attempts: 2, backoffMs: 10 }, async (signal) => {
      signals.push(signal);
      if (signals.length === 1) return new Promise<string>(() => {});
      return 'second';
    }, noSleep);
    await vi.advanceTimersByTimeAsync(100);
    const result = await running;
    // Assess
    expect(result).toEqual({ ok: true, value: 'second', attempts: 2 });
    expect(signals.map((signal) => signal.aborted)).toEqual([true, false]);
  });

  it('leaves no timer behind once the work finishes: the signal of finished work is never aborted', async () => {
    // Prepare
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    // Act
    const result = await runStep(policy, async (given) => {
      signal = given;
      return 'quick';
    }, noSleep);
    const pendingTimers = vi.getTimerCount();
    await vi.advanceTimersByTimeAsync(policy.timeoutMs * 2);
    // Assess
    expect(result).toEqual({ ok: true, value: 'quick', attempts: 1 });
    expect(pendingTimers).toBe(0);
    expect(signal?.aborted).toBe(false);
  });

  it('reports a bug as an unexpected error, not retried', async () => {
    const result = await runStep(policy, async () => {
      throw new TypeError('x is undefined');
    }, noSleep);
    expect(result).toMatchObject({ ok: false, reason: 'Unexpected error: x is undefined', retryable: false, attempts: 1 });
  });

  it('reports a thrown non-error by its text, not retried', async () => {
    // Prepare
    let calls = 0;
    // Act
    const result = await runStep(policy, async () => {
      calls++;
      throw 'socket hang up';
    }, noSleep);
    // Assess
    expect(calls).toBe(1);
    expect(result).toEqual({ ok: false, reason: 'Unexpected error: socket hang up', retryable: false, attempts: 1, error: 'socket hang up' });
  });
});

describe('realSleep', () => {
  it('resolves once the given time has passed, not before', async () => {
    // Prepare
    vi.useFakeTimers();
    let resolved = false;
    // Act
    const sleeping = realSleep(100).then(() => {
      resolved = true;
    });
    await vi.advanceTimersByTimeAsync(99);
    const resolvedBefore = resolved;
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    // Assess
    expect(resolvedBefore).toBe(false);
    expect(resolved).toBe(true);
  });
});
