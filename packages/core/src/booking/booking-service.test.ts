import { beforeEach, describe, expect, it } from 'vitest';
import { BoatConflictError, CrewConflictError, DependencyUnavailableError, TripEndedError, VersionConflictError } from '../errors';
import { bookingServiceRig as rig, type BookingServiceRig as Rig, RIG_NOW as NOW } from './testing/booking-service-rig';

describe('BookingService: a booking that changes', () => {
  let r: Rig;
  let bookingId: string;
  beforeEach(async () => {
    r = rig();
    bookingId = (await r.service.submit(r.submission('BS-1'))).result.bookingId;
    r.mailer.sent.length = 0;
    r.calendar.calls.length = 0;
  });

  it('a reschedule updates the one calendar event, the page and the crew event, and tells staying crew once', async () => {
    const outcome = await r.service.change(bookingId, { start: '2027-07-05T18:00:00-07:00', end: '2027-07-05T21:00:00-07:00' }, { expectedVersion: 1 });
    expect(outcome.kind).toBe('changed');
    expect(outcome.result.version).toBe(2);
    expect(Object.values(outcome.result.steps).map((s) => [s.status, s.version])).toEqual([
      ['succeeded', 2],
      ['succeeded', 2],
      ['succeeded', 2],
      ['succeeded', 2],
      ['succeeded', 2],
      ['skipped', 2],
    ]);
    expect(r.calendar.calls).toEqual(['update']);
    expect([...r.calendar.entries.values()]).toHaveLength(1);
    expect([...r.calendar.entries.values()][0]?.start.dateTime).toBe('2027-07-05T18:00:00-07:00');
    expect([...r.pages.pages.values()][0]).toContain('2027-07-05T18:00:00-07:00');
    expect((await r.events.get(outcome.result.eventId))?.start).toBe('2027-07-05T18:00:00-07:00');
    expect(r.sentTo()).toEqual(['ana changed', 'ben changed']);
    expect(r.guestSent()).toEqual(['smith guest changed']);
    expect(r.mailer.sent.find((m) => m.to === 'smith@example.com')?.html).toBe('time');
    expect(r.notices.at(-1)).toMatchObject({ kind: 'changed', changed: ['time'], previous: { start: '2027-07-04T18:00:00-07:00' } });

    // Retrying a converged booking does nothing again.
    await r.service.retry(bookingId);
    expect(r.calendar.calls).toEqual(['update']);
    expect(r.mailer.sent).toHaveLength(3);
  });

  it('a crew swap invites the new one, releases the old one (new link generation), tells the captain only what changed for her', async () => {
    const before = await r.events.get((await r.service.get(bookingId)).eventId);
    const tick = before?.crewTasks[0];
    await r.events.setTaskState(before!.eventId, 0, { ...tick!, done: true, doneBy: 'ana', doneAt: NOW.toISOString() });
    await r.service.change(
      bookingId,
      { crew: [{ crewId: 'ana', role: 'captain' }, { crewId: 'cai', role: 'deckhand' }], crewTasks: [{ taskId: tick!.taskId, label: 'Stock the cooler' }, 'Fill water'] },
      { expectedVersion: 1 },
    );
    expect(r.sentTo().sort()).toEqual(['ana changed', 'ben removed', 'cai invite']);
    const event = await r.events.get(before!.eventId);
    expect(event?.crew.map((a) => a.crewId)).toEqual(['ana', 'cai']);
    expect(event?.linkGenerations).toEqual({ ben: 2 });
    // The task that stayed kept its id and its tick; the new one is new.
    expect(event?.crewTasks).toMatchObject([
      { taskId: tick!.taskId, label: 'Stock the cooler', done: true, doneBy: 'ana' },
      { label: 'Fill water', done: false },
    ]);
    expect(r.notices.find((n) => n.kind === 'removed')?.crewPageUrl).toBeUndefined();
    expect(r.notices.findLast((n) => n.crewName === 'Ana Lopez')?.changed).toEqual(['tasks']);
  });

  it('a change of finance or guest contact only: no crew email, no calendar write, no page write; a new guest address gets the welcome', async () => {
    const pagesBefore = r.pages.invalidations.length;
    const outcome = await r.service.change(
      bookingId,
      { finance: { revenue: 200000, captainFee: 40000, platformFee: 20000, currency: 'USD' }, guest: { name: 'Smith', email: 'new@example.com', count: 6 } },
      { expectedVersion: 1 },
    );
    expect(outcome.result.version).toBe(2);
    expect(r.calendar.calls).toEqual([]);
    expect(r.sentTo()).toEqual([]);
    expect(r.guestSent()).toEqual(['new guest welcome']);
    expect(r.pages.invalidations).toHaveLength(pagesBefore);
    expect((await r.bookings.getFinance(bookingId))?.revenue).toBe(200000);
    const history = await r.service.history(bookingId);
    expect(history.find((h) => h.kind === 'changed')?.changes?.map((c) => c.field)).toEqual(['guest', 'finance']);
  });

  it('cancel: calendar cancelled, page says so, everyone told once; reinstate brings it back', async () => {
    const cancelled = await r.service.cancel(bookingId, { reason: 'weather', refund: 185000 }, { expectedVersion: 1 });
    expect(cancelled.result.status).toBe('cancelled');
    expect(r.calendar.calls).toEqual(['cancel']);
    expect([...r.calendar.entries.values()][0]?.cancelled).toBe(true);
    expect([...r.pages.pages.values()][0]).toContain('cancelled');
    expect((await r.events.get(cancelled.result.eventId))?.cancelled).toBe(true);
    expect(r.sentTo()).toEqual(['ana cancelled', 'ben cancelled']);
    expect(r.guestSent()).toEqual(['smith guest cancelled']);
    expect((await r.bookings.getFinance(bookingId))).toMatchObject({ revenue: 185000, cancelled: { refund: 185000 } });
    // Cancelling again changes nothing and sends nothing.
    expect((await r.service.cancel(bookingId, { reason: 'weather' })).kind).toBe('unchanged');

    const back = await r.service.reinstate(bookingId);
    expect(back.result).toMatchObject({ status: 'active', version: 3 });
    expect(r.calendar.calls).toEqual(['cancel', 'update']);
    expect([...r.calendar.entries.values()][0]?.cancelled).toBe(false);
    expect(r.sentTo()).toEqual(['ana cancelled', 'ben cancelled', 'ana reinstated', 'ben reinstated']);
    expect(r.guestSent()).toEqual(['smith guest cancelled', 'smith guest reinstated']);
    expect((await r.events.get(back.result.eventId))?.cancelled).toBeUndefined();
    expect((await r.bookings.getFinance(bookingId))?.cancelled).toBeUndefined();
  });

  it('a stale If-Match is refused; 20 concurrent changes from the same version: exactly one wins', async () => {
    await expect(r.service.change(bookingId, { notes: 'x' }, { expectedVersion: 7 })).rejects.toBeInstanceOf(VersionConflictError);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => r.service.change(bookingId, { notes: `note ${i}` }, { expectedVersion: 1 })),
    );
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((x) => x.status === 'rejected' && x.reason instanceof VersionConflictError)).toHaveLength(19);
  });

  it('a run for version 2 that is slower than version 3 never has the last word', async () => {
    // Hold every calendar write until released, so the v2 run is still writing when v3 arrives.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    r.calendar.gate = () => held;
    const v2 = r.service.change(bookingId, { meetingPoint: 'Dock D' }, { expectedVersion: 1 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    r.calendar.gate = undefined;
    const v3 = await r.service.change(bookingId, { meetingPoint: 'Dock E' }, { expectedVersion: 2 });
    // The v2 run holds the calendar step, so v3 leaves it to that run.
    expect(v3.result.steps.calendar.status).toBe('running');
    release();
    const slow = await v2;
    expect(slow.result.steps.calendar).toMatchObject({ status: 'succeeded', version: 3 });
    expect([...r.calendar.entries.values()][0]?.location).toBe('Dock E');
    expect((await r.service.get(bookingId)).steps.calendar).toMatchObject({ status: 'succeeded', version: 3 });
  });

  it('a change made while the calendar fails: the retry converges to the latest version', async () => {
    r.calendar.failNext = 1;
    const v2 = await r.service.change(bookingId, { title: 'Sunset sail II' }, { expectedVersion: 1 });
    expect(v2.result.steps.calendar.status).toBe('failed');
    r.calendar.failNext = 1;
    await r.service.change(bookingId, { title: 'Sunset sail III' }, { expectedVersion: 2 });
    const retried = await r.service.retry(bookingId);
    expect(retried.result.steps.calendar).toMatchObject({ status: 'succeeded', version: 3 });
    expect([...r.calendar.entries.values()][0]?.summary).toBe('Sunset sail III');
    // Crew heard of each title once: v2 and v3.
    expect(r.sentTo()).toEqual(['ana changed', 'ben changed', 'ana changed', 'ben changed']);
    expect(r.guestSent()).toEqual(['smith guest changed', 'smith guest changed']);
  });

  it('crew are not told of a change until its crew event is written; the retry tells them once', async () => {
    const replace = r.events.replace.bind(r.events);
    r.events.replace = async () => {
      throw new DependencyUnavailableError('DynamoDB is throttling');
    };
    const changed = await r.service.change(bookingId, { meetingPoint: 'Dock D' }, { expectedVersion: 1 });
    expect(changed.result.steps.event.status).toBe('failed');
    expect(changed.result.steps.crewNotices).toMatchObject({ status: 'pending', version: 2 });
    expect(r.sentTo()).toEqual([]);
    r.events.replace = replace;
    const retried = await r.service.retry(bookingId);
    expect(retried.result.steps).toMatchObject({ event: { status: 'succeeded', version: 2 }, crewNotices: { status: 'succeeded', version: 2, sent: 2 } });
    expect(r.sentTo()).toEqual(['ana changed', 'ben changed']);
  });

  it('a past trip changes only in notes, finance and checklist', async () => {
    r.setNow(new Date('2027-07-10T00:00:00Z'));
    await expect(r.service.change(bookingId, { boat: 'Other' }, { expectedVersion: 1 })).rejects.toBeInstanceOf(TripEndedError);
    const ok = await r.service.change(bookingId, { notes: 'Left a jacket on board' }, { expectedVersion: 1 });
    expect(ok.result.version).toBe(2);
    expect(r.mailer.sent).toEqual([]);
  });
});

