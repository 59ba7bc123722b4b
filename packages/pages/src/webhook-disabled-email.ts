import type { WebhookDisabledView } from '@scc/core';
import { emailDocument, type RenderedEmail, subjectLine } from './email-layout';
import { html } from './html';

/** To the operator: an endpoint stopped getting events, why, and where to turn it back on. */
export function renderWebhookDisabled(view: WebhookDisabledView): RenderedEmail {
  const subject = subjectLine('A webhook endpoint was disabled');
  const content = html`<p>ShipCaptainCrew disabled the webhook endpoint <strong>${view.url}</strong>: ${view.reason}.</p>
<p>No more events are sent to it. Fix the endpoint, then enable it again:</p>
<p><a href="${view.consoleUrl}">${view.consoleUrl}</a></p>`;
  const text = [
    `ShipCaptainCrew disabled the webhook endpoint ${view.url}: ${view.reason}.`,
    '',
    'No more events are sent to it. Fix the endpoint, then enable it again:',
    view.consoleUrl,
  ].join('\n');
  return { subject, html: emailDocument(subject, content), text };
}
