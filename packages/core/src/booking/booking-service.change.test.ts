/**
 * BookingService.change and .preview: what a change records, refuses and fills in (an imported
 * booking's missing details), and what a preview promises without writing anything.
 */
import { describe, expect, it } from 'vitest';
import { CrewConflictError, DependencyUnavailableError, UnknownCrewError, VersionConflictError } from '../errors';
import type { BoatBlockSource } from './conflicts';
import type { BookingPatch, IncomingBooking, NeededDetail } from './schema';
import { bookingServiceRig as rig, type BookingServiceRig as Rig, RIG_NOW as NOW } from './testing/booking-service-rig';

const FINANCE = { revenue: 185000, captainFee: 40000, platformFee: 20000, currency: 'USD' };
const GUEST = { name: 'Smith', email: 'smith@example.com', count: 6 };
const ORIGIN = { channelId: 'airbnb-1', uid: 'feed-uid-1' };
/** Overlaps the default Sunset sail (18:00–21:00) by an hour, on another boat. */
const LATER = { start: '2027-07-04T20:00:00-07:00', end: '2027-07-04T23:00:00-07:00', boat: 'Other boat' };

/** Ana's clash with booking `a` once she is put on the later trip. */
const anaOnA = (a: string) => ({
  kind: 'crew',
  bookingId: a,
  title: 'Sunset sail',
  start: '2027-07-04T18:00:00-07:00',
  end: '2027-07-04T21:00:00-07:00',
  crewId: 'ana',
  overlap: { start: '2027-07-05T03:00:00.000Z', end: '2027-07-05T04:00:00.000Z' },
});

async function booked(r: Rig, externalId = 'CH-1', fields: Parameters<Rig['submission']>[1] = {}): Promise<string> {
  const { result } = await r.service.submit(r.submission(externalId, fields));
  r.mailer.sent.length = 0;
  r.calendar.calls.length = 0;
  return result.bookingId;
}

/** A booking a channel's feed brought in: no crew, no money, and the details it still needs. */
async function imported(r: Rig, needsDetails: NeededDetail[] = ['crew', 'finance', 'guest'], fields: Partial<IncomingBooking> = {}) {
  const { finance: _, ...withoutMoney } = r.submission('FEED-1', { crew: [] });
  const { result } = await r.service.upsert({ ...withoutMoney, ...fields }, 'sync', { origin: ORIGIN, needsDetails });
  r.mailer.sent.length = 0;
  return result.bookingId;
}

async function changedEntry(r: Rig, bookingId: string, version: number) {
  return (await r.service.history(bookingId)).find((h) => h.kind !== 'step' && h.version === version);
}

describe('BookingService.change: versions and no-op changes', () => {
  it('refuses a change made against a version that is no longer current, naming both versions', async () => {
    const r = rig();
    const bookingId = await booked(r);
    await r.service.change(bookingId, { notes: 'first' }, { expectedVersion: 1 });

    const stale = r.service.change(bookingId, { notes: 'second' }, { expectedVersion: 1 });

    await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
    await expect(stale).rejects.toMatchObject({ details: { currentVersion: 2, expectedVersion: 1 } });
    expect((await r.service.get(bookingId)).request.notes).toBe('first');
  });

  it('without an expected version, each change applies to whatever version is current', async () => {
    const r = rig();
    const bookingId = await booked(r);

    const first = await r.service.change(bookingId, { notes: 'first' });
    const second = await r.service.change(bookingId, { notes: 'second' });

    expect([first.result.version, second.result.version]).toEqual([2, 3]);
    expect((await r.service.get(bookingId)).request.notes).toBe('second');
  });

  it('a patch that repeats the booking as it is: unchanged, no new version, no history line, nothing sent', async () => {
    const r = rig();
    const bookingId = await booked(r);
    const historyBefore = await r.service.history(bookingId);

    const outcome = await r.service.change(bookingId, { title: 'Sunset sail', guest: GUEST, notes: '', crew: [{ crewId: 'ana', role: 'captain' }, { crewId: 'ben', role: 'mate' }] }, { expectedVersion: 1 });

    expect(outcome.kind).toBe('unchanged');
    expect(outcome.result.version).toBe(1);
    expect((await r.service.get(bookingId)).version).toBe(1);
    expect(await r.service.history(bookingId)).toEqual(historyBefore);
    expect(r.mailer.sent).toEqual([]);
    expect(r.calendar.calls).toEqual([]);
  });
});

