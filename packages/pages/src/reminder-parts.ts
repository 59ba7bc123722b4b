import type { ChecklistProgress, OperatorContact } from '@scc/core';
import { MUTED } from './email-layout';
import { html, type SafeHtml } from './html';

/** One label and value, drawn the same in HTML and text so the two cannot disagree. */
export interface Row {
  label: string;
  value: string;
  href?: string;
}

export function rowsHtml(rows: readonly Row[]): SafeHtml {
  return html`<table role="presentation" style="border-collapse:collapse;margin:1em 0">${rows.map(
    (row) =>
      html`<tr><th scope="row" style="text-align:left;vertical-align:top;padding:.3em 1em .3em 0;${MUTED};font-weight:600">${row.label}</th><td style="padding:.3em 0">${
        row.href ? html`<a href="${row.href}" style="color:#0b5cad">${row.value}</a>` : row.value
      }</td></tr>`,
  )}</table>`;
}

export function rowsText(rows: readonly Row[]): string[] {
  return rows.map((row) => `${row.label}: ${row.value}`);
}

/** "3 of 5 done", or that there is no checklist. */
export function progressLine({ done, total }: ChecklistProgress): string {
  return total === 0 ? 'no checklist for this trip' : `${done} of ${total} done`;
}

export function button(url: string, label: string): SafeHtml {
  return html`<p style="margin:1.5em 0"><a href="${url}" style="display:inline-block;padding:.7em 1.4em;background:#0b5cad;color:#fff;border-radius:.4em;text-decoration:none;font-weight:600">${label}</a></p>`;
}

/** How a guest reaches the operator, from the operator settings; nothing when unset. */
export function contactLine({ name, phone }: OperatorContact): string | undefined {
  if (name && phone) return `Questions? Call ${name} on ${phone}.`;
  if (phone) return `Questions? Call us on ${phone}.`;
  return name ? `See you soon — ${name}` : undefined;
}
