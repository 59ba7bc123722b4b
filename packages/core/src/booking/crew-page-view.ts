import type { CrewMember } from '../schemas/crew';
import type { CrewEvent } from '../schemas/event';
import { type CrewResponseStatus, crewStatusOf } from './crew-responses';
import type { BookingRecord } from './schema';
import { type TripView, tripOf } from './views';

/** The viewer's own answer to being on the trip, and whether they can still give or change it. */
export interface CrewPageResponse {
  status: CrewResponseStatus;
  at?: string;
  note?: string;
  /** False once the trip is cancelled or over: the answer is shown, not asked for. */
  open: boolean;
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
  /** `status`: who confirmed or cannot make it (never their note, which is for the operator). */
  crew: { name: string; role: string; phone?: string; status?: CrewResponseStatus }[];
  checklist: { taskId: string; label: string; done: boolean; doneBy?: string; doneAt?: string }[];
  guestPageUrl?: string;
  /** Absent for a trip that is not a booking: there is nobody to confirm to. */
  response?: CrewPageResponse;
}

/** The booking's part of the page: the answers, and whether the trip still takes them. */
export type CrewPageBooking = Pick<BookingRecord, 'request' | 'crewResponses' | 'status'>;

export function toCrewPageView(
  event: CrewEvent,
  viewer: CrewMember,
  roster: readonly CrewMember[],
  guestPageUrl?: string,
  answers?: { booking: CrewPageBooking; now: Date },
): CrewPageView {
  const byId = new Map(roster.map((member) => [member.crewId, member]));
  const statuses = new Map(answers ? crewStatusOf(answers.booking).map((s) => [s.crewId, s]) : []);
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
      const status = statuses.get(crewId)?.status;
      return { name: member?.name ?? crewId, role, ...(member?.phone ? { phone: member.phone } : {}), ...(status ? { status } : {}) };
    }),
    checklist: event.crewTasks.map(({ taskId, label, done, doneBy, doneAt }) => ({
      taskId,
      label,
      done,
      ...(doneBy ? { doneBy: byId.get(doneBy)?.name ?? doneBy } : {}),
      ...(doneAt ? { doneAt } : {}),
    })),
    ...(guestPageUrl ? { guestPageUrl } : {}),
    ...(answers ? { response: responseView(answers.booking, viewer.crewId, answers.now) } : {}),
  };
}

function responseView(booking: CrewPageBooking, crewId: string, now: Date): CrewPageResponse {
  const own = crewStatusOf(booking).find((s) => s.crewId === crewId);
  const open = booking.status !== 'cancelled' && Date.parse(booking.request.end) > now.getTime();
  return {
    status: own?.status ?? 'pending',
    ...(own?.at ? { at: own.at } : {}),
    ...(own?.note ? { note: own.note } : {}),
    open,
  };
}
