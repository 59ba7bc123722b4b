/**
 * BookingService after creation: cancel, reinstate, retry (and the finance a retry brings up
 * to the booking's version after a crash), history, the plain reads, and the operator settings
 * with their half-minute cache.
 */
import { describe, expect, it } from 'vitest';
import { DependencyUnavailableError, NotFoundError, TripEndedError, VersionConflictError } from '../errors';
import { DEFAULT_SETTINGS, type OperatorSettings, type SettingsRepository } from './repository';
import type { FinanceRecord, HistoryEntry } from './schema';
import { bookingServiceRig, rejection, RIG_NOW as NOW, type BookingServiceRig as Rig } from './testing/booking-service-rig';

const AT = NOW.toISOString();
/** The rig's Sunset sail ends at 2027-07-04T21:00:00-07:00. */
const TRIP_END = '2027-07-04T21:00:00-07:00';
const TRIP_END_UTC = new Date('2027-07-05T04:00:00Z');
const AMOUNTS = { revenue: 185000, captainFee: 40000, platformFee: 20000, currency: 'USD' };

async function booked(r: Rig, externalId = 'LC-1'): Promise<string> {
  return (await r.service.submit(r.submission(externalId))).result.bookingId;
}

/** A booking a channel's feed brought in: no money yet. */
async function imported(r: Rig, externalId = 'FEED-1'): Promise<string> {
  const { finance: _, ...withoutFinance } = r.submission(externalId);
  const outcome = await r.service.upsert(withoutFinance, 'sync', { origin: { channelId: 'ch-1', uid: 'uid-1' }, needsDetails: ['finance'] });
  return outcome.result.bookingId;
}

/** Lets every step still in flight finish (memory ports answer in microtasks). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The process dies between a change's booking write and its finance write: the change's call
 * fails once its steps are done, and the finance stays as it was.
 */
function crashBeforeFinanceWrites(r: Rig): () => void {
  const original = r.bookings.setFinance.bind(r.bookings);
  r.bookings.setFinance = async () => {
    await settle();
    throw new DependencyUnavailableError('DynamoDB is unreachable');
  };
  return () => {
    r.bookings.setFinance = original;
  };
}

/** Every finance write from now on, as [version, finance]. */
function financeWrites(r: Rig): [number, FinanceRecord][] {
  const writes: [number, FinanceRecord][] = [];
  const original = r.bookings.setFinance.bind(r.bookings);
  r.bookings.setFinance = async (bookingId, finance, version) => {
    writes.push([version, structuredClone(finance)]);
    return original(bookingId, finance, version);
  };
  return writes;
}

