import { copyButton } from '../copy';
import { button, h } from '../dom';

/** How a receiver checks a delivery, with the Standard Webhooks library for Node. */
const VERIFY_SNIPPET = `// npm install standardwebhooks
import { Webhook }
  from 'standardwebhooks';

// secret: the whsec_… above
const wh = new Webhook(secret);

// body: the raw request body
// (a string, not parsed JSON).
// Throws if the signature
// is wrong:
const event =
  wh.verify(body, headers);`;

/**
 * The signing secret, shown once (after adding an endpoint or rotating its secret): Copy, a
 * short "verify it like this", and a button to put it away.
 */
export function secretPanel(secret: string, options: { rotated: boolean; onDone: () => void }): HTMLElement {
  const id = `secret-${Math.random().toString(36).slice(2, 8)}`;
  const done = button('I have saved it', () => options.onDone(), { class: 'secondary small' });
  return h(
    'div',
    { class: 'action-panel secret-panel', role: 'region', 'aria-labelledby': id },
    h('h3', { id }, options.rotated ? 'New signing secret — shown once' : 'Signing secret — shown once'),
    h(
      'p',
      {},
      options.rotated
        ? 'Put it in the receiving system now: SCC will not show it again. The old secret keeps signing for 24 hours, so deliveries verify with either until you switch.'
        : 'Put it in the receiving system now: SCC will not show it again. If it is lost, rotate the secret to get a new one.',
    ),
    h('p', { class: 'secret' }, h('code', { 'data-secret': '' }, secret)),
    h('div', { class: 'row-actions' }, copyButton(secret, 'Copy', 'Copy the signing secret'), done),
    h('h4', {}, 'Verify it like this (Node)'),
    h('pre', { class: 'code' }, h('code', {}, VERIFY_SNIPPET)),
  );
}
