import type { BookingDetail } from '../booking-api';
import { type CrewLink, crewLinkLine, currentCrewLinks, resendInvite } from '../crew-links';
import { button, fill, h } from '../dom';
import type { RosterMember } from '../roster';
import { ApiError, messageOf } from '../session';
import { type Ctx, section } from '../ui';
import { crewAnswer } from './crew-status';

/**
 * The trip's crew with their roles and contacts, whether each confirmed or cannot make it
 * (when, and their note; swap someone with Edit), each person's working link (open or copy it,
 * labelled with their name) and "Resend invite", which issues a new link and so stops the old
 * one: it asks first.
 */
export function crewSection(ctx: Ctx, detail: BookingDetail, roster: RosterMember[]): HTMLElement {
  if (detail.crew.length === 0) return section('Crew', h('p', { class: 'hint' }, 'No crew assigned.'));
  const byId = new Map(roster.map((m) => [m.crewId, m]));
  // Only the people on the trip now have a status: a swapped-out person's answer is gone with them.
  const answers = new Map(detail.crewStatus.map((s) => [s.crewId, s]));
  const rows = new Map<string, { links: HTMLElement; actions: HTMLElement; said: HTMLElement }>();
  const list = h('ul', { class: 'crew-list' });
  for (const member of detail.crew) {
    const known = byId.get(member.crewId);
    const links = h('div', { class: 'crew-links' }, h('span', { class: 'hint' }, 'Loading the link…'));
    const actions = h('div', { class: 'row-actions confirm-row' });
    const said = h('p', { class: 'hint', role: 'status' });
    rows.set(member.crewId, { links, actions, said });
    list.append(
      h(
        'li',
        { class: 'crew-member', 'data-crew-id': member.crewId },
        h('p', { class: 'crew-who' }, h('strong', {}, member.name), ` — ${member.role}`, known && !known.active ? h('span', { class: 'badge muted-badge' }, 'Inactive') : null),
        known ? h('p', { class: 'hint' }, h('a', { href: `mailto:${known.email}` }, known.email), known.phone ? ` · ${known.phone}` : '') : null,
        crewAnswer(answers.get(member.crewId), detail.timezone),
        answers.get(member.crewId)?.status === 'declined' && detail.status !== 'cancelled'
          ? h('p', { class: 'hint' }, h('a', { href: `/admin/bookings/${detail.bookingId}/edit` }, `Swap ${member.name} for someone else`), ': the new person is invited, and they are told.')
          : null,
        links,
        actions,
        said,
      ),
    );
  }

  const showLink = (link: CrewLink) => {
    const row = rows.get(link.crewId);
    if (!row) return;
    // A cancelled trip has nobody to invite; its links still open the page that says so.
    const [copy, open, expiry] = crewLinkLine(link);
    fill(row.links, copy, detail.status === 'cancelled' ? null : resendButton(link), open, expiry);
    row.actions.replaceChildren();
  };

  /** Asks first: the person's current link stops working the moment a new one is issued. */
  const resendButton = (link: CrewLink): HTMLButtonElement =>
    button(
      'Resend invite',
      () => {
        const row = rows.get(link.crewId);
        if (!row) return;
        const send = button(
          'Send a new link',
          () => {
            void (async () => {
              send.disabled = true;
              row.said.textContent = 'Sending…';
              try {
                const fresh = await resendInvite(ctx, detail.eventId, link.crewId);
                if (ctx.signal.aborted) return;
                if (fresh) showLink(fresh);
                else row.actions.replaceChildren();
                row.said.textContent = `New link emailed to ${link.name}. The old one no longer works.`;
                row.links.querySelector<HTMLElement>('.resend')?.focus();
              } catch (error) {
                send.disabled = false;
                row.said.textContent = `Not sent: ${messageOf(error)}`;
              }
            })();
          },
          { class: 'small', 'aria-label': `Send ${link.name} a new link` },
        );
        const keep = button(
          'Keep the old link',
          () => {
            row.actions.replaceChildren();
            row.said.textContent = '';
            row.links.querySelector<HTMLElement>('.resend')?.focus();
          },
          { class: 'secondary small' },
        );
        fill(row.actions, h('p', { class: 'confirm' }, `${link.name}’s current link will stop working. Email them a new one?`), send, keep);
        send.focus();
      },
      { class: 'secondary small resend', 'aria-label': `Resend invite to ${link.name}` },
    );

  void (async () => {
    try {
      const links = await currentCrewLinks(ctx, detail.eventId);
      if (ctx.signal.aborted) return;
      for (const link of links) showLink(link);
    } catch (error) {
      if (ctx.signal.aborted) return;
      const text = error instanceof ApiError && error.status === 404 ? 'No link until the crew event is written: retry that step.' : `Could not get the link: ${messageOf(error)}`;
      for (const row of rows.values()) fill(row.links, h('span', { class: 'hint' }, text));
    }
  })();

  return section('Crew', list);
}