describe('BookingService.change: what the history records', () => {
  it('records the caller, the kind and each field before and after; no overrides and no needsDetails for an ordinary booking', async () => {
    const r = rig();
    const bookingId = await booked(r);

    await r.service.change(bookingId, { notes: 'Bring ice', meetingPoint: 'Dock D' }, { actor: 'console', expectedVersion: 1 });

    expect(await changedEntry(r, bookingId, 2)).toStrictEqual({
      version: 2,
      at: NOW.toISOString(),
      actor: 'console',
      kind: 'changed',
      changes: [
        { field: 'meetingPoint', before: 'Dock C', after: 'Dock D' },
        { field: 'notes', before: '', after: 'Bring ice' },
      ],
    });
    expect((await r.service.get(bookingId)).needsDetails).toBeUndefined();
  });

  it('a change without an actor is recorded as made with the service key', async () => {
    const r = rig();
    const bookingId = await booked(r);

    await r.service.change(bookingId, { notes: 'Bring ice' });

    expect((await changedEntry(r, bookingId, 2))?.actor).toBe('service-key');
  });

  it('new money is stored as the finance of the new version; a change that leaves the money alone does not rewrite it', async () => {
    const r = rig();
    const bookingId = await booked(r);

    await r.service.change(bookingId, { notes: 'Bring ice' }, { expectedVersion: 1 });
    const untouched = await r.bookings.getFinance(bookingId);
    await r.service.change(bookingId, { finance: { ...FINANCE, revenue: 200000 } }, { expectedVersion: 2 });

    expect(untouched).toEqual({ ...FINANCE, version: 1 });
    expect(await r.bookings.getFinance(bookingId)).toEqual({ ...FINANCE, revenue: 200000, version: 3 });
    expect((await changedEntry(r, bookingId, 3))?.changes).toEqual([{ field: 'finance', before: FINANCE, after: { ...FINANCE, revenue: 200000 } }]);
  });

  it('the same amounts again are no change, although the stored finance also carries its version', async () => {
    const r = rig();
    const bookingId = await booked(r);

    const outcome = await r.service.change(bookingId, { finance: FINANCE }, { expectedVersion: 1 });

    expect(outcome).toMatchObject({ kind: 'unchanged', result: { version: 1 } });
  });

  it('an upsert that moves only the guest count records only that, not the money it resends', async () => {
    const r = rig();
    await r.service.upsert(r.submission('BS-1'));

    const moved = await r.service.upsert(r.submission('BS-1', { guest: { name: 'Smith', email: 'smith@example.com', count: 9 } }));

    expect((await changedEntry(r, moved.result.bookingId, 2))?.changes?.map((c) => c.field)).toEqual(['guest']);
  });
});

