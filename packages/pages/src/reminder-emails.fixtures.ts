import type { AfterTripView, CrewReminderView, DigestView, GuestReminderView } from '@scc/core';

/** Markup in every user string: an email that shows it unescaped fails the tests. */
export const EVIL = '<script>alert(1)</script>&"\'';

/** What no crew or guest email may contain: money figures and their words. */
export const MONEY = [/\$\s?\d/, /185000|1,850|40000|20000/, /revenue|captain fee|platform fee|refund/i];

const trip = {
  title: 'Sunset sail',
  start: '2026-07-04T18:00:00-07:00',
  end: '2026-07-04T21:00:00-07:00',
  timezone: 'America/Los_Angeles',
  boat: 'JADA',
  meetingPoint: 'Harbor Island West Marina, Dock C',
};

export const crewReminder: CrewReminderView = {
  ...trip,
  crewName: 'Ana Lopez',
  role: 'captain',
  guestCount: 6,
  checklist: { done: 3, total: 5 },
  crewPageUrl: 'https://scc.test/c/evt_1?t=abc.def',
};

export const guestReminder: GuestReminderView = {
  ...trip,
  guestName: 'Kim',
  whatToBring: 'Soft-soled shoes and a jacket',
  guestPageUrl: 'https://scc.test/g/sunset-sail-abc',
  operator: { name: 'Bay Charters', phone: '+1 619 555 0100' },
};

export const afterTrip: AfterTripView = {
  title: 'Sunset sail',
  timezone: 'America/Los_Angeles',
  guestName: 'Kim',
  guestPageUrl: 'https://scc.test/g/sunset-sail-abc',
  uploadsUntil: '2026-07-06T04:00:00.000Z',
  operator: { name: 'Bay Charters', phone: '+1 619 555 0100' },
};

export const digest: DigestView = {
  date: '2026-07-04',
  timezone: 'America/Los_Angeles',
  trips: [
    {
      ...trip,
      day: 'today',
      bookingUrl: 'https://scc.test/admin/bookings/bk_1',
      cancelled: false,
      crew: [
        { name: 'Ana Lopez', role: 'captain', status: 'confirmed' },
        { name: 'Ben Ortiz', role: 'mate', status: 'declined' },
      ],
      checklist: { done: 3, total: 5 },
    },
    {
      ...trip,
      start: '2026-07-05T09:00:00-07:00',
      end: '2026-07-05T12:00:00-07:00',
      title: 'Morning fishing',
      day: 'tomorrow',
      bookingUrl: 'https://scc.test/admin/bookings/bk_2',
      cancelled: false,
      crew: [{ name: 'Cai Wong', role: 'captain', status: 'pending' }],
      checklist: { done: 0, total: 0 },
    },
  ],
  crew: [{ title: 'Sunset sail', start: trip.start, timezone: trip.timezone, bookingUrl: 'https://scc.test/admin/bookings/bk_1', problem: "Ben Ortiz (mate) can't make it" }],
  failedSteps: [{ title: 'Morning fishing', start: '2026-07-05T09:00:00-07:00', timezone: trip.timezone, bookingUrl: 'https://scc.test/admin/bookings/bk_2', problem: 'calendar failed: Calendar is down' }],
  feedAlerts: [],
  channels: [{ name: 'Boatsetter — JADA', problem: 'the last sync failed: The feed answered 500' }],
};
