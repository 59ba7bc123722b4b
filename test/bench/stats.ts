/** Latency summaries for the benchmark scripts. */
export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, index)] as number;
}

export async function timeEach(count: number, run: (i: number) => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await run(i);
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b);
}

export function summary(label: string, sortedMs: readonly number[]): string {
  const f = (n: number) => `${n.toFixed(1)} ms`.padStart(9);
  return `${label.padEnd(34)} n=${String(sortedMs.length).padEnd(4)} p50 ${f(percentile(sortedMs, 50))}  p95 ${f(percentile(sortedMs, 95))}  max ${f(sortedMs.at(-1) ?? Number.NaN)}`;
}
