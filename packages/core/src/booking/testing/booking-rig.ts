/**
 * A BookingService on memory ports with fast step policies and a movable clock, for the
 * tests of what is built on bookings (channels, webhooks). Test support only.
 */
import { BookingService, type BookingDependencies } from '../booking-service';
import { MemoryBookings, MemoryCalendar, MemoryCrew, MemoryEvents, MemoryMailer, MemoryNotifications, MemoryPages } from './memory-ports';

const FAST = { timeoutMs: 200, attempts: 1, backoffMs: 0 };

export function memoryBookingRig(start: Date, extra: Partial<BookingDependencies> = {}) {
  let now = start;
  const clock = () => now;
  const bookings = new MemoryBookings();
  const crew = new MemoryCrew();
  const calendar = new MemoryCalendar();
  const mailer = new MemoryMailer();
  const pages = new MemoryPages();
  const service = new BookingService({
    bookings,
    notifications: new MemoryNotifications(),
    events: new MemoryEvents(),
    crew,
    calendar,
    guestPages: pages,
    cdn: pages,
    mailer,
    render: {
      guestPage: (view) => `<h1>${view.title}</h1>`,
      crewNotice: (view) => ({ subject: `${view.kind}: ${view.title}`, html: '', text: '' }),
      guestNotice: (view) => ({ subject: `guest ${view.kind}: ${view.title}`, html: '', text: view.guestPageUrl }),
    },
    links: {
      guestPageUrl: (slug) => `https://scc.test/g/${slug}`,
      adminBookingUrl: (id) => `https://scc.test/admin/bookings/${id}`,
      crewPageUrl: async (eventId, crewId) => `https://scc.test/c/${eventId}?crew=${crewId}`,
    },
    clock,
    policies: { event: FAST, calendar: FAST, guestPage: FAST, crewNotices: FAST, guestNotices: FAST, reminders: FAST },
    sleep: async () => {},
    ...extra,
  });
  return {
    service,
    bookings,
    crew,
    calendar,
    mailer,
    pages,
    clock,
    setNow: (date: Date) => (now = date),
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
  };
}