describe('BookingService.cancel', () => {
  it('refuses a trip whose end is exactly now, naming the end, and changes nothing', async () => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);
    r.setNow(TRIP_END_UTC);

    const error = await rejection(r.service.cancel(bookingId, { reason: 'weather' }));

    expect(error).toBeInstanceOf(TripEndedError);
    expect(error.message).toBe('This trip has already ended, so it cannot be cancelled');
    expect((error as TripEndedError).details).toStrictEqual({ end: TRIP_END });
    expect(await r.service.get(bookingId)).toMatchObject({ version: 1, status: 'active' });
  });

  it('cancels a trip a minute before its end', async () => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);
    r.setNow(new Date(TRIP_END_UTC.getTime() - 60_000));

    const outcome = await r.service.cancel(bookingId, { reason: 'weather' });

    expect(outcome).toMatchObject({ kind: 'changed', result: { status: 'cancelled', version: 2 } });
    expect((await r.service.get(bookingId)).cancellation).toStrictEqual({ reason: 'weather', at: '2027-07-05T03:59:00.000Z' });
  });

  it('without money: the finance holds an empty cancellation, the history only the status and the reason', async () => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);

    await r.service.cancel(bookingId, { reason: 'weather' });

    const record = await r.service.get(bookingId);
    expect(record.status).toBe('cancelled');
    expect(record.cancellation).toStrictEqual({ reason: 'weather', at: AT });
    expect(record.lastChange).toStrictEqual({
      actor: 'service-key',
      kind: 'cancelled',
      changes: [{ field: 'status', before: 'active', after: 'cancelled' }],
      note: 'weather',
      version: 2,
      at: AT,
    });
    expect(await r.service.getFinance(bookingId)).toStrictEqual({ ...AMOUNTS, version: 2, cancelled: {} });
  });

  it('with a refund and a note: the finance keeps the amounts and holds the refund; the history says both', async () => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);

    await r.service.cancel(bookingId, { reason: 'weather', note: 'Gale warning', refund: 150000 }, { actor: 'console', expectedVersion: 1 });

    const record = await r.service.get(bookingId);
    expect(record.cancellation).toStrictEqual({ reason: 'weather', note: 'Gale warning', at: AT });
    expect(record.lastChange).toStrictEqual({
      actor: 'console',
      kind: 'cancelled',
      changes: [
        { field: 'status', before: 'active', after: 'cancelled' },
        { field: 'finance.cancelled', before: null, after: { refund: 150000 } },
      ],
      note: 'weather: Gale warning',
      version: 2,
      at: AT,
    });
    expect(await r.service.getFinance(bookingId)).toStrictEqual({ ...AMOUNTS, version: 2, cancelled: { refund: 150000 } });
  });

  it('with a cancellation fee only: the finance holds the fee and no refund', async () => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);

    await r.service.cancel(bookingId, { reason: 'guest', cancellationFee: 30000 });

    expect((await r.service.get(bookingId)).lastChange?.changes).toStrictEqual([
      { field: 'status', before: 'active', after: 'cancelled' },
      { field: 'finance.cancelled', before: null, after: { cancellationFee: 30000 } },
    ]);
    expect(await r.service.getFinance(bookingId)).toStrictEqual({ ...AMOUNTS, version: 2, cancelled: { cancellationFee: 30000 } });
  });

  it('with both a refund and a fee: the finance holds both', async () => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);

    await r.service.cancel(bookingId, { reason: 'guest', refund: 100000, cancellationFee: 30000 });

    expect((await r.service.getFinance(bookingId))?.cancelled).toStrictEqual({ refund: 100000, cancellationFee: 30000 });
  });

  it('a stale expected version is refused and the booking stays active', async () => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);

    const error = await rejection(r.service.cancel(bookingId, { reason: 'weather' }, { expectedVersion: 2 }));

    expect(error).toBeInstanceOf(VersionConflictError);
    expect(await r.service.get(bookingId)).toMatchObject({ version: 1, status: 'active' });
  });

  it('cancelling a cancelled booking changes nothing', async () => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);
    await r.service.cancel(bookingId, { reason: 'weather' });

    const again = await r.service.cancel(bookingId, { reason: 'guest', refund: 1 });

    expect(again).toMatchObject({ kind: 'unchanged', result: { version: 2, status: 'cancelled' } });
    expect((await r.service.get(bookingId)).cancellation?.reason).toBe('weather');
  });
});

describe('BookingService.reinstate', () => {
  it('brings the trip back: no cancellation on the booking, none on the finance, the history says who', async () => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);
    await r.service.cancel(bookingId, { reason: 'weather', refund: 150000 });

    const outcome = await r.service.reinstate(bookingId, { expectedVersion: 2 });

    expect(outcome).toMatchObject({ kind: 'changed', result: { status: 'active', version: 3 } });
    const record = await r.service.get(bookingId);
    expect(record.status).toBe('active');
    expect(record.cancellation).toBeUndefined();
    expect(record.lastChange).toStrictEqual({
      actor: 'service-key',
      kind: 'reinstated',
      changes: [{ field: 'status', before: 'cancelled', after: 'active' }],
      version: 3,
      at: AT,
    });
    expect(await r.service.getFinance(bookingId)).toStrictEqual({ ...AMOUNTS, version: 3 });
  });

  it('records the actor who asked', async () => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);
    await r.service.cancel(bookingId, { reason: 'weather' });

    await r.service.reinstate(bookingId, { actor: 'console' });

    expect((await r.service.get(bookingId)).lastChange?.actor).toBe('console');
  });

  it('an active booking is left unchanged', async () => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);

    const outcome = await r.service.reinstate(bookingId);

    expect(outcome).toMatchObject({ kind: 'unchanged', result: { status: 'active', version: 1 } });
    expect((await r.service.get(bookingId)).lastChange?.kind).toBe('created');
  });

  it('a stale expected version is refused and the booking stays cancelled', async () => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);
    await r.service.cancel(bookingId, { reason: 'weather' });

    const error = await rejection(r.service.reinstate(bookingId, { expectedVersion: 1 }));

    expect(error).toBeInstanceOf(VersionConflictError);
    expect(await r.service.get(bookingId)).toMatchObject({ version: 2, status: 'cancelled' });
  });

  it('booked over conflicts on purpose: the history lists them', async () => {
    const r = bookingServiceRig();
    const first = await booked(r, 'A');
    await r.service.cancel(first, { reason: 'guest' });
    const second = await booked(r, 'B');

    await r.service.reinstate(first, { allowConflicts: true });

    const overrides = (await r.service.get(first)).lastChange?.overrides as { kind: string; bookingId: string; crewId?: string }[];
    expect(overrides.map((c) => [c.kind, c.bookingId, c.crewId])).toEqual([
      ['boat', second, undefined],
      ['crew', second, 'ana'],
      ['crew', second, 'ben'],
    ]);
  });
});

