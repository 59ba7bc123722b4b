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

/** The trip's own fields, picked one by one from a crew event or a booking's request. */
export function tripOf(source: TripView): TripView {
  return {
    title: source.title,
    start: source.start,
    end: source.end,
    timezone: source.timezone,
    boat: source.boat,
    meetingPoint: source.meetingPoint,
  };
}

/** The same instants written with another offset are no move; a new zone is. */
export function timeMoved(before: Pick<TripView, 'start' | 'end' | 'timezone'>, after: Pick<TripView, 'start' | 'end' | 'timezone'>): boolean {
  return Date.parse(before.start) !== Date.parse(after.start) || Date.parse(before.end) !== Date.parse(after.end) || before.timezone !== after.timezone;
}

/** What a guest sees of their trip in an email: the trip, never money or crew contacts. */
export interface GuestBrief extends TripView {
  whatToBring?: string;
}

/** What the guest was last told, at which address, and whether that was a cancellation. */
export interface GuestTold extends GuestBrief {
  email: string;
  cancelled?: boolean;
}

export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

export function toCrewInviteView(
  event: CrewEvent,
  member: CrewMember,
  role: string,
  crewPageUrl: string,
): CrewInviteView {
  return { ...tripOf(event), crewName: member.name, role, guestCount: event.guestCount, crewPageUrl };
}
