const formatters = new Map<string, Intl.DateTimeFormat>();

/** Formatters are costly to build and few in kind: one per style and zone, kept. */
function formatter(timeZone: string, style: 'date' | 'time' | 'zone'): Intl.DateTimeFormat {
  const key = `${style}|${timeZone}`;
  let made = formatters.get(key);
  if (!made) {
    const options: Intl.DateTimeFormatOptions =
      style === 'date' ? { dateStyle: 'full' } : style === 'time' ? { timeStyle: 'short' } : { timeZoneName: 'short' };
    made = new Intl.DateTimeFormat('en-US', { timeZone, ...options });
    formatters.set(key, made);
  }
  return made;
}

/** "Saturday, July 4, 2026", in the trip's own time zone. */
export function formatDate(iso: string, timeZone: string): string {
  return formatter(timeZone, 'date').format(new Date(iso));
}

/** "6:00 PM – 9:00 PM PDT": the zone is named so nobody reads it as their phone's local time. */
export function formatTimeRange(start: string, end: string, timeZone: string): string {
  const time = formatter(timeZone, 'time');
  const zone = formatter(timeZone, 'zone')
    .formatToParts(new Date(start))
    .find((part) => part.type === 'timeZoneName')?.value;
  return `${time.format(new Date(start))} – ${time.format(new Date(end))}${zone ? ` ${zone}` : ''}`;
}

export function formatWhen(start: string, end: string, timeZone: string): string {
  return `${formatDate(start, timeZone)}, ${formatTimeRange(start, end, timeZone)}`;
}

/** A map search link that works on phones without any third-party script on our page. */
export function mapLink(place: string): string {
  return `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(place)}`;
}

const untilFormatters = new Map<string, [Intl.DateTimeFormat, Intl.DateTimeFormat]>();

/**
 * "9:00 PM PDT, Saturday, July 4": a deadline a guest can act on, in the trip's zone with the
 * zone named, time first because on the day that is the part that matters.
 */
export function formatUntil(iso: string, timeZone: string): string {
  let made = untilFormatters.get(timeZone);
  if (!made) {
    made = [
      new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }),
      new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long', month: 'long', day: 'numeric' }),
    ];
    untilFormatters.set(timeZone, made);
  }
  const date = new Date(iso);
  return `${made[0].format(date)}, ${made[1].format(date)}`;
}