describe('BookingService: a booking without finance (imported from a feed)', () => {
  it('cancels, retries and reinstates without inventing a finance record', async () => {
    const r = bookingServiceRig();
    const bookingId = await imported(r);

    const cancelled = await r.service.cancel(bookingId, { reason: 'marketplace', refund: 5000 });
    const retried = await r.service.retry(bookingId);
    const back = await r.service.reinstate(bookingId);

    expect(cancelled.result).toMatchObject({ status: 'cancelled', version: 2 });
    expect(retried.kind).toBe('retried');
    expect(back.result).toMatchObject({ status: 'active', version: 3 });
    expect(await r.service.getFinance(bookingId)).toBeUndefined();
  });
});

describe('BookingService.retry: the finance catches up after a crash before its write', () => {
  it('a finance change: the retry writes the new amounts at the booking version', async () => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);
    const recover = crashBeforeFinanceWrites(r);
    const newAmounts = { revenue: 200000, captainFee: 45000, platformFee: 20000, currency: 'USD' };
    await expect(r.service.change(bookingId, { notes: 'Late start', finance: newAmounts })).rejects.toBeInstanceOf(DependencyUnavailableError);
    recover();
    expect(await r.service.getFinance(bookingId)).toStrictEqual({ ...AMOUNTS, version: 1 });

    const outcome = await r.service.retry(bookingId);

    expect(outcome).toMatchObject({ kind: 'retried', result: { version: 2 } });
    expect(await r.service.getFinance(bookingId)).toStrictEqual({ ...newAmounts, version: 2 });
  });

  it('a cancel with a refund: the retry writes the refund', async () => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);
    const recover = crashBeforeFinanceWrites(r);
    await expect(r.service.cancel(bookingId, { reason: 'weather', refund: 150000 })).rejects.toBeInstanceOf(DependencyUnavailableError);
    recover();

    await r.service.retry(bookingId);

    expect(await r.service.getFinance(bookingId)).toStrictEqual({ ...AMOUNTS, version: 2, cancelled: { refund: 150000 } });
  });

  it('a cancel without money: the retry writes an empty cancellation', async () => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);
    const recover = crashBeforeFinanceWrites(r);
    await expect(r.service.cancel(bookingId, { reason: 'weather' })).rejects.toBeInstanceOf(DependencyUnavailableError);
    recover();

    await r.service.retry(bookingId);

    expect(await r.service.getFinance(bookingId)).toStrictEqual({ ...AMOUNTS, version: 2, cancelled: {} });
  });

  it('a reinstate: the retry drops the cancellation', async () => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);
    await r.service.cancel(bookingId, { reason: 'weather', refund: 150000 });
    const recover = crashBeforeFinanceWrites(r);
    await expect(r.service.reinstate(bookingId)).rejects.toBeInstanceOf(DependencyUnavailableError);
    recover();

    await r.service.retry(bookingId);

    expect(await r.service.getFinance(bookingId)).toStrictEqual({ ...AMOUNTS, version: 3 });
  });

  it('a finance change to a cancelled booking: the retry writes the amounts and keeps the refund', async () => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);
    await r.service.cancel(bookingId, { reason: 'weather', refund: 150000 });
    const recover = crashBeforeFinanceWrites(r);
    const newAmounts = { revenue: 190000, captainFee: 40000, platformFee: 20000, currency: 'USD' };
    await expect(r.service.change(bookingId, { finance: newAmounts })).rejects.toBeInstanceOf(DependencyUnavailableError);
    recover();

    await r.service.retry(bookingId);

    expect(await r.service.getFinance(bookingId)).toStrictEqual({ ...newAmounts, version: 3, cancelled: { refund: 150000 } });
  });
});

