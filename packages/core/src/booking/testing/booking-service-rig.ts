/**
 * The BookingService tests' rig: memory ports, fast step policies, a movable clock, renderers
 * that record what each crew email was about, a builder for the Sunset sail submission, and
 * three crew members (ana, ben, cai). Test support only; `extra` replaces any dependency.
 */
import { BookingService, type BookingDependencies } from '../booking-service';
import { bookingCreateSchema, type BookingInput } from '../schema';
import { MemoryBookings, MemoryCalendar, MemoryCrew, MemoryEvents, MemoryMailer, MemoryNotifications, MemoryPages } from './memory-ports';
import type { CrewNoticeView } from '../views';

export const RIG_NOW = new Date('2027-06-01T12:00:00Z');
export const FAST = { timeoutMs: 200, attempts: 1, backoffMs: 0 };

export function bookingServiceRig(extra: Partial<BookingDependencies> = {}) {
  const bookings = new MemoryBookings();
  const events = new MemoryEvents();
  const crew = new MemoryCrew();
  const calendar = new MemoryCalendar();
  const pages = new MemoryPages();
  const mailer = new MemoryMailer();
  const notifications = new MemoryNotifications();
  const notices: CrewNoticeView[] = [];
  crew.add('ana', 'Ana Lopez');
  crew.add('ben', 'Ben Ortiz');
  crew.add('cai', 'Cai Wong');
  let now = RIG_NOW;
  const service = new BookingService({
    bookings,
    notifications,
    events,
    crew,
    calendar,
    guestPages: pages,
    cdn: pages,
    mailer,
    render: {
      guestPage: (view) => `<h1>${view.title}</h1><p>${view.start}</p>${view.cancelled ? '<p>cancelled</p>' : ''}`,
      crewNotice: (view) => {
        notices.push(view);
        return { subject: `${view.kind}: ${view.title}`, html: view.changed.join(','), text: view.crewPageUrl ?? '' };
      },
      guestNotice: (view) => ({ subject: `guest ${view.kind}: ${view.title}`, html: view.changed.join(','), text: view.guestPageUrl }),
    },
    links: {
      guestPageUrl: (slug) => `https://scc.test/g/${slug}`,
      adminBookingUrl: (id) => `https://scc.test/admin/bookings/${id}`,
      crewPageUrl: async (eventId, crewId, _expires, generation) => `https://scc.test/c/${eventId}?crew=${crewId}&gen=${generation}`,
    },
    clock: () => now,
    policies: { event: FAST, calendar: FAST, guestPage: FAST, crewNotices: FAST, guestNotices: FAST, reminders: FAST },
    sleep: async () => {},
    ...extra,
  });
  const submission = (externalId: string, fields: Partial<BookingInput> = {}) =>
    bookingCreateSchema.parse({
      source: 'boatsetter',
      externalId,
      title: 'Sunset sail',
      start: '2027-07-04T18:00:00-07:00',
      end: '2027-07-04T21:00:00-07:00',
      timezone: 'America/Los_Angeles',
      boat: 'JADA',
      meetingPoint: 'Dock C',
      guest: { name: 'Smith', email: 'smith@example.com', count: 6 },
      crew: [
        { crewId: 'ana', role: 'captain' },
        { crewId: 'ben', role: 'mate' },
      ],
      crewTasks: ['Stock cooler', 'Check fuel'],
      finance: { revenue: 185000, captainFee: 40000, platformFee: 20000, currency: 'USD' },
      ...fields,
    });
  const GUEST = /^(smith|new)@/;
  const label = (m: { to: string; subject: string }) => `${m.to.split('@')[0]} ${m.subject.split(':')[0]}`;
  return {
    service,
    bookings,
    events,
    crew,
    calendar,
    pages,
    mailer,
    notifications,
    notices,
    submission,
    /** What the crew were sent, in order; the guest's emails have their own list. */
    sentTo: () => mailer.sent.filter((m) => !GUEST.test(m.to)).map(label),
    guestSent: () => mailer.sent.filter((m) => GUEST.test(m.to)).map(label),
    clock: () => now,
    setNow: (date: Date) => (now = date),
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
  };
}

export type BookingServiceRig = ReturnType<typeof bookingServiceRig>;

/** The same rig with its clock at `start`: for the tests of what is built on bookings. */
export function memoryBookingRig(start: Date, extra: Partial<BookingDependencies> = {}): BookingServiceRig {
  const rig = bookingServiceRig(extra);
  rig.setNow(start);
  return rig;
}

/** The error `promise` rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; details?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string; details?: unknown };
  }
  throw new Error('expected the promise to be rejected');
}
