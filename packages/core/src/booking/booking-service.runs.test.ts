/**
 * BookingService: the write that makes a change's version (one write claiming every step no
 * live run holds, claiming around steps taken meanwhile), what goes with it (finance, history
 * line, webhook relay), and which steps a run then runs, with the roster it reads.
 */
import { describe, expect, it } from 'vitest';
import { DependencyUnavailableError, StepHeldError, VersionConflictError } from '../errors';
import type { BookingDependencies } from './booking-service';
import type { StepClaim } from './repository';
import type { BookingRecord, FinanceRecord, HistoryEntry, IncomingBooking, StepName, StepState } from './schema';
import { bookingServiceRig, RIG_NOW as NOW } from './testing/booking-service-rig';
import { MemoryBookings } from './testing/memory-ports';
import type { OutboxEvent } from '../webhooks/ports';

const EVERY_STEP: StepName[] = ['event', 'calendar', 'guestPage', 'crewNotices', 'guestNotices', 'reminders'];

/** The memory store, recording what the service asks of it; `beforeSave` plays what happens meanwhile. */
class WatchedBookings extends MemoryBookings {
  /** The steps each `saveChange` attempt claimed, in order. */
  readonly saves: StepName[][] = [];
  /** Runs just before each `saveChange` write (1-based attempt); may throw to refuse it. */
  beforeSave: ((attempt: number) => void) | undefined;
  /** Every step a run claimed on its own. */
  readonly claims: StepName[] = [];
  readonly financeWrites: { finance: FinanceRecord | undefined; version: number }[] = [];
  historyDown = false;

  override async saveChange(next: BookingRecord, expectedVersion: number, claimed: readonly StepName[] = [], events?: readonly OutboxEvent[]) {
    this.saves.push([...claimed]);
    this.beforeSave?.(this.saves.length);
    return super.saveChange(next, expectedVersion, claimed, events);
  }

  override async claimStep(bookingId: string, step: StepName, claim: StepClaim, now: Date, leaseUntil: Date) {
    this.claims.push(step);
    return super.claimStep(bookingId, step, claim, now, leaseUntil);
  }

  override async setFinance(bookingId: string, finance: FinanceRecord, version: number) {
    this.financeWrites.push({ finance, version });
    return super.setFinance(bookingId, finance, version);
  }

  override async appendHistory(bookingId: string, entry: HistoryEntry) {
    if (this.historyDown) throw new DependencyUnavailableError('The history table is throttling');
    return super.appendHistory(bookingId, entry);
  }

  /** Another run (a retry, say) takes `step` with a lease that is still live a minute from now. */
  hold(bookingId: string, step: StepName): StepState {
    const stored = this.records.get(bookingId)!;
    const state: StepState = {
      status: 'running',
      startedAt: NOW.toISOString(),
      leaseUntil: new Date(NOW.getTime() + 60 * 60_000).toISOString(),
      claimId: 'run_other',
      version: stored.version,
    };
    stored.steps[step] = state;
    return structuredClone(state);
  }

  stored(bookingId: string): BookingRecord {
    return structuredClone(this.records.get(bookingId)!);
  }
}

function setup(extra: Partial<BookingDependencies> = {}) {
  const bookings = new WatchedBookings();
  const published: string[] = [];
  const rig = bookingServiceRig({
    bookings,
    // A scheduler, so that a converged booking has every step succeeded (none skipped).
    scheduler: { upsert: async () => {}, remove: async () => {} },
    publish: async (bookingId) => {
      published.push(bookingId);
    },
    ...extra,
  });
  const rosterReads: string[][] = [];
  const getMany = rig.crew.getMany.bind(rig.crew);
  rig.crew.getMany = async (crewIds) => {
    rosterReads.push([...crewIds]);
    return getMany(crewIds);
  };
  return { ...rig, bookings, published, rosterReads };
}

const withoutFinance = (submission: IncomingBooking): IncomingBooking => {
  const { finance: _, ...rest } = submission;
  return rest;
};

const convergedAt = (version: number) => EVERY_STEP.map((name) => [name, 'succeeded', version]);
const statusesOf = (steps: BookingRecord['steps']) => EVERY_STEP.map((name) => [name, steps[name].status, steps[name].version]);

