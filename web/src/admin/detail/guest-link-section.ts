import { copyButton } from '../copy';
import { button, h } from '../dom';
import { section } from '../ui';
import { qrSvg } from './qr-svg';

/**
 * The guest page's link for the operator to hand on: copy it into the marketplace chat, or
 * show, print or save its QR code for the boat or the confirmation. The code is drawn here in
 * the browser, so the API sends nothing more than the URL it already has.
 */
export function guestLinkSection(guestUrl: string, title: string, cancelled: boolean): HTMLElement {
  const qr = qrSvg(guestUrl, `QR code for the guest page of ${title}`);
  qr.id = 'guest-qr';
  const figure = h('figure', { class: 'qr' }, h('figcaption', { class: 'hint' }, 'Guests scan this to open their page.'));
  figure.prepend(qr);

  const download = button('Download QR (SVG)', () => {
    const file = new Blob([new XMLSerializer().serializeToString(qr)], { type: 'image/svg+xml' });
    const url = URL.createObjectURL(file);
    const a = h('a', { href: url, download: 'guest-page-qr.svg', hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    // The click has handed the file to the browser's download by now; the URL can go.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }, { class: 'secondary small', id: 'download-qr' });
  const print = button('Print QR', () => {
    document.body.classList.add('printing-qr');
    window.addEventListener('afterprint', () => document.body.classList.remove('printing-qr'), { once: true });
    window.print();
  }, { class: 'secondary small', id: 'print-qr' });

  return section(
    'Guest page',
    h(
      'p',
      { class: 'hint' },
      cancelled
        ? 'The trip is cancelled: the page tells guests so.'
        : 'Send this link to the guests (paste it into the marketplace chat) or print the QR code for the boat. Guests see the trip, what to bring, and share their photos there.',
    ),
    h(
      'p',
      { class: 'guest-link-row' },
      h('a', { href: guestUrl, target: '_blank', rel: 'noreferrer', id: 'guest-link' }, guestUrl),
      ' ',
      copyButton(guestUrl, 'Copy link', 'Copy the guest page link'),
    ),
    figure,
    h('div', { class: 'actions' }, download, print),
  );
}
