import { NotFoundError, UnknownCrewError, VersionConflictError } from '../errors';
import type { Clock, CrewRepository, EventRepository } from '../ports';
import type { CrewEvent } from '../schemas/event';
import { briefOfEvent, crewLinkExpiry } from './crew-notices';
import type { Mailer, OutgoingEmail } from './ports';
import type { NotificationRepository } from './repository';
import type { CrewNoticeView } from './views';

export interface CrewLink {
  crewId: string;
  name: string;
  url: string;
  expiresAt: string;
  emailed: boolean;
}

interface Deps {
  events: EventRepository;
  crew: CrewRepository;
  notifications: NotificationRepository;
  mailer: Mailer;
  render: { crewNotice(view: CrewNoticeView): Omit<OutgoingEmail, 'to'> };
  links: { crewPageUrl(eventId: string, crewId: string, expiresAt: Date, generation?: number): Promise<string> };
  clock: Clock;
}

/**
 * The office's handle on crew links: today's working link of each person (to copy), and a
 * new one (a lost email, a forwarded link) that revokes the one before. Admin-only: the
 * answers hold working links.
 */
export class CrewLinkService {
  constructor(private readonly deps: Deps) {}

  /** The links that work now, signed again for their current generation; nothing is revoked. */
  async current(eventId: string, crewId?: string): Promise<CrewLink[]> {
    const event = await this.event(eventId);
    return this.sign(event, this.pick(event, crewId), false, crewId);
  }

  /** New links for one or all crew of a trip; the previous links stop working. Emailed when `send`. */
  async reissue(eventId: string, options: { crewId?: string; send?: boolean } = {}): Promise<CrewLink[]> {
    let event = await this.event(eventId);
    const ids = this.pick(event, options.crewId).map((a) => a.crewId);
    for (let attempt = 0; ; attempt++) {
      const generations = { ...event.linkGenerations };
      for (const id of ids) generations[id] = (generations[id] ?? 1) + 1;
      const next: CrewEvent = { ...event, linkGenerations: generations, version: event.version + 1, updatedAt: this.deps.clock().toISOString() };
      try {
        await this.deps.events.replace(next, event.version);
        event = next;
        break;
      } catch (error) {
        // A tick or a booking change got in between: read again and bump on top of it.
        if (!(error instanceof VersionConflictError) || attempt >= 4) throw error;
        event = await this.event(eventId);
      }
    }
    return this.sign(event, this.pick(event, options.crewId), options.send ?? false, options.crewId);
  }

  private async event(eventId: string): Promise<CrewEvent> {
    const event = await this.deps.events.get(eventId);
    if (!event) throw new NotFoundError(`No event ${eventId}`, { details: { eventId } });
    return event;
  }

  private pick(event: CrewEvent, crewId: string | undefined) {
    const assignments = event.crew.filter((a) => !crewId || a.crewId === crewId);
    if (crewId && assignments.length === 0) {
      throw new NotFoundError(`${crewId} is not on the crew of this trip`, { details: { eventId: event.eventId, crewId } });
    }
    return assignments;
  }

  private async sign(event: CrewEvent, assignments: CrewEvent['crew'], send: boolean, asked?: string): Promise<CrewLink[]> {
    const roster = new Map((await this.deps.crew.getMany(assignments.map((a) => a.crewId))).map((m) => [m.crewId, m]));
    const expiresAt = crewLinkExpiry(event.end);
    // A deactivated member's link would not open (the crew page refuses them), so none is
    // signed or emailed: asked for by name, that is an error; in the list, they are left out.
    if (asked && roster.get(asked)?.active === false) {
      throw new UnknownCrewError(`${asked} is no longer on the active roster, so their link would not open`, {
        details: { unknown: [], inactive: [asked] },
      });
    }
    return Promise.all(
      assignments
        .filter(({ crewId }) => roster.get(crewId)?.active !== false)
        .map(async ({ crewId, role }) => {
          const member = roster.get(crewId);
          if (!member) throw new NotFoundError(`Crew member ${crewId} is not on the roster`, { details: { crewId } });
          const generation = event.linkGenerations?.[crewId] ?? 1;
          const url = await this.deps.links.crewPageUrl(event.eventId, crewId, expiresAt, generation);
          if (send) {
            const brief = briefOfEvent(event, role);
            const email = this.deps.render.crewNotice({ ...brief, kind: 'invite', crewName: member.name, changed: [], crewPageUrl: url });
            const { messageId } = await this.deps.mailer.send({ to: member.email, ...email });
            // Each explicit re-send is its own message, kept for the record.
            const kind = `resend-${this.deps.clock().toISOString()}`;
            await this.deps.notifications.claim(event.eventId, crewId, kind, this.deps.clock());
            await this.deps.notifications.markSent(event.eventId, crewId, kind, messageId, this.deps.clock());
          }
          return { crewId, name: member.name, url, expiresAt: expiresAt.toISOString(), emailed: send };
        }),
    );
  }
}