describe('BookingService.change: crew who can be put on the trip', () => {
  it('refuses newly assigned crew who are not on the roster or no longer active, naming them', async () => {
    const r = rig();
    const bookingId = await booked(r);
    r.crew.add('dan', 'Dan Ruiz', false);

    const change = r.service.change(bookingId, { crew: [{ crewId: 'ana', role: 'captain' }, { crewId: 'zed', role: 'mate' }, { crewId: 'dan', role: 'deckhand' }] });

    await expect(change).rejects.toBeInstanceOf(UnknownCrewError);
    await expect(change).rejects.toMatchObject({ details: { unknown: ['zed'], inactive: ['dan'] } });
    expect((await r.service.get(bookingId)).version).toBe(1);
  });

  it('crew already on the trip are not checked again: a deactivated captain stays while a new mate joins', async () => {
    const r = rig();
    const bookingId = await booked(r);
    r.crew.add('ana', 'Ana Lopez', false);

    const outcome = await r.service.change(bookingId, { crew: [{ crewId: 'ana', role: 'captain' }, { crewId: 'cai', role: 'mate' }] }, { expectedVersion: 1 });

    expect(outcome.kind).toBe('changed');
    expect((await r.service.get(bookingId)).request.crew.map((a) => a.crewId)).toEqual(['ana', 'cai']);
  });
});

