import { describe, expect, it } from 'vitest';
import { DependencyRejectedError, DependencyUnavailableError } from '../errors';
import { runStep } from './step-runner';

const noSleep = async () => {};
const policy = { timeoutMs: 50, attempts: 3, backoffMs: 10 };

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

  it('gives up after the last attempt, saying why and that a retry may help', async () => {
    const result = await runStep(policy, async () => {
      throw new DependencyUnavailableError('Google Calendar is rate limiting (429)');
    }, noSleep);
    expect(result).toMatchObject({ ok: false, reason: 'Google Calendar is rate limiting (429)', retryable: true, attempts: 3 });
  });

  it('does not retry a rejection', async () => {
    let calls = 0;
    const result = await runStep(policy, async () => {
      calls++;
      throw new DependencyRejectedError('SES refused the email: address is on the suppression list');
    }, noSleep);
    expect(calls).toBe(1);
    expect(result).toMatchObject({ ok: false, retryable: false });
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

  it('reports a bug as an unexpected error, not retried', async () => {
    const result = await runStep(policy, async () => {
      throw new TypeError('x is undefined');
    }, noSleep);
    expect(result).toMatchObject({ ok: false, reason: 'Unexpected error: x is undefined', retryable: false, attempts: 1 });
  });
});
