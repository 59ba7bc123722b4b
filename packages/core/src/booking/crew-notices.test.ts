import { describe, expect, it } from 'vitest';
import { CREW_LINK_GRACE_MS, briefOf, briefOfEvent, changedFields, crewLinkExpiry, planNotices, toldAfter, type PlannedNotice } from './crew-notices';
import { crewEventOf, type BookingBasis } from './drafts';
import type { ToldBrief } from './schema';
import { sunsetBooking } from './testing/sunset-booking';
import type { CrewBrief } from './views';

function basisOf(overrides: Partial<BookingBasis['request']> = {}, status?: 'active' | 'cancelled'): BookingBasis {
  const request = { notes: 'Bring ice', crew: [{ crewId: 'ana', role: 'captain' }, { crewId: 'ben', role: 'deckhand' }], crewTasks: ['Fuel up', 'Check life jackets'], ...overrides };
  return sunsetBooking(request as BookingBasis['request'], status ? { status } : {});
}

const BRIEF: CrewBrief = {
  title: 'Sunset sail',
  start: '2027-06-10T18:00:00+02:00',
  end: '2027-06-10T21:00:00+02:00',
  timezone: 'Europe/Madrid',
  boat: 'Aurora',
  meetingPoint: 'Pier 4',
  guestCount: 4,
  notes: 'Bring ice',
  tasks: ['Fuel up', 'Check life jackets'],
  role: 'captain',
};

describe('crewLinkExpiry', () => {
  it('is exactly 72 hours after the trip ends', () => {
    // Act
    const expiry = crewLinkExpiry('2027-06-10T21:00:00+02:00');
    // Assess: the trip ends at 19:00 UTC on the 10th
    expect(expiry.toISOString()).toBe('2027-06-13T19:00:00.000Z');
    expect(CREW_LINK_GRACE_MS).toBe(259_200_000);
  });
});

describe('briefOf and briefOfEvent', () => {
  it("is what a crew member in the role sees: the trip, the party's size, notes and tasks, no guest contact", () => {
    // Act
    const brief = briefOf(basisOf(), 'captain');
    // Assess
    expect(brief).toEqual(BRIEF);
  });

  it('reads the same from the crew event', () => {
    // Act
    const brief = briefOfEvent(crewEventOf(basisOf({ whatToBring: 'Hats' })), 'deckhand');
    // Assess
    expect(brief).toEqual({ ...BRIEF, role: 'deckhand' });
  });
});

describe('changedFields', () => {
  it('finds nothing between equal briefs', () => {
    // Act / Assess
    expect(changedFields(BRIEF, { ...BRIEF, tasks: [...BRIEF.tasks] })).toEqual([]);
  });

  it.each([
    ['title', { title: 'Sunrise sail' }],
    ['time', { start: '2027-06-10T18:30:00+02:00' }],
    ['time', { end: '2027-06-10T21:30:00+02:00' }],
    ['time', { timezone: 'Europe/Lisbon' }],
    ['boat', { boat: 'Borealis' }],
    ['meetingPoint', { meetingPoint: 'Pier 5' }],
    ['guests', { guestCount: 5 }],
    ['notes', { notes: '' }],
    ['tasks', { tasks: ['Fuel up'] }],
    ['role', { role: 'deckhand' }],
  ] satisfies [string, Partial<CrewBrief>][])('finds a change of %s', (field, change) => {
    // Act
    const changed = changedFields(BRIEF, { ...BRIEF, ...change });
    // Assess
    expect(changed).toEqual([field]);
  });

  it('tells tasks apart that only run together differently', () => {
    // Act / Assess
    expect(changedFields({ ...BRIEF, tasks: ['Fuel', 'up'] }, { ...BRIEF, tasks: ['Fuel up'] })).toEqual(['tasks']);
    expect(changedFields({ ...BRIEF, tasks: ['ab', 'c'] }, { ...BRIEF, tasks: ['a', 'bc'] })).toEqual(['tasks']);
  });

  it('sees the same instants written with another offset as no move', () => {
    // Act / Assess
    expect(changedFields(BRIEF, { ...BRIEF, start: '2027-06-10T16:00:00Z', end: '2027-06-10T19:00:00Z' })).toEqual([]);
  });

  it('lists several changes in the fixed order', () => {
    // Act
    const changed = changedFields(BRIEF, { ...BRIEF, role: 'mate', notes: 'x', title: 'y', boat: 'z', guestCount: 2, tasks: [], meetingPoint: 'w', end: '2027-06-10T22:00:00+02:00' });
    // Assess
    expect(changed).toEqual(['title', 'time', 'boat', 'meetingPoint', 'guests', 'notes', 'tasks', 'role']);
  });
});

