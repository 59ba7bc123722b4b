import type { ChannelSync } from '@scc/core';

/**
 * The local stand-in for the AWS Cron: every `minutes`, every channel's feed is synced by the
 * same code. A run still going when the next is due is not doubled (the channel leases would
 * refuse it anyway). A failing run is reported and the timer goes on.
 */
export function startChannelTimer(sync: ChannelSync, minutes: number, report: (error: unknown) => void): () => Promise<void> {
  if (minutes <= 0) return async () => {};
  let running: Promise<unknown> | undefined;
  const tick = () => {
    running ??= sync
      .syncAll()
      .catch(report)
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, minutes * 60_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
