import type { DeliveryHandler, DeliveryMessage, DeliveryQueue, DeliveryVerdict } from '@scc/core';

/** The timers the queue waits with; tests pass fakes. */
export interface QueueTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LocalDeliveryQueueOptions {
  timers?: QueueTimers;
  /** After an attempt that threw rather than answered (SQS: the visibility timeout). */
  crashDelayMs?: number;
  /** Attempts before a message that keeps throwing is given up (SQS: the dead-letter queue). */
  maxAttempts?: number;
  /** A handler that threw, or a message given up; the queue goes on. */
  report?: (problem: string, message: DeliveryMessage, error?: unknown) => void;
}

export class LocalDeliveryQueueClosedError extends Error {
  constructor() {
    super('The local webhook queue is closed');
    this.name = 'LocalDeliveryQueueClosedError';
  }
}

/** Mirrors infra/webhook-queue.ts: 12 minutes of visibility timeout, 25 receives. */
export const LOCAL_CRASH_DELAY_MS = 12 * 60_000;
export const LOCAL_MAX_ATTEMPTS = 25;

const nodeTimers: QueueTimers = {
  setTimeout: (run, ms) => {
    const handle = setTimeout(run, ms);
    // A retry hours away must not keep `npm start` (or a test run) alive by itself.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface Queued {
  message: DeliveryMessage;
  attempt: number;
}

interface Group {
  waiting: Queued[];
  /** The attempt under way, if any: one per group at a time. */
  running?: Promise<void>;
  /** A retry's wait; the group's head stays first meanwhile. */
  timer?: unknown;
}

/**
 * The delivery queue of `npm start`: SQS FIFO's semantics in this process. Per group, messages
 * go out in order and one at a time; groups run side by side; `retry` runs the same message
 * again after its delay with the attempt number one higher (counting from 1), and the group
 * waits behind it; a message already waiting is not queued twice (SQS deduplicates by
 * delivery id). Messages live in memory only: those waiting when the stack stops are not
 * delivered after a restart (their delivery items stay pending).
 */
export class LocalDeliveryQueue implements DeliveryQueue {
  private readonly groups = new Map<string, Group>();
  private readonly waiting = new Set<string>();
  private readonly timers: QueueTimers;
  private closed = false;

  /** `handler` is asked on each attempt: the services are built after the outside adapters. */
  constructor(
    private readonly handler: () => DeliveryHandler,
    private readonly options: LocalDeliveryQueueOptions = {},
  ) {
    this.timers = options.timers ?? nodeTimers;
  }

  async send(messages: readonly DeliveryMessage[]): Promise<void> {
    if (this.closed) throw new LocalDeliveryQueueClosedError();
    for (const message of messages) {
      if (this.waiting.has(message.deliveryId)) continue;
      this.waiting.add(message.deliveryId);
      const group = this.groups.get(message.groupId) ?? { waiting: [] };
      this.groups.set(message.groupId, group);
      group.waiting.push({ message: { ...message }, attempt: 1 });
      this.pump(message.groupId);
    }
  }

  /** Stops: no new attempts, waits cancelled, and resolves once the attempts under way end. */
  async close(): Promise<void> {
    this.closed = true;
    const running: Promise<void>[] = [];
    for (const group of this.groups.values()) {
      if (group.timer !== undefined) this.timers.clearTimeout(group.timer);
      group.timer = undefined;
      if (group.running) running.push(group.running);
    }
    await Promise.all(running);
  }

  /** Messages waiting or under way, for tests and the banner. */
  get size(): number {
    return this.waiting.size;
  }

  private pump(groupId: string): void {
    const group = this.groups.get(groupId);
    if (!group || this.closed || group.running || group.timer !== undefined) return;
    const head = group.waiting[0];
    if (!head) {
      this.groups.delete(groupId);
      return;
    }
    group.running = this.attempt(head).then((delayMs) => {
      group.running = undefined;
      if (delayMs === undefined) {
        group.waiting.shift();
        this.waiting.delete(head.message.deliveryId);
      } else {
        head.attempt++;
        if (this.closed) return;
        group.timer = this.timers.setTimeout(() => {
          group.timer = undefined;
          this.pump(groupId);
        }, delayMs);
        return;
      }
      this.pump(groupId);
    });
  }

  /** Runs one attempt; resolves with the delay before the next, or undefined when finished. */
  private async attempt(item: Queued): Promise<number | undefined> {
    const report = this.options.report ?? (() => {});
    let verdict: DeliveryVerdict;
    try {
      verdict = await this.handler().handle({ ...item.message }, item.attempt);
    } catch (error) {
      if (item.attempt >= (this.options.maxAttempts ?? LOCAL_MAX_ATTEMPTS)) {
        report('given up after too many failed attempts', item.message, error);
        return undefined;
      }
      report('attempt failed', item.message, error);
      return this.options.crashDelayMs ?? LOCAL_CRASH_DELAY_MS;
    }
    return verdict.outcome === 'retry' ? Math.max(0, verdict.delayMs) : undefined;
  }
}
