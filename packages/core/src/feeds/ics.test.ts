import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { BookingRecord } from '../booking/schema';
import type { CrewEvent } from '../schemas/event';
import { BUSY_SUMMARY, bookingBusyBlocks, crewFeedEntry, renderBusyFeed, renderCrewFeed } from './ics';

/** Parses a feed back with an independent RFC 5545 reader, one plain object per VEVENT. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      sequence: event.sequence,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      summary: event.summary,
      location: event.location,
      description: event.description,
      status: vevent.getFirstPropertyValue('status'),
      transp: vevent.getFirstPropertyValue('transp'),
    };
  });
}

const booking = (bookingId: string, boat: string, extra: Partial<BookingRecord> = {}) =>
  ({
    bookingId,
    version: 3,
    status: 'active',
    updatedAt: '2027-01-01T00:00:00.000Z',
    request: { boat, start: '2027-07-04T18:00:00-07:00', end: '2027-07-04T21:00:00-07:00', title: 'Party of Jane Smith', guest: { name: 'Jane Smith' } },
    ...extra,
  }) as unknown as BookingRecord;

const event = (extra: Partial<CrewEvent> = {}): CrewEvent => ({
  eventId: 'evt1',
  title: 'Sunset sail',
  start: '2027-07-04T18:00:00-07:00',
  end: '2027-07-04T21:00:00-07:00',
  timezone: 'America/Los_Angeles',
  boat: 'JADA',
  meetingPoint: 'Dock C',
  guestCount: 6,
  crew: [{ crewId: 'ana', role: 'captain' }],
  notes: 'Jane Smith likes champagne',
  crewTasks: [],
  partyName: 'Jane Smith',
  version: 4,
  createdAt: '2027-01-01T00:00:00.000Z',
  updatedAt: '2027-01-02T00:00:00.000Z',
  ...extra,
});

describe('the boat busy-time feed', () => {
  it('lists the boat’s live bookings (case- and space-insensitive) as opaque busy time, nothing else', () => {
    const blocks = bookingBusyBlocks(
      [booking('b1', ' jada'), booking('b2', 'Sea Breeze'), booking('b3', 'JADA', { status: 'cancelled' })],
      'JADA',
    );
    const text = renderBusyFeed('JADA', blocks, new Date('2027-01-05T00:00:00Z'));
    expect(parse(text)).toEqual([
      {
        uid: 'b1@shipcaptaincrew',
        sequence: 3,
        start: '2027-07-05T01:00:00.000Z',
        end: '2027-07-05T04:00:00.000Z',
        summary: BUSY_SUMMARY,
        location: null,
        description: null,
        status: 'CONFIRMED',
        transp: 'OPAQUE',
      },
    ]);
    expect(text).not.toContain('Jane');
  });

  it('takes busy blocks from elsewhere beside the bookings', () => {
    const text = renderBusyFeed('JADA', [{ uid: 'gmb-1@elsewhere', start: '2027-08-01T10:00:00Z', end: '2027-08-01T12:00:00Z', sequence: 0 }], new Date());
    expect(parse(text).map((e) => [e.uid, e.sequence, e.start])).toEqual([['gmb-1@elsewhere', 0, '2027-08-01T10:00:00.000Z']]);
  });
});

describe('the crew feed', () => {
  it('shows title, time, meeting point, role, guest count and the crew page; never notes or the party’s name', () => {
    const text = renderCrewFeed('Ana Lopez', [crewFeedEntry(event(), 'ana', 'https://scc.test/c/evt1?t=abc')]);
    const [entry] = parse(text);
    expect(entry).toMatchObject({
      uid: 'evt1@shipcaptaincrew',
      sequence: 4,
      start: '2027-07-05T01:00:00.000Z',
      summary: 'Sunset sail',
      location: 'Dock C',
      status: 'CONFIRMED',
    });
    expect(entry?.description).toBe('Role: captain\nBoat: JADA\nGuests: 6\nCrew page: https://scc.test/c/evt1?t=abc');
    expect(text).not.toContain('Jane');
    expect(text).not.toContain('champagne');
  });

  it('keeps user text as text: a line break in a title cannot add a property', () => {
    const title = 'Sail\r\nSTATUS:CANCELLED\nX; y, z';
    const [entry, ...rest] = parse(renderCrewFeed('Ana', [crewFeedEntry(event({ title }), 'ana', undefined)]));
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ summary: 'Sail\nSTATUS:CANCELLED\nX; y, z', status: 'CONFIRMED' });
  });

  it('keeps a cancelled trip, marked cancelled and transparent', () => {
    const [entry] = parse(renderCrewFeed('Ana Lopez', [crewFeedEntry(event({ cancelled: true, version: 5 }), 'ana', undefined)]));
    expect(entry).toMatchObject({ status: 'CANCELLED', transp: 'TRANSPARENT', sequence: 5 });
    expect(entry?.description).not.toContain('Crew page');
  });
});