describe('BookingService: the write that makes a change', () => {
  it('saves the next version, stamped with the clock, with its history line and its webhook event, claiming every step', async () => {
    const r = setup();
    const { bookingId, slug, eventId } = (await r.service.submit(r.submission('RUN-1'))).result;
    r.advance(5 * 60_000);

    const outcome = await r.service.change(bookingId, { meetingPoint: 'Dock D' }, { actor: 'console', expectedVersion: 1 });

    const at = '2027-06-01T12:05:00.000Z';
    const lastChange = { actor: 'console', kind: 'changed', changes: [{ field: 'meetingPoint', before: 'Dock C', after: 'Dock D' }], version: 2, at };
    expect(outcome.kind).toBe('changed');
    expect(outcome.result).toMatchObject({ bookingId, eventId, slug, guestUrl: `https://scc.test/g/${slug}`, version: 2, status: 'active' });
    expect(statusesOf(outcome.result.steps)).toEqual(convergedAt(2));
    expect(r.bookings.saves).toEqual([EVERY_STEP]);
    const stored = r.bookings.stored(bookingId);
    expect(stored).toMatchObject({ version: 2, updatedAt: at, lastChange });
    expect(r.bookings.history.get(bookingId)).toContainEqual(lastChange);
    expect(r.bookings.outbox.get(bookingId)?.filter((e) => e.type === 'booking.changed')).toMatchObject([
      { at, bookingId, data: { actor: 'console', changedFields: ['meetingPoint'] } },
    ]);
  });

  it('stores the hash of the whole submission, finance included: the same submission again is a replay', async () => {
    const r = setup();
    await r.service.upsert(r.submission('RUN-2'));
    const moved = r.submission('RUN-2', { guest: { name: 'Smith', count: 9 } });
    await r.service.upsert(moved);

    const again = await r.service.submit(moved);

    expect(again).toMatchObject({ kind: 'replayed', result: { version: 2 } });
  });

  it('stores the hash of the whole submission for a booking without finance too', async () => {
    const r = setup();
    await r.service.upsert(withoutFinance(r.submission('RUN-3')));
    const moved = withoutFinance(r.submission('RUN-3', { guest: { name: 'Smith', count: 9 } }));
    await r.service.upsert(moved);

    const again = await r.service.submit(moved);

    expect(again).toMatchObject({ kind: 'replayed', result: { version: 2 } });
    expect(await r.bookings.getFinance(again.result.bookingId)).toBeUndefined();
  });

  it('writes the finance, with the new version, only when the change touched it', async () => {
    const r = setup();
    const { bookingId } = (await r.service.submit(r.submission('RUN-4'))).result;

    await r.service.change(bookingId, { notes: 'Birthday' });
    const untouched = await r.bookings.getFinance(bookingId);
    await r.service.change(bookingId, { finance: { revenue: 200000, captainFee: 40000, platformFee: 20000, currency: 'USD' } });

    expect(untouched).toEqual({ revenue: 185000, captainFee: 40000, platformFee: 20000, currency: 'USD', version: 1 });
    expect(r.bookings.financeWrites.map((w) => w.version)).toEqual([3]);
    expect(await r.bookings.getFinance(bookingId)).toEqual({ revenue: 200000, captainFee: 40000, platformFee: 20000, currency: 'USD', version: 3 });
  });

  it('cancelling a booking without finance writes no finance, and the booking reads as cancelled', async () => {
    const r = setup();
    const { bookingId } = (await r.service.submit(withoutFinance(r.submission('RUN-5')))).result;

    const cancelled = await r.service.cancel(bookingId, { reason: 'weather' });

    expect(cancelled.result).toMatchObject({ status: 'cancelled', version: 2 });
    expect(r.bookings.financeWrites).toEqual([]);
    expect(await r.bookings.getFinance(bookingId)).toBeUndefined();
  });

  it('leaves a step a live run holds to that run, and claims the others in its one write', async () => {
    const r = setup();
    const { bookingId } = (await r.service.submit(r.submission('RUN-6'))).result;
    const held = r.bookings.hold(bookingId, 'calendar');
    r.calendar.calls.length = 0;

    const outcome = await r.service.change(bookingId, { meetingPoint: 'Dock D' });

    expect(r.bookings.saves).toEqual([EVERY_STEP.filter((name) => name !== 'calendar')]);
    expect(outcome.result.steps.calendar).toEqual(held);
    expect(r.bookings.stored(bookingId).steps.calendar).toEqual(held);
    expect(r.calendar.calls).toEqual([]);
    expect(statusesOf(outcome.result.steps).filter(([name]) => name !== 'calendar')).toEqual(convergedAt(2).filter(([name]) => name !== 'calendar'));
  });

  it('claims around steps taken while it writes, and its third write claims none, so the change still lands', async () => {
    const r = setup();
    const { bookingId } = (await r.service.submit(r.submission('RUN-7'))).result;
    const held: Partial<Record<StepName, StepState>> = {};
    r.bookings.beforeSave = (attempt) => {
      if (attempt === 1) held.calendar = r.bookings.hold(bookingId, 'calendar');
      if (attempt === 2) held.guestPage = r.bookings.hold(bookingId, 'guestPage');
    };
    r.calendar.calls.length = 0;

    const outcome = await r.service.change(bookingId, { meetingPoint: 'Dock D' });

    expect(r.bookings.saves).toEqual([EVERY_STEP, EVERY_STEP.filter((name) => name !== 'calendar'), []]);
    expect(outcome).toMatchObject({ kind: 'changed', result: { version: 2 } });
    expect(outcome.result.steps).toMatchObject({ calendar: held.calendar, guestPage: held.guestPage });
    expect(r.calendar.calls).toEqual([]);
    // The steps nobody held are claimed one by one by this change's run.
    expect([...r.bookings.claims].sort()).toEqual([...EVERY_STEP].sort());
    expect(statusesOf(outcome.result.steps).filter(([name]) => name !== 'calendar' && name !== 'guestPage')).toEqual(
      convergedAt(2).filter(([name]) => name !== 'calendar' && name !== 'guestPage'),
    );
  });

  it('after one step is taken meanwhile, the second write claims every other step', async () => {
    const r = setup();
    const { bookingId } = (await r.service.submit(r.submission('RUN-8'))).result;
    r.bookings.beforeSave = (attempt) => {
      if (attempt === 1) r.bookings.hold(bookingId, 'reminders');
    };

    const outcome = await r.service.change(bookingId, { meetingPoint: 'Dock D' });

    expect(r.bookings.saves).toEqual([EVERY_STEP, EVERY_STEP.filter((name) => name !== 'reminders')]);
    expect(r.bookings.claims).toEqual(['reminders']);
    expect(outcome.result.steps.reminders).toMatchObject({ status: 'running', claimId: 'run_other' });
    expect(statusesOf(outcome.result.steps).filter(([name]) => name !== 'reminders')).toEqual(convergedAt(2).filter(([name]) => name !== 'reminders'));
  });

  it('is refused as a version conflict when another change lands while it claims around a held step', async () => {
    const r = setup();
    const { bookingId } = (await r.service.submit(r.submission('RUN-9'))).result;
    r.bookings.beforeSave = () => {
      r.bookings.records.get(bookingId)!.version = 2;
      throw new StepHeldError('held', { details: { held: ['calendar'] } });
    };

    const changing = r.service.change(bookingId, { meetingPoint: 'Dock D' });

    await expect(changing).rejects.toBeInstanceOf(VersionConflictError);
    await expect(changing).rejects.toMatchObject({ details: { currentVersion: 2, expectedVersion: 1 } });
    expect(r.bookings.saves).toHaveLength(1);
  });

  it('fails the change on any other error of its write, and runs and publishes nothing', async () => {
    const r = setup();
    const { bookingId } = (await r.service.submit(r.submission('RUN-10'))).result;
    const down = new DependencyUnavailableError('DynamoDB is throttling');
    r.bookings.beforeSave = () => {
      throw down;
    };
    r.published.length = 0;
    r.calendar.calls.length = 0;

    const changing = r.service.change(bookingId, { meetingPoint: 'Dock D' });

    await expect(changing).rejects.toBe(down);
    expect(r.bookings.saves).toHaveLength(1);
    expect(r.bookings.stored(bookingId).version).toBe(1);
    expect(r.calendar.calls).toEqual([]);
    expect(r.published).toEqual([]);
  });

  it('a lost history line does not fail the change, and the history still shows it', async () => {
    const r = setup();
    const { bookingId } = (await r.service.submit(r.submission('RUN-11'))).result;
    r.bookings.historyDown = true;

    const outcome = await r.service.change(bookingId, { notes: 'Birthday' });

    expect(outcome).toMatchObject({ kind: 'changed', result: { version: 2 } });
    r.bookings.historyDown = false;
    expect((await r.service.history(bookingId))[0]).toMatchObject({ version: 2, kind: 'changed', changes: [{ field: 'notes' }] });
  });
});

