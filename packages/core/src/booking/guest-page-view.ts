import type { CrewMember } from '../schemas/crew';
import type { CrewEvent } from '../schemas/event';
import { firstName, type TripView, tripOf } from './views';

/** The guest page: the trip, the crew's first names and checklist; no money, no contacts of crew. */
export interface GuestPageView extends TripView {
  slug: string;
  /** A cancelled trip's page says so, kindly, and takes no uploads. */
  cancelled?: boolean;
  whatToBring?: string;
  crew: { firstName: string; role: string }[];
  checklist: { label: string; done: boolean }[];
}

export function toGuestPageView(event: CrewEvent, slug: string, roster: readonly CrewMember[]): GuestPageView {
  const byId = new Map(roster.map((member) => [member.crewId, member]));
  return {
    ...tripOf(event),
    slug,
    ...(event.cancelled ? { cancelled: true } : {}),
    ...(event.whatToBring ? { whatToBring: event.whatToBring } : {}),
    crew: event.crew.flatMap(({ crewId, role }) => {
      const member = byId.get(crewId);
      return member ? [{ firstName: firstName(member.name), role }] : [];
    }),
    checklist: event.crewTasks.map(({ label, done }) => ({ label, done })),
  };
}