describe('BookingService.retry: the finance is left alone', () => {
  it('when it is already at the booking version', async () => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);
    await r.service.cancel(bookingId, { reason: 'weather', refund: 150000 });
    const writes = financeWrites(r);

    await r.service.retry(bookingId);

    expect(writes).toEqual([]);
    expect(await r.service.getFinance(bookingId)).toStrictEqual({ ...AMOUNTS, version: 2, cancelled: { refund: 150000 } });
  });

  it('when the last change did not touch the money', async () => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);
    await r.service.change(bookingId, { notes: 'Bring sunscreen' });
    const writes = financeWrites(r);

    await r.service.retry(bookingId);

    expect(writes).toEqual([]);
    expect(await r.service.getFinance(bookingId)).toStrictEqual({ ...AMOUNTS, version: 1 });
  });

  // Records set by hand, ahead of their finance: only a change, cancel or reinstate settles it.
  it.each<[string, HistoryEntry | undefined]>([
    ['a creation', { version: 2, at: AT, actor: 'service-key', kind: 'created' }],
    ['a step line', { version: 2, at: AT, actor: 'service-key', kind: 'step', step: { name: 'calendar', status: 'succeeded' } }],
    ['missing (stored before it was kept)', undefined],
  ])('when the last change is %s', async (_, lastChange) => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);
    await r.service.change(bookingId, { notes: 'Bring sunscreen' });
    const { lastChange: _stored, ...record } = r.bookings.records.get(bookingId)!;
    r.bookings.records.set(bookingId, lastChange ? { ...record, lastChange } : record);
    const writes = financeWrites(r);

    const outcome = await r.service.retry(bookingId);

    expect(outcome.kind).toBe('retried');
    expect(writes).toEqual([]);
    expect(await r.service.getFinance(bookingId)).toStrictEqual({ ...AMOUNTS, version: 1 });
  });
});

describe('BookingService.history', () => {
  const changeLines = (entries: HistoryEntry[]) => entries.filter((e) => e.kind !== 'step').map((e) => [e.kind, e.version]);

  it('lists the last change first when its own line was never written, though its steps were', async () => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);
    const append = r.bookings.appendHistory.bind(r.bookings);
    r.bookings.appendHistory = async (id, entry) => {
      if (entry.kind === 'cancelled') throw new DependencyUnavailableError('DynamoDB is throttling');
      return append(id, entry);
    };
    await r.service.cancel(bookingId, { reason: 'weather' });

    const history = await r.service.history(bookingId);

    expect(history[0]).toStrictEqual((await r.service.get(bookingId)).lastChange);
    expect(changeLines(history)).toEqual([
      ['cancelled', 2],
      ['created', 1],
    ]);
    expect(history.some((e) => e.kind === 'step' && e.version === 2)).toBe(true);
  });

  it('lists the last change once when its line was written', async () => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);
    await r.service.cancel(bookingId, { reason: 'weather' });

    const history = await r.service.history(bookingId);

    expect(changeLines(history)).toEqual([
      ['cancelled', 2],
      ['created', 1],
    ]);
  });
});

describe('BookingService: reads', () => {
  it('get of an unknown booking is a NotFoundError naming it', async () => {
    const r = bookingServiceRig();

    const error = await rejection(r.service.get('bk_nope'));

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe('No booking bk_nope');
    expect((error as NotFoundError).details).toStrictEqual({ bookingId: 'bk_nope' });
  });

  it('getFinance answers with the stored finance', async () => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);

    expect(await r.service.getFinance(bookingId)).toStrictEqual({ ...AMOUNTS, version: 1 });
  });

  it('list answers with the bookings starting in the range, a page at a time', async () => {
    const r = bookingServiceRig();
    const later = (await r.service.submit(r.submission('L-2', { start: '2027-07-06T18:00:00-07:00', end: '2027-07-06T21:00:00-07:00' }))).result.bookingId;
    const earlier = await booked(r, 'L-1');
    const range = { from: '2027-07-01T00:00:00.000Z', to: '2027-08-01T00:00:00.000Z' };

    const first = await r.service.list(range, { limit: 1 });
    const second = await r.service.list(range, { limit: 1, cursor: first.nextCursor ?? undefined });

    expect([first.items.map((b) => b.bookingId), first.nextCursor]).toEqual([[earlier], '1']);
    expect([second.items.map((b) => b.bookingId), second.nextCursor]).toEqual([[later], null]);
  });

  it('setFeedAlert marks and clears the alert without a new version', async () => {
    const r = bookingServiceRig();
    const bookingId = await booked(r);
    const alert = { kind: 'missing' as const, channelId: 'ch-1', since: AT };

    await r.service.setFeedAlert(bookingId, alert);
    const marked = await r.service.get(bookingId);
    await r.service.setFeedAlert(bookingId, undefined);
    const cleared = await r.service.get(bookingId);

    expect([marked.feedAlert, marked.version]).toStrictEqual([alert, 1]);
    expect([cleared.feedAlert, cleared.version]).toStrictEqual([undefined, 1]);
  });
});