describe('BookingService: relaying a change to the webhooks', () => {
  it('publishes once when every step converged, and once more when a step failed', async () => {
    const r = setup();
    const { bookingId } = (await r.service.submit(r.submission('PUB-1'))).result;
    const afterCreate = [...r.published];
    r.published.length = 0;

    await r.service.change(bookingId, { notes: 'Birthday' });
    const afterClean = [...r.published];
    r.published.length = 0;
    r.calendar.failNext = 1;
    const failed = await r.service.change(bookingId, { meetingPoint: 'Dock D' });

    expect(afterCreate).toEqual([bookingId]);
    expect(afterClean).toEqual([bookingId]);
    expect(failed.result.steps.calendar.status).toBe('failed');
    expect(r.published).toEqual([bookingId, bookingId]);
  });

  it('is best effort: a relay that fails does not fail the change', async () => {
    const r = setup({ publish: async () => Promise.reject(new DependencyUnavailableError('relay down')) });
    const { bookingId } = (await r.service.submit(r.submission('PUB-2'))).result;
    r.calendar.failNext = 1;

    const outcome = await r.service.change(bookingId, { meetingPoint: 'Dock D' });

    expect(outcome).toMatchObject({ kind: 'changed', result: { version: 2 } });
  });

  it('without a relay configured a change completes all the same', async () => {
    const r = bookingServiceRig();
    const { bookingId } = (await r.service.submit(r.submission('PUB-3'))).result;

    const outcome = await r.service.change(bookingId, { meetingPoint: 'Dock D' });

    expect(outcome).toMatchObject({ kind: 'changed', result: { version: 2, steps: { calendar: { status: 'succeeded' } } } });
  });
});

