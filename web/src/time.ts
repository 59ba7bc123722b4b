/** "in 2 days", "in 3 h 5 min", "started 20 min ago": coarse on purpose, it ticks every 30 s. */
export function relativeTo(target: number, now: number): string {
  const minutes = Math.round((target - now) / 60_000);
  const abs = Math.abs(minutes);
  const span =
    abs >= 2 * 24 * 60
      ? `${Math.round(abs / (24 * 60))} days`
      : abs >= 60
        ? `${Math.floor(abs / 60)} h ${abs % 60} min`
        : `${abs} min`;
  return minutes >= 0 ? `in ${span}` : `${span} ago`;
}

export function localTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, timeStyle: 'short' }).format(new Date(iso));
}
