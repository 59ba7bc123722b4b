import { describe, expect, it } from 'vitest';
import { type ClassifyInput, classifyEvent } from './feed-classify';

function event(extra: Partial<ClassifyInput> = {}): ClassifyInput {
  return { uid: 'x-1@marketplace.example', summary: '', description: '', allDay: false, ...extra };
}

describe('classifyEvent: generic rules', () => {
  it.each([
    ['a UID ending in @shipcaptaincrew', event({ uid: 'bk_01H8@shipcaptaincrew', summary: 'Charter' })],
    ['a UID ending in @scc', event({ uid: 'evt_9@SCC', summary: 'Charter' })],
    ['a "Busy — SCC" summary', event({ summary: 'Busy — SCC' })],
    ['a "Busy - SCC" summary', event({ summary: '  busy - scc (Blue Heron)' })],
  ])('marks %s as SCC’s own export', (_name, input) => {
    // Act
    const result = classifyEvent(input, 'boatsetter');

    // Assess
    expect(result).toEqual({ kind: 'own-export' });
  });

  it.each([
    'Not available',
    'Unavailable',
    'BLOCKED',
    'Block: engine',
    'Busy',
    'Closed for the season',
    'Owner block',
    'Owner hold - family',
    'Maintenance',
    'Airbnb (Not available)',
    '  not available  ',
  ])('makes "%s" a block, with no guest', (summary) => {
    // Act
    const result = classifyEvent(event({ summary, description: 'Name: Jane Doe\nGuests: 4' }), 'direct');

    // Assess
    expect(result).toEqual({ kind: 'block' });
  });

  it('does not take a word that merely begins like a block word for one', () => {
    // Act
    const result = classifyEvent(event({ summary: 'Blockbuster birthday cruise' }), 'direct');

    // Assess
    expect(result).toEqual({ kind: 'booking' });
  });

  it('makes an all-day event without a guest name a block, and one with a name a booking', () => {
    // Act
    const bare = classifyEvent(event({ summary: 'Family day', allDay: true }), 'direct');
    const named = classifyEvent(event({ summary: 'Full-day charter', description: 'Name: Carla Mendes', allDay: true }), 'direct');

    // Assess
    expect(bare).toEqual({ kind: 'block' });
    expect(named).toEqual({ kind: 'booking', guest: { name: 'Carla Mendes' } });
  });

  it('makes any other event a booking, without a guest when nothing names one', () => {
    // Act
    const result = classifyEvent(event({ summary: 'Sunset cruise' }), 'someothertool');

    // Assess
    expect(result).toEqual({ kind: 'booking' });
  });
});

describe('classifyEvent: boatsetter', () => {
  it('reads the renter, count and contact from the description before the summary', () => {
    // Prepare
    const input = event({
      summary: 'Boatsetter Booking - Jane D.',
      description: 'Booking #48213\nRenter: Jane Doe\nGuests: 6\nEmail: jane.doe@example.com\nPhone: +1 305 555 0142',
    });

    // Act
    const result = classifyEvent(input, 'boatsetter');

    // Assess
    expect(result).toEqual({ kind: 'booking', guest: { name: 'Jane Doe', count: 6, email: 'jane.doe@example.com', phone: '+1 305 555 0142' } });
  });

  it('reads name and count from a "Booking: … (N guests)" summary, and Passengers as a count', () => {
    // Act
    const fromSummary = classifyEvent(event({ summary: 'Booking: Marcus Lee (4 guests)' }), 'boatsetter');
    const passengers = classifyEvent(event({ summary: 'Boatsetter Booking - Priya N.', description: 'Passengers: 10' }), 'boatsetter');

    // Assess
    expect(fromSummary).toEqual({ kind: 'booking', guest: { name: 'Marcus Lee', count: 4 } });
    expect(passengers).toEqual({ kind: 'booking', guest: { name: 'Priya N.', count: 10 } });
  });

  it('keeps an all-day event with a booking number as a booking', () => {
    // Act
    const result = classifyEvent(event({ summary: 'Full day', description: 'Booking #50110', allDay: true }), 'boatsetter');

    // Assess
    expect(result).toEqual({ kind: 'booking' });
  });
});