describe('BookingService: a booking as callers see it', () => {
  it('a record stored before bookings had a status reads as active, with its guest page address', async () => {
    const r = setup();
    const submission = r.submission('OLD-1');
    const { bookingId, slug } = (await r.service.submit(submission)).result;
    delete r.bookings.records.get(bookingId)!.status;

    const outcome = await r.service.upsert(submission);

    expect(outcome).toMatchObject({ kind: 'unchanged', result: { bookingId, status: 'active', guestUrl: `https://scc.test/g/${slug}`, version: 1 } });
  });
});

describe('BookingService: which steps a run runs', () => {
  it('retrying a converged booking claims nothing and answers the stored steps', async () => {
    const r = setup();
    const { bookingId } = (await r.service.submit(r.submission('STEP-1'))).result;
    const before = r.bookings.stored(bookingId);
    r.bookings.claims.length = 0;
    r.advance(60_000);

    const retried = await r.service.retry(bookingId);

    expect(statusesOf(before.steps)).toEqual(convergedAt(1));
    expect(r.bookings.claims).toEqual([]);
    expect(retried).toMatchObject({ kind: 'retried', result: { version: 1, steps: before.steps } });
  });

  it('a retry runs only the step that did not converge', async () => {
    const r = setup();
    const { bookingId } = (await r.service.submit(r.submission('STEP-2'))).result;
    r.calendar.failNext = 1;
    await r.service.change(bookingId, { meetingPoint: 'Dock D' });
    const before = r.bookings.stored(bookingId);
    r.bookings.claims.length = 0;
    r.advance(60_000);

    const retried = await r.service.retry(bookingId);

    expect(before.steps.calendar.status).toBe('failed');
    expect(r.bookings.claims).toEqual(['calendar']);
    expect(retried.result.steps).toEqual({ ...before.steps, calendar: { status: 'succeeded', at: '2027-06-01T12:01:00.000Z', version: 2 } });
  });

  it('crew are not told before the crew event exists: their notices wait as pending for the version, and a retry sends them', async () => {
    const r = setup();
    const create = r.events.create.bind(r.events);
    r.events.create = async () => {
      throw new DependencyUnavailableError('DynamoDB is throttling');
    };

    const created = await r.service.submit(r.submission('STEP-3'));
    const { bookingId } = created.result;
    const stored = r.bookings.stored(bookingId).steps.crewNotices;
    const sentBefore = r.sentTo();
    r.events.create = create;
    const retried = await r.service.retry(bookingId);

    expect(created.result.steps.event.status).toBe('failed');
    expect(created.result.steps.crewNotices).toEqual({ status: 'pending', version: 1 });
    expect(stored).toEqual({ status: 'pending', version: 1 });
    expect(sentBefore).toEqual([]);
    expect(retried.result.steps.crewNotices).toMatchObject({ status: 'succeeded', version: 1, sent: 2 });
    expect(r.sentTo()).toEqual(['ana invite', 'ben invite']);
  });

  it('a change whose crew event fails records the crew notices it claimed as pending for its version', async () => {
    const r = setup();
    const { bookingId } = (await r.service.submit(r.submission('STEP-3b'))).result;
    r.events.replace = async () => {
      throw new DependencyUnavailableError('DynamoDB is throttling');
    };
    r.mailer.sent.length = 0;

    const outcome = await r.service.change(bookingId, { meetingPoint: 'Dock D' });

    expect(outcome.result.steps.event.status).toBe('failed');
    expect(outcome.result.steps.crewNotices).toEqual({ status: 'pending', version: 2 });
    expect(r.bookings.stored(bookingId).steps.crewNotices).toEqual({ status: 'pending', version: 2 });
    expect(r.sentTo()).toEqual([]);
  });

  it('a change whose crew event fails leaves crew notices another run holds to that run', async () => {
    const r = setup();
    const { bookingId } = (await r.service.submit(r.submission('STEP-4'))).result;
    const held = r.bookings.hold(bookingId, 'crewNotices');
    r.events.replace = async () => {
      throw new DependencyUnavailableError('DynamoDB is throttling');
    };
    r.mailer.sent.length = 0;

    const outcome = await r.service.change(bookingId, { meetingPoint: 'Dock D' });

    expect(outcome.result.steps.event.status).toBe('failed');
    expect(outcome.result.steps.crewNotices).toEqual(held);
    expect(r.bookings.stored(bookingId).steps.crewNotices).toEqual(held);
    expect(r.sentTo()).toEqual([]);
  });

  it('crew taken off the trip are told so, from one roster read that asks for each person once', async () => {
    const r = setup();
    const { bookingId } = (await r.service.submit(r.submission('STEP-5'))).result;
    r.mailer.sent.length = 0;
    r.rosterReads.length = 0;

    await r.service.change(bookingId, { crew: [{ crewId: 'ana', role: 'captain' }] });

    expect(r.sentTo()).toEqual(['ben removed']);
    expect(r.rosterReads).toEqual([['ana', 'ben']]);
  });

  it('creating a booking reads the roster once', async () => {
    const r = setup();

    const created = await r.service.submit(r.submission('STEP-6'));

    expect(statusesOf(created.result.steps)).toEqual(convergedAt(1));
    expect(r.rosterReads).toEqual([['ana', 'ben']]);
  });

  it('a trip without crew never reads the roster, created or changed', async () => {
    const r = setup();
    const { bookingId } = (await r.service.submit(r.submission('STEP-7', { crew: [] }))).result;

    const changed = await r.service.change(bookingId, { meetingPoint: 'Dock D' });

    expect(statusesOf(changed.result.steps)).toEqual(convergedAt(2));
    expect(r.rosterReads).toEqual([]);
  });
});