/** A settings store that counts its reads; `stored` can be changed as another instance would. */
class CountingSettings implements SettingsRepository {
  reads = 0;
  constructor(public stored: OperatorSettings = DEFAULT_SETTINGS) {}
  async get() {
    this.reads++;
    return structuredClone(this.stored);
  }
  async put(settings: OperatorSettings) {
    this.stored = structuredClone(settings);
  }
}

const named = (name: string): OperatorSettings => ({ ...DEFAULT_SETTINGS, operator: { ...DEFAULT_SETTINGS.operator, name } });

describe('BookingService: operator settings', () => {
  it('are read once per 30 s: still cached exactly 30 000 ms later, read again 1 ms after', async () => {
    const store = new CountingSettings(named('Bay Charters'));
    const r = bookingServiceRig({ settings: store });

    const first = await r.service.getSettings();
    store.stored = named('Harbour Charters'); // changed through another instance
    const soon = await r.service.getSettings();
    r.advance(30_000);
    const atTtl = await r.service.getSettings();
    const readsAtTtl = store.reads;
    r.advance(1);
    const afterTtl = await r.service.getSettings();

    expect([first, soon, atTtl].map((s) => s.operator.name)).toEqual(['Bay Charters', 'Bay Charters', 'Bay Charters']);
    expect(readsAtTtl).toBe(1);
    expect(afterTtl.operator.name).toBe('Harbour Charters');
    expect(store.reads).toBe(2);
  });

  it('are the defaults without a settings store', async () => {
    const r = bookingServiceRig();

    expect(await r.service.getSettings()).toStrictEqual(DEFAULT_SETTINGS);
  });

  it('put stores the whole settings (defaults for what is left out), seen at once and cached for 30 s', async () => {
    const store = new CountingSettings({ ...named('Bay Charters'), turnaroundMinutes: { default: 30, boats: {} } });
    const r = bookingServiceRig({ settings: store });
    await r.service.getSettings();

    const saved = await r.service.putSettings({ operator: { phone: '+1 415 555 0100' } });
    const seen = await r.service.getSettings();
    r.advance(30_000);
    const cached = await r.service.getSettings();
    const readsAtTtl = store.reads;
    r.advance(1);
    await r.service.getSettings();

    const expected = { ...DEFAULT_SETTINGS, operator: { timezone: 'UTC', phone: '+1 415 555 0100' } };
    expect(saved).toStrictEqual(expected);
    expect(store.stored).toStrictEqual(expected);
    expect([seen, cached]).toStrictEqual([expected, expected]);
    expect(readsAtTtl).toBe(1);
    expect(store.reads).toBe(2);
  });

  it('patch changes only the sections given, on the settings as stored now (not as cached), seen at once', async () => {
    const store = new CountingSettings(named('Bay Charters'));
    const r = bookingServiceRig({ settings: store });
    await r.service.getSettings();
    store.stored = { ...named('Harbour Charters'), photos: { maxPerTrip: 50 } }; // changed through another instance

    const saved = await r.service.patchSettings({ operator: { phone: '+1 415 555 0100' } });
    const seen = await r.service.getSettings();

    const expected = { ...DEFAULT_SETTINGS, operator: { timezone: 'UTC', name: 'Harbour Charters', phone: '+1 415 555 0100' }, photos: { maxPerTrip: 50 } };
    expect(saved).toStrictEqual(expected);
    expect(store.stored).toStrictEqual(expected);
    expect(seen).toStrictEqual(expected);
    expect(store.reads).toBe(2);
  });

  it('cannot be stored without a settings store', async () => {
    const r = bookingServiceRig();

    const put = await rejection(r.service.putSettings({ operator: { name: 'Bay Charters' } }));
    const patch = await rejection(r.service.patchSettings({ operator: { name: 'Bay Charters' } }));

    expect([put.message, patch.message]).toEqual(['No settings store is configured', 'No settings store is configured']);
    expect(await r.service.getSettings()).toStrictEqual(DEFAULT_SETTINGS);
  });
});
