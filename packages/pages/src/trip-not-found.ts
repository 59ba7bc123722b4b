import { html } from './html';
import { page } from './layout';

/**
 * What a guest sees for a trip page that does not exist (a mistyped link, a page not yet
 * published). The same words as the edge's own answer for a malformed address.
 */
export function renderTripNotFound(): string {
  return page(
    'Trip not found',
    html`<h1>Trip not found</h1><section><p>Check the link you were sent, or ask the charter company for a new one.</p></section>`,
  );
}