describe('BookingService: creating', () => {
  it('a trip that has ended is refused unless allowPast, and then nobody is emailed', async () => {
    const r = rig();
    r.setNow(new Date('2027-08-01T00:00:00Z'));
    await expect(r.service.submit(r.submission('OLD-1'))).rejects.toBeInstanceOf(TripEndedError);
    const imported = await r.service.submit({ ...r.submission('OLD-1'), allowPast: true });
    expect(imported.kind).toBe('created');
    expect(imported.result.steps.crewNotices).toMatchObject({ status: 'succeeded', sent: 0 });
    expect(r.mailer.sent).toEqual([]);
  });

  it('refuses a boat or a person on overlapping trips, unless overridden (and the override is in the history)', async () => {
    const r = rig();
    await r.service.submit(r.submission('A'));
    const overlapping = { start: '2027-07-04T20:00:00-07:00', end: '2027-07-04T23:00:00-07:00' };
    await expect(r.service.submit(r.submission('B', overlapping))).rejects.toBeInstanceOf(BoatConflictError);
    await expect(r.service.submit(r.submission('C', { ...overlapping, boat: 'Other boat' }))).rejects.toBeInstanceOf(CrewConflictError);
    const other = await r.service.submit(r.submission('D', { ...overlapping, boat: 'Other boat', crew: [{ crewId: 'cai', role: 'captain' }] }));
    expect(other.kind).toBe('created');
    const forced = await r.service.submit({ ...r.submission('B', overlapping), allowConflicts: true });
    const history = await r.service.history(forced.result.bookingId);
    expect(history.find((h) => h.kind === 'created')?.overrides).toHaveLength(3);
  });

  it('a change is refused only for the clashes it brings in', async () => {
    const r = rig();
    await r.service.submit(r.submission('A'));
    const overlapping = { start: '2027-07-04T20:00:00-07:00', end: '2027-07-04T23:00:00-07:00', boat: 'Other boat' };
    const b = await r.service.submit({ ...r.submission('B', overlapping), allowConflicts: true });
    // Ana and Ben already clash with A (booked over on purpose); taking Ben off asks nothing.
    const smaller = await r.service.change(b.result.bookingId, { crew: [{ crewId: 'ana', role: 'captain' }] }, { expectedVersion: 1 });
    expect(smaller.kind).toBe('changed');
    // Putting Ben back brings his clash back in.
    await expect(
      r.service.change(b.result.bookingId, { crew: [{ crewId: 'ana', role: 'captain' }, { crewId: 'ben', role: 'mate' }] }, { expectedVersion: 2 }),
    ).rejects.toBeInstanceOf(CrewConflictError);
  });

  it('cancelled trips never conflict', async () => {
    const r = rig();
    const first = await r.service.submit(r.submission('A'));
    await r.service.cancel(first.result.bookingId, { reason: 'guest' });
    expect((await r.service.submit(r.submission('B'))).kind).toBe('created');
    // Reinstating the first now conflicts with the second.
    await expect(r.service.reinstate(first.result.bookingId)).rejects.toBeInstanceOf(BoatConflictError);
  });

  it('the upsert creates, applies a different payload as a change, and ignores the same payload', async () => {
    const r = rig();
    const created = await r.service.upsert(r.submission('U-1'));
    expect(created.kind).toBe('created');
    expect((await r.service.upsert(r.submission('U-1'))).kind).toBe('unchanged');
    const moved = await r.service.upsert(r.submission('U-1', { guest: { name: 'Smith', count: 9 } }));
    expect(moved).toMatchObject({ kind: 'changed', result: { version: 2 } });
    expect(r.notices.at(-1)).toMatchObject({ kind: 'changed', changed: ['guests'] });
    expect((await r.service.upsert(r.submission('U-1', { guest: { name: 'Smith', count: 9 } }))).kind).toBe('unchanged');
  });
});
