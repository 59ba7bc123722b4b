import type { CrewNoticeKind, CrewNoticeView } from '@scc/core';
import { changedDetailsHtml, changedDetailsText, changeSentence } from './crew-changes';
import { tripRows, tripTableHtml, tripTableText } from './crew-trip-table';
import { crewPageButton, emailDocument, LINK_NOTE, MUTED, type RenderedEmail, subjectLine } from './email-layout';
import { formatDate, formatTimeRange } from './format';
import { html, type SafeHtml } from './html';

/** One kind's words: the subject, the HTML between greeting and sign-off, and the same as text. */
interface Template {
  subject: string;
  html: SafeHtml;
  text: string[];
}

/**
 * The link block, for the kinds that carry one. The step gives no link when it could not make
 * one; the email then says where to get it rather than showing a dead button.
 */
function link(view: CrewNoticeView): { html: SafeHtml; text: string[] } {
  if (!view.crewPageUrl) {
    const missing = 'Ask the operator for the link to your crew page.';
    return { html: html`<p>${missing}</p>`, text: ['', missing] };
  }
  return { html: crewPageButton(view.crewPageUrl), text: ['', `Your crew page: ${view.crewPageUrl}`, '', ...LINK_NOTE] };
}

/** The page takes the answer, never the email: a mail scanner opening a link must not answer. */
const ANSWER_ASK = "Please confirm on your crew page, or tell the operator there that you can't make it.";

function invite(view: CrewNoticeView, date: string): Template {
  const rows = tripRows(view, { role: false });
  const page = link(view);
  return {
    subject: `${view.title} — ${date} on ${view.boat}`,
    html: html`<p>You are on <strong>${view.title}</strong> as <strong>${view.role}</strong>.</p>
${tripTableHtml(rows)}
${view.crewPageUrl ? html`<p>${ANSWER_ASK}</p>` : ''}
${page.html}`,
    text: [`You are on ${view.title} as ${view.role}.`, '', ...tripTableText(rows), ...(view.crewPageUrl ? ['', ANSWER_ASK] : []), ...page.text],
  };
}

function changed(view: CrewNoticeView, date: string): Template {
  const rows = tripRows(view, { role: true });
  const sentence = changeSentence(view);
  const page = link(view);
  return {
    subject: `Changed: ${view.title} — ${date} on ${view.boat}`,
    html: html`<p style="font-size:1.1em"><strong>${sentence}</strong></p>
<p>Here is <strong>${view.title}</strong> as it stands now:</p>
${tripTableHtml(rows)}
${changedDetailsHtml(view)}
${page.html}`,
    text: [sentence, '', `Here is ${view.title} as it stands now:`, '', ...tripTableText(rows), ...changedDetailsText(view), ...page.text],
  };
}

function removed(view: CrewNoticeView, date: string): Template {
  const note = "You don't need to come, and your crew page link no longer works. If you think this is a mistake, please ask the operator.";
  return {
    subject: `You are no longer on ${view.title} — ${date}`,
    html: html`<p>You are no longer on <strong>${view.title}</strong> (${date}).</p><p>${note}</p>`,
    text: [`You are no longer on ${view.title} (${date}).`, '', note],
  };
}

function cancelled(view: CrewNoticeView, date: string): Template {
  const was = `It was ${formatTimeRange(view.start, view.end, view.timezone)} on ${view.boat}.`;
  const next = 'If it is back on, you will get a new email with your link.';
  return {
    subject: `Cancelled: ${view.title} — ${date}`,
    html: html`<p style="font-size:1.1em"><strong>${view.title}</strong> on ${date} is cancelled. You don't need to come.</p>
<p style="${MUTED}">${was} ${next}</p>`,
    text: [`${view.title} on ${date} is cancelled. You don't need to come.`, '', was, next],
  };
}

function reinstated(view: CrewNoticeView, date: string): Template {
  const rows = tripRows(view, { role: true });
  const page = link(view);
  // Back on after a cancellation can come with changes made meanwhile: the rows show them.
  return {
    subject: `Back on: ${view.title} — ${date} on ${view.boat}`,
    html: html`<p style="font-size:1.1em"><strong>${view.title}</strong> is back on.</p>
<p>You are on it as <strong>${view.role}</strong>.</p>
${tripTableHtml(rows)}
${changedDetailsHtml(view)}
${page.html}`,
    text: [`${view.title} is back on.`, `You are on it as ${view.role}.`, '', ...tripTableText(rows), ...changedDetailsText(view), ...page.text],
  };
}

const TEMPLATES: Record<CrewNoticeKind, (view: CrewNoticeView, date: string) => Template> = {
  invite,
  changed,
  removed,
  cancelled,
  reinstated,
};

/**
 * Every email a crew member gets about a trip. The view holds no money and no guest contact
 * details, so no template can show them; every string from it is escaped by `html`.
 */
export function renderCrewNotice(view: CrewNoticeView): RenderedEmail {
  const template = TEMPLATES[view.kind](view, formatDate(view.start, view.timezone));
  const subject = subjectLine(template.subject);
  return {
    subject,
    html: emailDocument(subject, html`<p>Hi ${view.crewName},</p>
${template.html}`),
    text: [`Hi ${view.crewName},`, '', ...template.text].join('\n'),
  };
}
