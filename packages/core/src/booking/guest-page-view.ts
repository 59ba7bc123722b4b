import { uploadsCloseAt } from '../photos/policy';
import type { CrewMember } from '../schemas/crew';
import type { CrewEvent } from '../schemas/event';
import type { OperatorSettings } from '../settings/operator-settings';
import { firstName, type TripView, tripOf } from './views';

/**
 * The guest page: the trip, the crew's first names and checklist, the operator's name and
 * phone for the dock; no money, no contacts of crew or of the guest.
 */
export interface GuestPageView extends TripView {
  slug: string;
  /** A cancelled trip's page says so, kindly, and takes no uploads. */
  cancelled?: boolean;
  whatToBring?: string;
  crew: { firstName: string; role: string }[];
  checklist: { label: string; done: boolean }[];
  /**
   * When uploads close as the page was rendered (the end plus the operator's grace); the
   * page's script takes the live value from the gallery, so a later change still shows.
   * Without it, the end.
   */
  uploadsUntil?: string;
  /** Who runs the trip and a number to call from the dock (operator settings). */
  operator?: { name?: string; phone?: string };
  /** `progress`: only "3 of 5 done", not the items (operator settings). Default `items`. */
  checklistShows?: 'items' | 'progress';
}

export function toGuestPageView(
  event: CrewEvent,
  slug: string,
  roster: readonly CrewMember[],
  settings?: Pick<OperatorSettings, 'operator' | 'guestPage'>,
): GuestPageView {
  const byId = new Map(roster.map((member) => [member.crewId, member]));
  const operator = {
    ...(settings?.operator.name ? { name: settings.operator.name } : {}),
    ...(settings?.operator.phone ? { phone: settings.operator.phone } : {}),
  };
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
    uploadsUntil: new Date(uploadsCloseAt(event.end, settings?.guestPage.uploadGraceMinutes ?? 0)).toISOString(),
    ...(Object.keys(operator).length ? { operator } : {}),
    checklistShows: settings?.guestPage.checklist ?? 'items',
  };
}
