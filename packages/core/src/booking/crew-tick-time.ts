/**
 * When a checklist item was ticked, as the crew page shows it: the time alone on the day of
 * the trip (everyone knows which day), and the date as well otherwise, always on the trip's
 * own clock. The server and the page's script both use it, so a poll never rewrites the same
 * tick differently.
 */
export function tickTime(doneAt: string, tripStart: string, timeZone: string, now: Date): string {
  const day = dayFormatter(timeZone);
  const tickDay = day.format(new Date(doneAt));
  const sameDay = tickDay === day.format(new Date(tripStart)) && tickDay === day.format(now);
  const time = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(doneAt));
  if (sameDay) return time;
  const date = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', month: 'short', day: 'numeric' }).format(new Date(doneAt));
  return `${date}, ${time}`;
}

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
}

/** The crew member's own answer in one line, as the page shows it before and after a tap. */
export function answerLine(answer: { status: 'pending' | 'confirmed' | 'declined'; at?: string }, timeZone: string, now: Date): string {
  if (answer.status === 'pending') return 'Not answered yet: let the operator know.';
  const when = answer.at ? ` (${tickTime(answer.at, answer.at, timeZone, now)})` : '';
  return answer.status === 'confirmed' ? `You confirmed${when}.` : `You can't make it${when}. The operator has been told.`;
}
