import type { Steps } from './core';
import { copyButton } from './copy';
import { fill, h } from './dom';
import { data, messageOf } from './session';
import { alertBox, type Ctx } from './ui';

export interface CrewLink {
  crewId: string;
  name: string;
  url: string;
  expiresAt: string;
}

/** Each crew member's working link, read without revoking anything (GET, not POST). */
export async function currentCrewLinks(ctx: Ctx, eventId: string): Promise<CrewLink[]> {
  return (await data(ctx.api.events[':eventId'].links.$get({ param: { eventId } }))).links;
}

/** A new link for one person, emailed to them; their previous link stops working at once. */
export async function resendInvite(ctx: Ctx, eventId: string, crewId: string): Promise<CrewLink | undefined> {
  const { links } = await data(ctx.api.events[':eventId'].links.$post({ param: { eventId }, json: { crewId, send: true } }));
  return links.find((l) => l.crewId === crewId);
}

export function expiryText(expiresAt: string): string {
  return `works until ${new Date(expiresAt).toLocaleDateString('en-US', { dateStyle: 'medium' })}`;
}

/** "[Copy link] Open crew page (works until …)": the person's link to pass on, or to open. */
export function crewLinkLine(link: CrewLink): HTMLElement[] {
  return [
    copyButton(link.url, 'Copy link', `Copy ${link.name}’s crew link`),
    h('a', { href: link.url, target: '_blank', rel: 'noreferrer', class: 'crew-link', 'data-crew-id': link.crewId }, 'Open crew page'),
    h('span', { class: 'hint expiry' }, `Link ${expiryText(link.expiresAt)}`),
  ];
}

/** Each crew member's own link, for the office to pass on by hand if an email goes astray. */
export async function showCrewLinks(ctx: Ctx, eventId: string, steps: Steps, into: HTMLElement): Promise<void> {
  if (steps.event.status !== 'succeeded') {
    fill(into, h('p', { class: 'hint' }, 'Crew links appear once the crew event is written.'));
    return;
  }
  try {
    const links = await currentCrewLinks(ctx, eventId);
    if (ctx.signal.aborted) return;
    fill(
      into,
      links.length === 0
        ? h('p', { class: 'hint' }, 'No crew assigned, so no crew links.')
        : h('ul', { class: 'links', 'aria-label': 'Crew links' }, ...links.map((l) => h('li', {}, h('strong', {}, l.name), h('div', { class: 'crew-links' }, ...crewLinkLine(l))))),
    );
  } catch (error) {
    fill(into, alertBox(`Could not get the crew links: ${messageOf(error)}`));
  }
}
