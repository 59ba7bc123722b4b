import type { DeliveryHandler, DeliveryMessage, DeliveryVerdict } from '@scc/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LocalDeliveryQueue, LocalDeliveryQueueClosedError, type QueueTimers } from './local-delivery-queue';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

// The fake timers vitest installs, passed in explicitly as the queue's timers.
const timers: QueueTimers = { setTimeout: (run, ms) => setTimeout(run, ms), clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout) };

const msg = (deliveryId: string, groupId = 'wh_1#bk_1'): DeliveryMessage => ({ webhookId: 'wh_1', deliveryId, groupId });

/** A handler whose attempts end when the test says, each with the verdict it is given. */
function scriptedHandler() {
  const calls: { deliveryId: string; attempt: number; finish: (verdict: DeliveryVerdict) => void; fail: (error: Error) => void }[] = [];
  const handler: DeliveryHandler = {
    handle: (message, attempt) =>
      new Promise((resolve, reject) => {
        calls.push({ deliveryId: message.deliveryId, attempt, finish: resolve, fail: reject });
      }),
  };
  const started = () => calls.map((c) => `${c.deliveryId}#${c.attempt}`);
  const call = (label: string) => {
    const found = calls.find((c) => `${c.deliveryId}#${c.attempt}` === label);
    if (!found) throw new Error(`${label} has not started; started: ${started().join(', ')}`);
    return found;
  };
  return { handler, started, call };
}

describe('the local delivery queue', () => {
  it('runs one message of a group at a time, in the order sent', async () => {
    const h = scriptedHandler();
    const queue = new LocalDeliveryQueue(() => h.handler, { timers });
    await queue.send([msg('d1'), msg('d2')]);
    await queue.send([msg('d3')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.started()).toEqual(['d1#1']);
    h.call('d1#1').finish({ outcome: 'delivered' });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.started()).toEqual(['d1#1', 'd2#1']);
    h.call('d2#1').finish({ outcome: 'dropped', reason: 'the endpoint is disabled' });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.started()).toEqual(['d1#1', 'd2#1', 'd3#1']);
    h.call('d3#1').finish({ outcome: 'delivered' });
    await vi.advanceTimersByTimeAsync(0);
    expect(queue.size).toBe(0);
  });

  it('runs different groups side by side', async () => {
    const h = scriptedHandler();
    const queue = new LocalDeliveryQueue(() => h.handler, { timers });
    await queue.send([msg('a1', 'A'), msg('a2', 'A'), msg('b1', 'B'), msg('c1', 'C')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.started()).toEqual(['a1#1', 'b1#1', 'c1#1']);
    h.call('b1#1').finish({ outcome: 'delivered' });
    h.call('a1#1').finish({ outcome: 'delivered' });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.started()).toEqual(['a1#1', 'b1#1', 'c1#1', 'a2#1']);
  });

  it('runs a retried message again after its delay, attempt counted up, with its group waiting behind it', async () => {
    const h = scriptedHandler();
    const queue = new LocalDeliveryQueue(() => h.handler, { timers });
    await queue.send([msg('d1'), msg('d2'), msg('other', 'G2')]);
    await vi.advanceTimersByTimeAsync(0);
    h.call('d1#1').finish({ outcome: 'retry', delayMs: 30_000 });
    await vi.advanceTimersByTimeAsync(29_999);
    expect(h.started()).toEqual(['d1#1', 'other#1']);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.started()).toEqual(['d1#1', 'other#1', 'd1#2']);
    h.call('d1#2').finish({ outcome: 'retry', delayMs: 120_000 });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(h.started().at(-1)).toBe('d1#3');
    h.call('d1#3').finish({ outcome: 'delivered' });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.started().at(-1)).toBe('d2#1');
  });

  it('does not queue a delivery that is already waiting', async () => {
    const h = scriptedHandler();
    const queue = new LocalDeliveryQueue(() => h.handler, { timers });
    await queue.send([msg('d1'), msg('d2')]);
    await queue.send([msg('d2'), msg('d1')]);
    expect(queue.size).toBe(2);
    await vi.advanceTimersByTimeAsync(0);
    h.call('d1#1').finish({ outcome: 'delivered' });
    await vi.advanceTimersByTimeAsync(0);
    h.call('d2#1').finish({ outcome: 'delivered' });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.started()).toEqual(['d1#1', 'd2#1']);
  });

  it('retries an attempt that threw after the crash delay, reports it, and gives up after the last attempt', async () => {
    const h = scriptedHandler();
    const reported: string[] = [];
    const queue = new LocalDeliveryQueue(() => h.handler, {
      timers,
      crashDelayMs: 60_000,
      maxAttempts: 2,
      report: (problem, message) => reported.push(`${message.deliveryId}: ${problem}`),
    });
    await queue.send([msg('d1'), msg('d2')]);
    await vi.advanceTimersByTimeAsync(0);
    h.call('d1#1').fail(new Error('table down'));
    await vi.advanceTimersByTimeAsync(60_000);
    h.call('d1#2').fail(new Error('table down'));
    await vi.advanceTimersByTimeAsync(0);
    expect(reported).toEqual(['d1: attempt failed', 'd1: given up after too many failed attempts']);
    expect(h.started()).toEqual(['d1#1', 'd1#2', 'd2#1']);
  });

  it('asks for the handler only when a message runs', async () => {
    const h = scriptedHandler();
    const get = vi.fn(() => h.handler);
    const queue = new LocalDeliveryQueue(get, { timers });
    expect(get).not.toHaveBeenCalled();
    await queue.send([msg('d1')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(get).toHaveBeenCalledTimes(1);
  });

  it('on close: waits for the attempts under way, cancels waiting retries, and takes nothing more', async () => {
    const h = scriptedHandler();
    const queue = new LocalDeliveryQueue(() => h.handler, { timers });
    await queue.send([msg('slow', 'A'), msg('later', 'A'), msg('retried', 'B')]);
    await vi.advanceTimersByTimeAsync(0);
    h.call('retried#1').finish({ outcome: 'retry', delayMs: 1000 });
    await vi.advanceTimersByTimeAsync(0);

    let closed = false;
    const closing = queue.close().then(() => (closed = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(closed).toBe(false);
    h.call('slow#1').finish({ outcome: 'delivered' });
    await closing;
    expect(closed).toBe(true);

    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.started()).toEqual(['slow#1', 'retried#1']);
    await expect(queue.send([msg('new')])).rejects.toBeInstanceOf(LocalDeliveryQueueClosedError);
  });
});
