import type { BookingRecord } from '../schema';

const pending = { status: 'pending' } as const;
const CREATED = '2027-06-01T12:00:00.000Z';

/**
 * The unit tests' booking: a sunset sail on the Aurora, every step pending. Each test file
 * states only what it differs in (`request` fields, then record fields), so the values its
 * pinned ids and fingerprints come from stay visible there.
 */
export function sunsetBooking(request: Partial<BookingRecord['request']> = {}, overrides: Partial<BookingRecord> = {}): BookingRecord {
  return {
    bookingId: 'bk_sunset',
    source: 'direct',
    externalId: 'sunset-1',
    payloadHash: 'hash-1',
    request: {
      source: 'direct',
      externalId: 'sunset-1',
      title: 'Sunset sail',
      start: '2027-06-10T18:00:00+02:00',
      end: '2027-06-10T21:00:00+02:00',
      timezone: 'Europe/Madrid',
      boat: 'Aurora',
      meetingPoint: 'Pier 4',
      guest: { name: 'Dana Reyes', email: 'dana@example.com', count: 4 },
      notes: '',
      crew: [{ crewId: 'ana', role: 'captain' }],
      crewTasks: [],
      ...request,
    },
    eventId: 'ev_sunset',
    slug: 'sunset-sail',
    steps: { event: pending, calendar: pending, guestPage: pending, crewNotices: pending, guestNotices: pending, reminders: pending },
    version: 1,
    createdAt: CREATED,
    updatedAt: CREATED,
    ...overrides,
  };
}
