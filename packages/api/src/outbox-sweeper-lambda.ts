import { logger as defaultLogger, type RequestLogger } from './middleware/request-log';
import { sweeperWiring } from './webhook-lambdas';

/** The outbox relay's entry point: forwards every waiting outbox event to the delivery queue. */
export interface OutboxFlusher {
  /** Resolves with how many events were queued. */
  sweep(): Promise<number>;
}

export interface SweeperDependencies {
  /** Asked on each run, so the real one can be built on first use. */
  outboxRelay: () => OutboxFlusher | Promise<OutboxFlusher>;
  logger?: RequestLogger;
}

/**
 * The scheduled sweep (sst.aws.Cron, every minute: infra/webhooks.ts). Changes normally reach
 * the queue right after they are written; the sweep catches what a crash or an SQS outage left
 * in an outbox. A failed sweep throws, so the function's errors show it, and the next minute's
 * run tries again.
 */
export function createSweeper(deps: SweeperDependencies): () => Promise<{ queued: number }> {
  const log = deps.logger ?? defaultLogger;
  return async () => {
    const queued = await (await deps.outboxRelay()).sweep();
    if (queued > 0) log.info('outbox sweep queued webhook events', { queued });
    return { queued };
  };
}

export const handler = createSweeper({ outboxRelay: async () => (await sweeperWiring()).outboxRelay });