describe('BookingService.change: conflicts', () => {
  /** A (ana, ben on JADA) and B (cai on another boat), an hour of overlap. */
  async function twoTrips(extra: Parameters<typeof rig>[0] = {}) {
    const r = rig(extra);
    const a = await booked(r, 'A');
    const b = await booked(r, 'B', { ...LATER, crew: [{ crewId: 'cai', role: 'captain' }] });
    return { r, a, b };
  }
  const withAna = [{ crewId: 'cai', role: 'captain' }, { crewId: 'ana', role: 'mate' }];

  it('refuses putting someone on a trip that clashes with another of theirs, naming the clash', async () => {
    const { r, a, b } = await twoTrips();

    const change = r.service.change(b, { crew: withAna }, { expectedVersion: 1 });

    await expect(change).rejects.toBeInstanceOf(CrewConflictError);
    await expect(change).rejects.toMatchObject({ details: { conflicts: [anaOnA(a)] } });
  });

  it('books over the clash when the caller allows it, and the history keeps what was overridden', async () => {
    const { r, a, b } = await twoTrips();

    await r.service.change(b, { crew: withAna }, { expectedVersion: 1, allowConflicts: true });

    expect((await changedEntry(r, b, 2))?.overrides).toEqual([anaOnA(a)]);
  });

  it('allowConflicts may come in the patch itself', async () => {
    const { r, a, b } = await twoTrips();

    const outcome = await r.service.change(b, { crew: withAna, allowConflicts: true }, { expectedVersion: 1 });

    expect(outcome.kind).toBe('changed');
    expect((await changedEntry(r, b, 2))?.overrides).toEqual([anaOnA(a)]);
  });

  it('a clash the booking already had is not asked about again when the change does not bring it in', async () => {
    const { r, b } = await twoTrips();
    await r.service.change(b, { crew: withAna }, { expectedVersion: 1, allowConflicts: true });

    const outcome = await r.service.change(b, { crew: [{ crewId: 'ana', role: 'mate' }] }, { expectedVersion: 2 });

    expect(outcome.kind).toBe('changed');
    expect(await changedEntry(r, b, 3)).not.toHaveProperty('overrides');
  });

  it('conflicts are looked for only when the time, boat or crew change: a notes change goes through while the block source is down', async () => {
    let down = false;
    const blocks: BoatBlockSource = {
      blocksAround: async () => {
        if (down) throw new DependencyUnavailableError('The marketplace blocks are unavailable');
        return [];
      },
    };
    const r = rig({ blocks });
    const bookingId = await booked(r);
    down = true;

    const notes = await r.service.change(bookingId, { notes: 'Bring ice' }, { expectedVersion: 1 });
    const moved = r.service.change(bookingId, { boat: 'Other boat' }, { expectedVersion: 2 });

    expect(notes.kind).toBe('changed');
    await expect(moved).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});

describe('BookingService.change: an imported booking fills in its missing details', () => {
  it('a feed creates the booking with where it came from and what it still needs', async () => {
    const r = rig();
    const { finance: _, ...withoutMoney } = r.submission('FEED-1', { crew: [] });

    const outcome = await r.service.upsert(withoutMoney, 'sync', { origin: ORIGIN, needsDetails: ['crew', 'finance', 'guest'] });

    expect(outcome).toMatchObject({ kind: 'created', result: { version: 1 } });
    expect(await r.service.get(outcome.result.bookingId)).toMatchObject({ origin: ORIGIN, needsDetails: ['crew', 'finance', 'guest'] });
    expect(await r.bookings.getFinance(outcome.result.bookingId)).toBeUndefined();
  });

  it('each detail given leaves the list, always in the order crew, finance, guest; each step is in the history', async () => {
    const r = rig();
    const bookingId = await imported(r);
    const needs = async () => (await r.service.get(bookingId)).needsDetails;

    await r.service.change(bookingId, { crew: [{ crewId: 'ana', role: 'captain' }] }, { expectedVersion: 1 });
    const afterCrew = await needs();
    await r.service.change(bookingId, { finance: FINANCE }, { expectedVersion: 2 });
    const afterFinance = await needs();
    await r.service.change(bookingId, { guest: GUEST }, { expectedVersion: 3 });
    const afterGuest = await needs();

    expect([afterCrew, afterFinance, afterGuest]).toEqual([['finance', 'guest'], ['guest'], []]);
    expect((await changedEntry(r, bookingId, 2))?.changes).toEqual([
      { field: 'crew', before: [], after: [{ crewId: 'ana', role: 'captain' }] },
      { field: 'needsDetails', before: ['crew', 'finance', 'guest'], after: ['finance', 'guest'] },
    ]);
    expect((await changedEntry(r, bookingId, 3))?.changes).toEqual([
      { field: 'finance', before: null, after: FINANCE },
      { field: 'needsDetails', before: ['finance', 'guest'], after: ['guest'] },
    ]);
    expect(await r.bookings.getFinance(bookingId)).toEqual({ ...FINANCE, version: 3 });
  });

  it('sending the guest as the feed gave it confirms it: a new version whose only change is the details list', async () => {
    const r = rig();
    const bookingId = await imported(r, ['guest'], { crew: [{ crewId: 'ana', role: 'captain' }], finance: FINANCE });

    const outcome = await r.service.change(bookingId, { guest: GUEST }, { actor: 'console', expectedVersion: 1 });

    expect(outcome).toMatchObject({ kind: 'changed', result: { version: 2 } });
    expect((await changedEntry(r, bookingId, 2))?.changes).toEqual([{ field: 'needsDetails', before: ['guest'], after: [] }]);
  });

  it('a change that fills nothing in keeps the list as it was, and records no needsDetails change', async () => {
    const r = rig();
    const bookingId = await imported(r);

    await r.service.change(bookingId, { notes: 'Late check-in' }, { expectedVersion: 1 });

    expect((await r.service.get(bookingId)).needsDetails).toEqual(['crew', 'finance', 'guest']);
    expect((await changedEntry(r, bookingId, 2))?.changes).toEqual([{ field: 'notes', before: '', after: 'Late check-in' }]);
  });

  it('a patch that neither changes nor fills in anything leaves the imported booking unchanged', async () => {
    const r = rig();
    const bookingId = await imported(r);

    const outcome = await r.service.change(bookingId, { notes: '', crew: [] }, { expectedVersion: 1 });

    expect(outcome).toMatchObject({ kind: 'unchanged', result: { version: 1 } });
  });

  it('taking every crew member off puts crew back on the list, ahead of what was still missing', async () => {
    const r = rig();
    const bookingId = await imported(r, ['guest'], { crew: [{ crewId: 'ana', role: 'captain' }], finance: FINANCE });

    await r.service.change(bookingId, { crew: [] }, { expectedVersion: 1 });

    expect((await r.service.get(bookingId)).needsDetails).toEqual(['crew', 'guest']);
    expect((await changedEntry(r, bookingId, 2))?.changes).toContainEqual({ field: 'needsDetails', before: ['guest'], after: ['crew', 'guest'] });
  });
});

describe('BookingService.preview', () => {
  it('lists the changed fields and the crew emails a reschedule would send, by roster name, and writes nothing', async () => {
    const r = rig();
    const bookingId = await booked(r);
    const before = await r.service.get(bookingId);

    const preview = await r.service.preview(bookingId, { start: '2027-07-05T18:00:00-07:00', end: '2027-07-05T21:00:00-07:00', notes: 'x', finance: { ...FINANCE, revenue: 1 } });

    expect(preview).toEqual({
      changedFields: ['start', 'end', 'notes', 'finance'],
      notices: [
        { crewId: 'ana', name: 'Ana Lopez', kind: 'changed', changed: ['time', 'notes'] },
        { crewId: 'ben', name: 'Ben Ortiz', kind: 'changed', changed: ['time', 'notes'] },
      ],
      conflicts: [],
      calendar: true,
      guestPage: true,
    });
    expect(await r.service.get(bookingId)).toEqual(before);
    expect(await r.bookings.getFinance(bookingId)).toEqual({ ...FINANCE, version: 1 });
    expect(r.mailer.sent).toEqual([]);
    expect(r.calendar.calls).toEqual([]);
  });

  it('a crew swap: the one taken off hears of it, the newcomer is invited; someone not on the roster is named by id', async () => {
    const r = rig();
    const bookingId = await booked(r);

    const preview = await r.service.preview(bookingId, { crew: [{ crewId: 'ana', role: 'captain' }, { crewId: 'cai', role: 'mate' }, { crewId: 'zed', role: 'deckhand' }] });

    expect(preview.notices).toEqual([
      { crewId: 'ben', name: 'Ben Ortiz', kind: 'removed', changed: [] },
      { crewId: 'cai', name: 'Cai Wong', kind: 'invite', changed: [] },
      { crewId: 'zed', name: 'zed', kind: 'invite', changed: [] },
    ]);
  });

  it('crew never told of the trip (its crew event failed) would all be invited', async () => {
    const r = rig();
    r.events.create = async () => {
      throw new DependencyUnavailableError('DynamoDB is throttling');
    };
    const bookingId = await booked(r);

    const preview = await r.service.preview(bookingId, { title: 'Sunset sail II' });

    expect(preview.notices).toEqual([
      { crewId: 'ana', name: 'Ana Lopez', kind: 'invite', changed: [] },
      { crewId: 'ben', name: 'Ben Ortiz', kind: 'invite', changed: [] },
    ]);
  });

  it('a booking stored before any step converged: everyone on it would be invited', async () => {
    const r = rig();
    const bookingId = await booked(r);
    delete r.bookings.records.get(bookingId)?.converged;

    const preview = await r.service.preview(bookingId, { title: 'Sunset sail II' });

    expect(preview.notices.map((n) => [n.crewId, n.kind])).toEqual([['ana', 'invite'], ['ben', 'invite']]);
  });

  it('no email for someone taken off a trip they only know as cancelled', async () => {
    const r = rig();
    const bookingId = await booked(r);
    await r.service.cancel(bookingId, { reason: 'weather' }, { expectedVersion: 1 });

    const preview = await r.service.preview(bookingId, { crew: [{ crewId: 'ana', role: 'captain' }] });

    expect(preview.changedFields).toEqual(['crew']);
    expect(preview.notices).toEqual([]);
  });

  it('no crew email for a trip that has ended, counting one that ends this very moment', async () => {
    const r = rig();
    const bookingId = await booked(r);
    r.setNow(new Date('2027-07-05T04:00:00Z'));

    const atTheEnd = await r.service.preview(bookingId, { notes: 'Left a jacket on board' });
    r.setNow(new Date('2027-07-05T03:59:59.999Z'));
    const justBefore = await r.service.preview(bookingId, { notes: 'Left a jacket on board' });

    expect(atTheEnd.notices).toEqual([]);
    expect(justBefore.notices.map((n) => [n.crewId, n.kind, n.changed])).toEqual([['ana', 'changed', ['notes']], ['ben', 'changed', ['notes']]]);
  });

  it('names only the clashes the change brings in: a newcomer on another trip, not a clash already booked over', async () => {
    const r = rig();
    const a = await booked(r, 'A');
    const { result } = await r.service.submit({ ...r.submission('B', { ...LATER, crew: [{ crewId: 'ben', role: 'captain' }] }), allowConflicts: true });

    const adding = await r.service.preview(result.bookingId, { crew: [{ crewId: 'ben', role: 'captain' }, { crewId: 'ana', role: 'mate' }] });
    const notes = await r.service.preview(result.bookingId, { notes: 'Bring ice' });

    expect(adding.conflicts).toEqual([anaOnA(a)]);
    expect(notes.conflicts).toEqual([]);
  });

  it('does not look for conflicts when the time, boat and crew stay: previews fine while the block source is down', async () => {
    let down = false;
    const r = rig({
      blocks: {
        blocksAround: async () => {
          if (down) throw new DependencyUnavailableError('The marketplace blocks are unavailable');
          return [];
        },
      },
    });
    const bookingId = await booked(r);
    down = true;

    const preview = await r.service.preview(bookingId, { notes: 'Bring ice' });

    expect(preview.conflicts).toEqual([]);
  });

  it('says which systems a change would write: the calendar when its event differs, the guest page for the fields it shows', async () => {
    const r = rig();
    const bookingId = await booked(r);
    const patches: Record<string, BookingPatch> = {
      title: { title: 'Sunset sail II' },
      start: { start: '2027-07-04T17:00:00-07:00' },
      end: { end: '2027-07-04T22:00:00-07:00' },
      timezone: { timezone: 'America/New_York' },
      boat: { boat: 'Other boat' },
      meetingPoint: { meetingPoint: 'Dock D' },
      whatToBring: { whatToBring: 'Sunscreen' },
      crew: { crew: [{ crewId: 'ana', role: 'captain' }] },
      crewTasks: { crewTasks: ['Fill water'] },
      notes: { notes: 'Bring ice' },
      guest: { guest: { ...GUEST, count: 8 } },
      finance: { finance: { ...FINANCE, revenue: 1 } },
      notifyGuest: { notifyGuest: false },
      'title and notes': { title: 'Sunset sail II', notes: 'Bring ice' },
    };

    const written: Record<string, { calendar: boolean; guestPage: boolean }> = {};
    for (const [name, patch] of Object.entries(patches)) {
      const { calendar, guestPage } = await r.service.preview(bookingId, patch);
      written[name] = { calendar, guestPage };
    }

    expect(written).toEqual({
      title: { calendar: true, guestPage: true },
      start: { calendar: true, guestPage: true },
      end: { calendar: true, guestPage: true },
      timezone: { calendar: true, guestPage: true },
      boat: { calendar: true, guestPage: true },
      meetingPoint: { calendar: true, guestPage: true },
      whatToBring: { calendar: false, guestPage: true },
      crew: { calendar: true, guestPage: true },
      crewTasks: { calendar: false, guestPage: true },
      notes: { calendar: true, guestPage: false },
      guest: { calendar: true, guestPage: false },
      finance: { calendar: false, guestPage: false },
      notifyGuest: { calendar: false, guestPage: false },
      'title and notes': { calendar: true, guestPage: true },
    });
  });

  it('without a calendar configured, no calendar write is announced', async () => {
    const r = rig({ calendar: undefined });
    const bookingId = await booked(r);

    const preview = await r.service.preview(bookingId, { title: 'Sunset sail II', start: '2027-07-04T17:00:00-07:00' });

    expect(preview.calendar).toBe(false);
    expect(preview.guestPage).toBe(true);
  });
});
