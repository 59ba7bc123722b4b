import type { CrewMember } from '../schemas/crew';
import type { CrewEvent } from '../schemas/event';
import { type TripView, tripOf } from './views';

/** The crew page: what crew need on the dock, including each other's phones; no money. */
export interface CrewPageView extends TripView {
  eventId: string;
  /** The trip is off: the page says so at the top; the checklist stays readable. */
  cancelled?: boolean;
  viewerName: string;
  partyName?: string;
  guestCount: number;
  notes: string;
  crew: { name: string; role: string; phone?: string }[];
  checklist: { taskId: string; label: string; done: boolean; doneBy?: string; doneAt?: string }[];
  guestPageUrl?: string;
}

export function toCrewPageView(
  event: CrewEvent,
  viewer: CrewMember,
  roster: readonly CrewMember[],
  guestPageUrl?: string,
): CrewPageView {
  const byId = new Map(roster.map((member) => [member.crewId, member]));
  return {
    ...tripOf(event),
    eventId: event.eventId,
    ...(event.cancelled ? { cancelled: true } : {}),
    viewerName: viewer.name,
    ...(event.partyName ? { partyName: event.partyName } : {}),
    guestCount: event.guestCount,
    notes: event.notes,
    crew: event.crew.map(({ crewId, role }) => {
      const member = byId.get(crewId);
      return { name: member?.name ?? crewId, role, ...(member?.phone ? { phone: member.phone } : {}) };
    }),
    checklist: event.crewTasks.map(({ taskId, label, done, doneBy, doneAt }) => ({
      taskId,
      label,
      done,
      ...(doneBy ? { doneBy: byId.get(doneBy)?.name ?? doneBy } : {}),
      ...(doneAt ? { doneAt } : {}),
    })),
    ...(guestPageUrl ? { guestPageUrl } : {}),
  };
}
