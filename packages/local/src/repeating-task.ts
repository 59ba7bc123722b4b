/**
 * The local stand-in for a scheduled function in AWS (the channel sync's and the outbox
 * sweep's Cron): every `everyMs`, the same code runs. A run still going when the next is due
 * is not doubled. A failing run is reported and the timer goes on. `everyMs` 0 turns it off.
 */
export function startRepeating(task: () => Promise<unknown>, everyMs: number, report: (error: unknown) => void): () => Promise<void> {
  if (everyMs <= 0) return async () => {};
  let running: Promise<unknown> | undefined;
  const tick = () => {
    running ??= task()
      .catch(report)
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
