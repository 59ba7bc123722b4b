/**
 * Examples for the document, each taken from a real answer of the app (ids shortened). The
 * request examples are typed by the route's own schema where they are used (validate's
 * `examples`), and openapi.test.ts sends them to the app and compares the answers' fields.
 */

export const bookingRequestExample = {
  source: 'boatsetter',
  externalId: 'BS-4821337',
  title: 'Sunset sail — Smith party',
  start: '2030-07-04T18:00:00-07:00',
  end: '2030-07-04T21:00:00-07:00',
  timezone: 'America/Los_Angeles',
  boat: 'JADA',
  meetingPoint: 'Harbor Island West Marina, Dock C',
  guest: { name: 'Jane Smith', email: 'jane@example.com', phone: '+16195550123', count: 6 },
  notes: 'Birthday; bring the cake plates',
  crew: [{ crewId: 'crew_ana', role: 'captain' }],
  crewTasks: ['Stock cooler', 'Check fuel', 'Inspect sails'],
  finance: { revenue: 185000, captainFee: 35000, platformFee: 27750, currency: 'USD' },
};

const step = (at: string) => ({ status: 'succeeded', at, version: 1 });

export const bookingCreatedExample = {
  bookingId: 'bk_1lmrfo25v0de0te69trp06g388',
  eventId: 'evt_rvim5791p84f3lacapjggfsfmb',
  slug: 'sunset-sail-smith-party-wgjj4lmy9mq4qz6oqq',
  guestUrl: 'https://charters.example.com/g/sunset-sail-smith-party-wgjj4lmy9mq4qz6oqq',
  version: 1,
  status: 'active',
  steps: {
    event: step('2030-06-01T11:54:07.256Z'),
    calendar: step('2030-06-01T11:54:07.160Z'),
    guestPage: step('2030-06-01T11:54:07.168Z'),
    crewNotices: { ...step('2030-06-01T11:54:07.452Z'), sent: 1 },
    guestNotices: { ...step('2030-06-01T11:54:07.301Z'), sent: 1 },
    reminders: { ...step('2030-06-01T11:54:07.190Z'), note: 'crew at 2030-07-04T01:00:00.000Z, guest at 2030-07-03T17:00:00.000Z' },
  },
  outcome: 'created',
};

export const bookingPartlyDoneExample = {
  ...bookingCreatedExample,
  steps: {
    ...bookingCreatedExample.steps,
    calendar: { status: 'failed', at: '2030-06-01T11:54:07.160Z', reason: 'Google Calendar answered 503', retryable: true, attempts: 1, version: 1 },
  },
};

export const channelRequestExample = {
  name: 'Boatsetter — JADA',
  source: 'boatsetter',
  boat: 'JADA',
  url: 'https://calendar.example.com/ical/9f2c1e.ics',
  defaults: {
    crew: [{ crewId: 'crew_ana', role: 'captain' }],
    crewTasks: ['Fuel up'],
    meetingPoint: 'Harbor Island West Marina, Dock C',
    timezone: 'America/Los_Angeles',
  },
};

export const channelCreatedExample = {
  name: 'Boatsetter — JADA',
  source: 'boatsetter',
  url: 'https://calendar.example.com/…',
  boat: 'JADA',
  defaults: channelRequestExample.defaults,
  enabled: true,
  channelId: 'ch_ur919aikbftza1yr',
  sync: {},
  version: 1,
  createdAt: '2030-06-01T11:54:07.492Z',
  updatedAt: '2030-06-01T11:54:07.492Z',
};

export const crewRequestExample = { name: 'Ana Lopez', email: 'ana@example.com', phone: '+16195550101' };
