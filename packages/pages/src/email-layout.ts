import { html, type SafeHtml } from './html';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** A newline in a subject would be a header injection or a rejected send: one line, always. */
export function subjectLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export const MUTED = 'color:#4a5a68';

/**
 * The HTML shell of every crew email. Inline styles only, because mail clients drop <style>
 * blocks; one narrow column so it reads the same in a phone's mail app as on a desktop.
 */
export function emailDocument(subject: string, content: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${subject}</title></head>
<body style="margin:0;padding:16px;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:16px;line-height:1.5;color:#10202e;background:#fff">
<div style="max-width:36rem;margin:0 auto">
${content}
</div>
</body></html>`.value;
}

export function crewPageButton(url: string): SafeHtml {
  return html`<p style="margin:1.5em 0"><a href="${url}" style="display:inline-block;padding:.7em 1.4em;background:#0b5cad;color:#fff;border-radius:.4em;text-decoration:none;font-weight:600">Open your crew page</a></p>
<p style="${MUTED};font-size:.9em">The link is yours alone; it works until three days after the trip. If it stops working, ask the operator for a new one.</p>`;
}

export const LINK_NOTE = [
  'The link is yours alone; it works until three days after the trip.',
  'If it stops working, ask the operator for a new one.',
];
