import { afterEach, describe, expect, it, vi } from 'vitest';
import { startRepeating } from './repeating-task';

afterEach(() => {
  vi.useRealTimers();
});

function fakeSync(run: () => Promise<unknown>) {
  const calls = { count: 0 };
  const sync = () => (calls.count++, run());
  return { sync, calls };
}

describe('a repeating local task', () => {
  it('syncs every channel each interval and never starts a run while one is going', async () => {
    vi.useFakeTimers();
    let finish: () => void = () => {};
    const { sync, calls } = fakeSync(() => new Promise<void>((resolve) => (finish = resolve)));
    const stop = startRepeating(sync, 15 * 60_000, () => {});

    await vi.advanceTimersByTimeAsync(15 * 60_000 - 1);
    expect(calls.count).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.count).toBe(1);
    // Still running at the next tick: skipped.
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    expect(calls.count).toBe(1);
    finish();
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    expect(calls.count).toBe(2);
    finish();
    await stop();
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(calls.count).toBe(2);
  });

  it('reports a failed run and keeps going; 0 minutes turns it off', async () => {
    vi.useFakeTimers();
    const reported: unknown[] = [];
    const { sync, calls } = fakeSync(() => Promise.reject(new Error('table down')));
    const stop = startRepeating(sync, 60_000, (error) => reported.push(error));
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(calls.count).toBe(2);
    expect(reported.map((e) => (e as Error).message)).toEqual(['table down', 'table down']);
    await stop();

    const off = fakeSync(async () => {});
    await startRepeating(off.sync, 0, () => {})();
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(off.calls.count).toBe(0);
  });
});
