import type { CrewMember } from '../schemas/crew';
import type { CrewEvent, CrewTask } from '../schemas/event';
import { calendarEventId } from './ids';
import type { CalendarEventDraft } from './ports';
import type { BookingRecord, BookingTask } from './schema';

/** What the drafts need of a booking: its ids, its page, its state and what it now holds. */
export type BookingBasis = Pick<BookingRecord, 'bookingId' | 'eventId' | 'slug' | 'createdAt' | 'request'> &
  Partial<Pick<BookingRecord, 'tasks' | 'status' | 'updatedAt'>>;

/** The checklist with ids; bookings stored before tasks had ids number them by position. */
export function tasksOf(booking: Pick<BookingBasis, 'tasks' | 'request'>): BookingTask[] {
  return booking.tasks ?? booking.request.crewTasks.map((label, i) => ({ taskId: `task_${i + 1}`, label }));
}

/**
 * The crew event a booking makes: no money, no guest contact details. Given the event as it
 * stands, ticks stay with their tasks (by id) and each crew link generation is carried over;
 * someone taken off the trip gets a new generation, so a link from before never works again.
 */
export function crewEventOf(booking: BookingBasis, existing?: CrewEvent): CrewEvent {
  const { request } = booking;
  const ticks = new Map((existing?.crewTasks ?? []).map((task) => [task.taskId, task]));
  const crewTasks: CrewTask[] = tasksOf(booking).map(({ taskId, label }) => {
    const before = ticks.get(taskId);
    return before?.done
      ? { taskId, label, done: true, ...(before.doneBy ? { doneBy: before.doneBy } : {}), ...(before.doneAt ? { doneAt: before.doneAt } : {}) }
      : { taskId, label, done: false };
  });
  const generations = { ...existing?.linkGenerations };
  const staying = new Set(request.crew.map((a) => a.crewId));
  for (const { crewId } of existing?.crew ?? []) {
    if (!staying.has(crewId)) generations[crewId] = (generations[crewId] ?? 1) + 1;
  }
  return {
    eventId: booking.eventId,
    title: request.title,
    start: request.start,
    end: request.end,
    timezone: request.timezone,
    boat: request.boat,
    meetingPoint: request.meetingPoint,
    guestCount: request.guest.count,
    crew: request.crew.map(({ crewId, role }) => ({ crewId, role })),
    notes: request.notes,
    crewTasks,
    bookingId: booking.bookingId,
    slug: booking.slug,
    partyName: request.guest.name,
    ...(request.whatToBring ? { whatToBring: request.whatToBring } : {}),
    ...(booking.status === 'cancelled' ? { cancelled: true } : {}),
    ...(Object.keys(generations).length > 0 ? { linkGenerations: generations } : {}),
    version: existing ? existing.version + 1 : 1,
    createdAt: existing?.createdAt ?? booking.createdAt,
    updatedAt: booking.updatedAt ?? booking.createdAt,
  };
}

/** The operator's internal calendar entry: who, where, which boat; never revenue or contacts. */
export function calendarDraftOf(
  booking: BookingBasis,
  roster: ReadonlyMap<string, CrewMember>,
  adminBookingUrl: string,
): CalendarEventDraft {
  const { request } = booking;
  const crewLines = request.crew.map(({ crewId, role }) => `${roster.get(crewId)?.name ?? crewId} (${role})`);
  const description = [
    `Boat: ${request.boat}`,
    `Guests: ${request.guest.name}, party of ${request.guest.count}`,
    crewLines.length > 0 ? `Crew: ${crewLines.join(', ')}` : 'Crew: none assigned yet',
    request.notes ? `Notes: ${request.notes}` : '',
    `Booking: ${adminBookingUrl}`,
  ].filter(Boolean);
  return {
    id: calendarEventId(booking.bookingId),
    summary: request.title,
    description: description.join('\n'),
    location: request.meetingPoint,
    start: { dateTime: request.start, timeZone: request.timezone },
    end: { dateTime: request.end, timeZone: request.timezone },
    status: 'confirmed',
  };
}