describe('classifyEvent: getmyboat, viator, airbnb, direct', () => {
  it('reads GetMyBoat’s summary, Customer and Party size / Group size', () => {
    // Act
    const summaryOnly = classifyEvent(event({ summary: 'GetMyBoat booking – Jane Doe' }), 'getmyboat');
    const described = classifyEvent(event({ summary: 'GetMyBoat booking – J. Doe', description: 'Customer: Jane Doe\nParty size: 6' }), 'getmyboat');
    const group = classifyEvent(event({ summary: 'Trip', description: 'Customer: Ana Costa\nGroup size: 5' }), 'getmyboat');

    // Assess
    expect(summaryOnly).toEqual({ kind: 'booking', guest: { name: 'Jane Doe' } });
    expect(described).toEqual({ kind: 'booking', guest: { name: 'Jane Doe', count: 6 } });
    expect(group).toEqual({ kind: 'booking', guest: { name: 'Ana Costa', count: 5 } });
  });

  it('reads Viator’s "Name xN" summary and Lead traveler / Travelers lines', () => {
    // Act
    const summary = classifyEvent(event({ summary: 'Viator: Jane Doe x6' }), 'viator');
    const described = classifyEvent(event({ summary: 'Viator: J. Doe', description: 'Lead traveler: Jane Doe\nTravelers: 3' }), 'viator');

    // Assess
    expect(summary).toEqual({ kind: 'booking', guest: { name: 'Jane Doe', count: 6 } });
    expect(described).toEqual({ kind: 'booking', guest: { name: 'Jane Doe', count: 3 } });
  });

  it('keeps Airbnb’s all-day "Reserved" as a booking without a name, and its "Not available" as a block', () => {
    // Act
    const reserved = classifyEvent(
      event({ summary: 'Reserved', description: 'Reservation URL: https://marketplace.example/hosting/reservations/details/HM4KX2\nPhone Number (Last 4 Digits): 4321', allDay: true }),
      'airbnb',
    );
    const blocked = classifyEvent(event({ summary: 'Airbnb (Not available)', allDay: true }), 'airbnb');
    const reservedElsewhere = classifyEvent(event({ summary: 'Reserved', allDay: true }), 'direct');

    // Assess
    expect(reserved).toEqual({ kind: 'booking' });
    expect(blocked).toEqual({ kind: 'block' });
    expect(reservedElsewhere).toEqual({ kind: 'block' });
  });

  it('reads Name, Guest, Guests, Email and Phone lines for direct and unknown sources', () => {
    // Act
    const direct = classifyEvent(event({ summary: 'Charter', description: 'Guest: Erik Olsen\nGuests: 12\nEmail: erik@example.com\nPhone: +47 912 34 567' }), 'direct');
    const unknown = classifyEvent(event({ summary: 'Charter', description: 'name: Dev Patel\nguests: 2 adults' }), 'SomeWidget');

    // Assess
    expect(direct).toEqual({ kind: 'booking', guest: { name: 'Erik Olsen', count: 12, email: 'erik@example.com', phone: '+47 912 34 567' } });
    expect(unknown).toEqual({ kind: 'booking', guest: { name: 'Dev Patel', count: 2 } });
  });

  it('does not read another marketplace’s summary pattern', () => {
    // Act
    const result = classifyEvent(event({ summary: 'Viator: Jane Doe x6' }), 'boatsetter');

    // Assess
    expect(result).toEqual({ kind: 'booking' });
  });
});

describe('classifyEvent: guest details it refuses', () => {
  it.each([['0'], ['1001'], ['six'], ['2.5'], ['-3'], ['12345']])('leaves out a guest count of "%s"', (count) => {
    // Act
    const result = classifyEvent(event({ summary: 'Charter', description: `Name: Jane Doe\nGuests: ${count}` }), 'direct');

    // Assess
    expect(result).toEqual({ kind: 'booking', guest: { name: 'Jane Doe' } });
  });

  it('accepts counts of 1 and 1000', () => {
    // Act
    const one = classifyEvent(event({ description: 'Guests: 1' }), 'direct');
    const thousand = classifyEvent(event({ description: 'Guests: 1000' }), 'direct');

    // Assess
    expect(one.guest).toEqual({ count: 1 });
    expect(thousand.guest).toEqual({ count: 1000 });
  });

  it.each([['jane at example dot com'], ['jane@example'], ['<jane@example.com>'], ['jane doe@example.com']])('leaves out an email of "%s"', (email) => {
    // Act
    const result = classifyEvent(event({ description: `Name: Jane Doe\nEmail: ${email}` }), 'direct');

    // Assess
    expect(result.guest).toEqual({ name: 'Jane Doe' });
  });

  it('leaves out a phone without enough digits and a name that is an address', () => {
    // Act
    const result = classifyEvent(event({ description: 'Name: jane@example.com\nPhone: 4321\nEmail: mailto:jane@example.com' }), 'direct');

    // Assess
    expect(result.guest).toEqual({ email: 'jane@example.com' });
  });
});
