import type { DigestBookingIssue, DigestTrip, DigestView } from '@scc/core';
import { emailDocument, MUTED, type RenderedEmail, subjectLine } from './email-layout';
import { formatDate, formatTimeRange } from './format';
import { html, type SafeHtml } from './html';
import { progressLine } from './reminder-parts';

const STATUS: Record<DigestTrip['crew'][number]['status'], string> = { confirmed: 'confirmed', declined: "can't make it", pending: 'not confirmed yet' };

function crewLine(trip: DigestTrip): string {
  if (trip.crew.length === 0) return 'no crew assigned';
  return trip.crew.map((c) => `${c.name} (${c.role}): ${STATUS[c.status]}`).join('; ');
}

function tripHeading(trip: DigestTrip): string {
  return `${formatTimeRange(trip.start, trip.end, trip.timezone)} — ${trip.title} on ${trip.boat}`;
}

function tripsHtml(title: string, trips: readonly DigestTrip[]): SafeHtml {
  if (trips.length === 0) return html`<h2 style="font-size:1.1em">${title}</h2><p style="${MUTED}">No trips.</p>`;
  return html`<h2 style="font-size:1.1em">${title}</h2>
<ul style="padding-left:1.2em">${trips.map(
    (trip) => html`<li style="margin-bottom:.8em"><a href="${trip.bookingUrl}" style="color:#0b5cad">${tripHeading(trip)}</a><br>
<span>Crew: ${crewLine(trip)}</span><br><span>Checklist: ${progressLine(trip.checklist)}</span></li>`,
  )}</ul>`;
}

function tripsText(title: string, trips: readonly DigestTrip[]): string[] {
  if (trips.length === 0) return [title, 'No trips.', ''];
  return [title, ...trips.flatMap((trip) => [`- ${tripHeading(trip)}`, `  Crew: ${crewLine(trip)}`, `  Checklist: ${progressLine(trip.checklist)}`, `  ${trip.bookingUrl}`]), ''];
}

function issueLine(issue: DigestBookingIssue): string {
  return `${issue.title} (${formatDate(issue.start, issue.timezone)}): ${issue.problem}`;
}

function issuesHtml(title: string, issues: readonly DigestBookingIssue[]): SafeHtml {
  if (issues.length === 0) return html``;
  return html`<h2 style="font-size:1.1em">${title}</h2>
<ul style="padding-left:1.2em">${issues.map((issue) => html`<li><a href="${issue.bookingUrl}" style="color:#0b5cad">${issueLine(issue)}</a></li>`)}</ul>`;
}

function issuesText(title: string, issues: readonly DigestBookingIssue[]): string[] {
  if (issues.length === 0) return [];
  return [title, ...issues.flatMap((issue) => [`- ${issueLine(issue)}`, `  ${issue.bookingUrl}`]), ''];
}

/**
 * The operator's morning digest: today's and tomorrow's trips with crew answers and checklist
 * progress, then whatever needs them. Every string from the view is escaped by `html`.
 */
export function renderDigest(view: DigestView): RenderedEmail {
  const today = view.trips.filter((t) => t.day === 'today');
  const tomorrow = view.trips.filter((t) => t.day === 'tomorrow');
  const attention = view.crew.length + view.failedSteps.length + view.feedAlerts.length + view.channels.length;
  const date = formatDate(`${view.date}T12:00:00Z`, 'UTC');
  const subject = subjectLine(
    `${date}: ${today.length} ${today.length === 1 ? 'trip' : 'trips'} today${attention > 0 ? `, ${attention} to look at` : ''}`,
  );
  const channels = view.channels.map((c) => `${c.name}: ${c.problem}`);
  return {
    subject,
    html: emailDocument(subject, html`<p>Good morning. Here is ${date}.</p>
${issuesHtml('Crew', view.crew)}
${issuesHtml('Failed steps', view.failedSteps)}
${issuesHtml('Missing from a feed', view.feedAlerts)}
${channels.length > 0 ? html`<h2 style="font-size:1.1em">Channels</h2><ul style="padding-left:1.2em">${channels.map((line) => html`<li>${line}</li>`)}</ul>` : ''}
${tripsHtml('Today', today)}
${tripsHtml('Tomorrow', tomorrow)}
<p style="${MUTED};font-size:.9em">Times are in each trip’s own time zone.</p>`),
    text: [
      `Good morning. Here is ${date}.`,
      '',
      ...issuesText('Crew', view.crew),
      ...issuesText('Failed steps', view.failedSteps),
      ...issuesText('Missing from a feed', view.feedAlerts),
      ...(channels.length > 0 ? ['Channels', ...channels.map((line) => `- ${line}`), ''] : []),
      ...tripsText('Today', today),
      ...tripsText('Tomorrow', tomorrow),
      'Times are in each trip’s own time zone.',
    ].join('\n'),
  };
}