describe('planNotices', () => {
  const told = (brief: CrewBrief, cancelled?: boolean): ToldBrief => ({ ...brief, ...(cancelled ? { cancelled } : {}) });

  it('invites everyone on a new trip', () => {
    // Act
    const plan = planNotices({}, basisOf());
    // Assess
    expect(plan).toEqual([
      { crewId: 'ana', kind: 'invite', changed: [], after: BRIEF },
      { crewId: 'ben', kind: 'invite', changed: [], after: { ...BRIEF, role: 'deckhand' } },
    ]);
  });

  it('tells whoever saw something change what changed, and no one else', () => {
    // Prepare
    const before = { ana: told(BRIEF), ben: told({ ...BRIEF, role: 'deckhand' }) };
    // Act
    const plan = planNotices(before, basisOf({ crew: [{ crewId: 'ana', role: 'captain' }, { crewId: 'ben', role: 'mate' }] }));
    // Assess
    expect(plan).toEqual([{ crewId: 'ben', kind: 'changed', changed: ['role'], previous: before.ben, after: { ...BRIEF, role: 'mate' } }]);
  });

  it('tells someone taken off the trip that they are off it', () => {
    // Prepare
    const before = { ana: told(BRIEF), ben: told({ ...BRIEF, role: 'deckhand' }) };
    // Act
    const plan = planNotices(before, basisOf({ crew: [{ crewId: 'ana', role: 'captain' }] }));
    // Assess
    expect(plan).toEqual([{ crewId: 'ben', kind: 'removed', changed: [], previous: before.ben, after: undefined }]);
  });

  it('sends no word to someone taken off a trip they only know as cancelled, but forgets them', () => {
    // Prepare
    const before = { ana: told(BRIEF), ben: told({ ...BRIEF, role: 'deckhand' }, true) };
    // Act
    const plan = planNotices(before, basisOf({ crew: [{ crewId: 'ana', role: 'captain' }] }));
    // Assess
    expect(plan).toEqual([{ crewId: 'ben', kind: undefined, changed: [], previous: before.ben, after: undefined }]);
  });

  it('tells those who knew of a cancelled trip that it is cancelled, once', () => {
    // Prepare: ana knows of it, ben already heard it was cancelled
    const before = { ana: told(BRIEF), ben: told({ ...BRIEF, role: 'deckhand' }, true) };
    const crew = [{ crewId: 'ana', role: 'captain' }, { crewId: 'ben', role: 'deckhand' }, { crewId: 'cai', role: 'cook' }];
    // Act
    const plan = planNotices(before, basisOf({ crew }, 'cancelled'));
    // Assess: cai never heard of it and hears nothing
    expect(plan).toEqual([{ crewId: 'ana', kind: 'cancelled', changed: [], previous: before.ana, after: { ...BRIEF, cancelled: true } }]);
  });

  it('tells those who heard of the cancellation that the trip is back on, with what changed', () => {
    // Prepare
    const before = { ana: told(BRIEF, true), ben: told({ ...BRIEF, role: 'deckhand' }, true) };
    // Act
    const plan = planNotices(before, basisOf({ boat: 'Borealis' }));
    // Assess
    expect(plan).toEqual([
      { crewId: 'ana', kind: 'reinstated', changed: ['boat'], previous: before.ana, after: { ...BRIEF, boat: 'Borealis' } },
      { crewId: 'ben', kind: 'reinstated', changed: ['boat'], previous: before.ben, after: { ...BRIEF, boat: 'Borealis', role: 'deckhand' } },
    ]);
  });

  it('tells a reinstated trip even when nothing they see changed', () => {
    // Prepare
    const before = { ana: told(BRIEF, true) };
    // Act
    const plan = planNotices(before, basisOf({ crew: [{ crewId: 'ana', role: 'captain' }] }));
    // Assess
    expect(plan).toEqual([{ crewId: 'ana', kind: 'reinstated', changed: [], previous: before.ana, after: BRIEF }]);
  });
});

describe('toldAfter', () => {
  it('records what each person was told and forgets whoever is off the trip, leaving the input as it was', () => {
    // Prepare
    const told: Record<string, ToldBrief> = { ana: BRIEF, ben: { ...BRIEF, role: 'deckhand' }, cai: { ...BRIEF, role: 'cook' } };
    const plan: PlannedNotice[] = [
      { crewId: 'ana', kind: 'changed', changed: ['boat'], previous: BRIEF, after: { ...BRIEF, boat: 'Borealis' } },
      { crewId: 'ben', kind: 'removed', changed: [], previous: told.ben, after: undefined },
      { crewId: 'dee', kind: 'invite', changed: [], after: { ...BRIEF, role: 'mate' } },
    ];
    // Act
    const next = toldAfter(told, plan);
    // Assess
    expect(next).toStrictEqual({ ana: { ...BRIEF, boat: 'Borealis' }, cai: { ...BRIEF, role: 'cook' }, dee: { ...BRIEF, role: 'mate' } });
    expect(Object.keys(told)).toEqual(['ana', 'ben', 'cai']);
  });
});
