import type { CrewMember } from '../schemas/crew';
import type { CrewEvent } from '../schemas/event';

/**
 * Projections for the surfaces outside the office. Each is an allow-list built field by field,
 * so money, guest contact details and crew contact details cannot reach a guest or a crew
 * email by accident: they are not in these types.
 */
export interface TripView {
  title: string;
  start: string;
  end: string;
  timezone: string;
  boat: string;
  meetingPoint: string;
}

export interface GuestPageView extends TripView {
  slug: string;
  /** A cancelled trip's page says so, kindly, and takes no uploads. */
  cancelled?: boolean;
  whatToBring?: string;
  crew: { firstName: string; role: string }[];
  checklist: { label: string; done: boolean }[];
}

export interface CrewInviteView extends TripView {
  crewName: string;
  role: string;
  guestCount: number;
  crewPageUrl: string;
}

/**
 * What crew see of a trip and are told about when it changes. Guest contact details and
 * money are not crew-visible, so changing only those sends no crew email.
 */
export const CREW_VISIBLE_FIELDS = ['title', 'time', 'boat', 'meetingPoint', 'guests', 'notes', 'tasks', 'role'] as const;
export type CrewVisibleField = (typeof CREW_VISIBLE_FIELDS)[number];

/**
 * The messages a crew member can get about one trip, each at most once per booking version:
 * `invite` when put on it, `changed` when something they see changed, `removed` when taken off
 * (their link stops working), `cancelled`, and `reinstated` when a cancelled trip is back on.
 */
export const CREW_NOTICE_KINDS = ['invite', 'changed', 'removed', 'cancelled', 'reinstated'] as const;
export type CrewNoticeKind = (typeof CREW_NOTICE_KINDS)[number];

/** What a crew member was last told about a trip: the base a "what changed" email compares to. */
export interface CrewBrief {
  title: string;
  start: string;
  end: string;
  timezone: string;
  boat: string;
  meetingPoint: string;
  guestCount: number;
  notes: string;
  tasks: string[];
  role: string;
}

export interface CrewNoticeView extends TripView {
  kind: CrewNoticeKind;
  crewName: string;
  role: string;
  guestCount: number;
  notes: string;
  tasks: string[];
  /** Their crew page; absent for `removed` and `cancelled` (nothing left to open). */
  crewPageUrl?: string;
  /** For `changed`: what changed, and what it was before (to show "was …"). */
  changed: CrewVisibleField[];
  previous?: CrewBrief;
}

export function tripOf(event: CrewEvent): TripView {
  return {
    title: event.title,
    start: event.start,
    end: event.end,
    timezone: event.timezone,
    boat: event.boat,
    meetingPoint: event.meetingPoint,
  };
}

export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
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

export function toCrewInviteView(
  event: CrewEvent,
  member: CrewMember,
  role: string,
  crewPageUrl: string,
): CrewInviteView {
  return { ...tripOf(event), crewName: member.name, role, guestCount: event.guestCount, crewPageUrl };
}

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
