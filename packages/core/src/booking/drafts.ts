import type { CrewMember } from '../schemas/crew';
import type { CrewEvent } from '../schemas/event';
import { calendarEventId } from './ids';
import type { CalendarEventDraft } from './ports';
import type { BookingRecord } from './schema';

/** What the two drafts need of a booking: its ids, its page, and what was submitted. */
export type BookingBasis = Pick<BookingRecord, 'bookingId' | 'eventId' | 'slug' | 'createdAt' | 'request'>;

/** The crew event a booking makes: no money, no guest contact details. */
export function crewEventOf(booking: BookingBasis): CrewEvent {
  const { request } = booking;
  return {
    eventId: booking.eventId,
    title: request.title,
    start: request.start,
    end: request.end,
    timezone: request.timezone,
    boat: request.boat,
    meetingPoint: request.meetingPoint,
    guestCount: request.guest.count,
    crew: request.crew,
    notes: request.notes,
    // Task ids by position: a retry after a crash writes the very same event.
    crewTasks: request.crewTasks.map((label, i) => ({ taskId: `task_${i + 1}`, label, done: false })),
    bookingId: booking.bookingId,
    slug: booking.slug,
    partyName: request.guest.name,
    ...(request.whatToBring ? { whatToBring: request.whatToBring } : {}),
    version: 1,
    createdAt: booking.createdAt,
    updatedAt: booking.createdAt,
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
  };
}
