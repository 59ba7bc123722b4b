import type { CrewEvent } from '../schemas/event';
import type { ToldBrief } from './schema';
import { type BookingBasis, crewEventOf } from './drafts';
import { CREW_VISIBLE_FIELDS, type CrewBrief, type CrewNoticeKind, type CrewVisibleField, timeMoved, tripOf } from './views';

/** Crew links stay valid until three days after the trip, then lapse on their own. */
export const CREW_LINK_GRACE_MS = 72 * 60 * 60 * 1000;

export function crewLinkExpiry(end: string): Date {
  return new Date(Date.parse(end) + CREW_LINK_GRACE_MS);
}

/**
 * One person whose knowledge of the trip must move: the message to send (none when the change
 * needs no email, e.g. someone taken off a trip they only know as cancelled), and what they
 * will have been told afterwards (`undefined` once they are off the trip).
 */
export interface PlannedNotice {
  crewId: string;
  kind: CrewNoticeKind | undefined;
  changed: CrewVisibleField[];
  previous?: ToldBrief;
  after: ToldBrief | undefined;
}
/** What a crew member in `role` sees of the booking: what its crew event shows them. */
export function briefOf(record: BookingBasis, role: string): CrewBrief {
  return briefOfEvent(crewEventOf(record), role);
}

/** The same, read from a crew event (for messages sent outside a booking run). */
export function briefOfEvent(event: CrewEvent, role: string): CrewBrief {
  return {
    ...tripOf(event),
    guestCount: event.guestCount,
    notes: event.notes,
    tasks: event.crewTasks.map((task) => task.label),
    role,
  };
}

/** The fields a crew member would notice between two briefs, in a fixed order. */
export function changedFields(before: CrewBrief, after: CrewBrief): CrewVisibleField[] {
  const differs: Record<CrewVisibleField, boolean> = {
    title: before.title !== after.title,
    time: timeMoved(before, after),
    boat: before.boat !== after.boat,
    meetingPoint: before.meetingPoint !== after.meetingPoint,
    guests: before.guestCount !== after.guestCount,
    notes: before.notes !== after.notes,
    tasks: before.tasks.join('\u0000') !== after.tasks.join('\u0000'),
    role: before.role !== after.role,
  };
  return CREW_VISIBLE_FIELDS.filter((field) => differs[field]);
}

/**
 * Who needs which message to go from what each person was told to what the booking says now.
 * Pure: the same inputs always plan the same messages, so a retry plans what is still due.
 */
export function planNotices(
  told: Readonly<Record<string, ToldBrief>>,
  record: BookingBasis,
): PlannedNotice[] {
  const cancelled = record.status === 'cancelled';
  const roles = new Map(record.request.crew.map((a) => [a.crewId, a.role]));
  const people = [...new Set([...Object.keys(told), ...roles.keys()])];
  return people.flatMap((crewId): PlannedNotice[] => {
    const previous = told[crewId];
    const role = roles.get(crewId);
    if (role === undefined) {
      if (!previous) return [];
      // Someone who only knows the trip as cancelled needs no word that they are off it.
      return [{ crewId, kind: previous.cancelled ? undefined : 'removed', changed: [], previous, after: undefined }];
    }
    const brief = briefOf(record, role);
    if (cancelled) {
      if (!previous || previous.cancelled) return [];
      return [{ crewId, kind: 'cancelled', changed: [], previous, after: { ...previous, cancelled: true } }];
    }
    if (!previous) return [{ crewId, kind: 'invite', changed: [], after: brief }];
    const changed = changedFields(previous, brief);
    if (previous.cancelled) return [{ crewId, kind: 'reinstated', changed, previous, after: brief }];
    return changed.length > 0 ? [{ crewId, kind: 'changed', changed, previous, after: brief }] : [];
  });
}

/** What everyone will have been told once every planned notice is sent. */
export function toldAfter(told: Readonly<Record<string, ToldBrief>>, plan: readonly PlannedNotice[]): Record<string, ToldBrief> {
  const next: Record<string, ToldBrief> = { ...told };
  for (const notice of plan) {
    if (notice.after) next[notice.crewId] = notice.after;
    else delete next[notice.crewId];
  }
  return next;
}
