/**
 * Creating a booking: the production defaults the service runs its steps with, what it wires
 * to each step, the record the create writes, and the same booking sent again (`replay`).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BoatConflictError, BookingConflictError, DependencyUnavailableError, TripEndedError } from '../errors';
import type { PlannedReminder, ReminderScheduler } from '../reminders/ports';
import { resolveSettings, type SettingsInput } from '../settings/operator-settings';
import type { BookingDependencies, ImportedBooking } from './booking-service';
import type { GuestNoticeView } from './guest-notices';
import type { GuestPageView } from './guest-page-view';
import type { SettingsRepository } from './repository';
import { deriveBookingId } from './ids';
import type { StepName } from './schema';
import { bookingServiceRig as rig, type BookingServiceRig as Rig, rejection, RIG_NOW as NOW } from './testing/booking-service-rig';

/** An instant this many milliseconds after the rig's "now", as stored. */
const after = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const END = '2027-07-04T21:00:00-07:00';
const STEPS: StepName[] = ['event', 'calendar', 'guestPage', 'crewNotices', 'guestNotices', 'reminders'];

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function recordingScheduler(fails: (reminder: PlannedReminder) => boolean = () => false) {
  const upserts: PlannedReminder[] = [];
  const scheduler: ReminderScheduler = {
    async upsert(reminder) {
      upserts.push(reminder);
      if (fails(reminder)) throw new DependencyUnavailableError('Scheduler is throttling');
    },
    async remove() {},
  };
  return { scheduler, upserts };
}

function settingsStore(input: SettingsInput): SettingsRepository {
  let stored = resolveSettings(input);
  return {
    get: async () => stored,
    put: async (settings) => {
      stored = settings;
    },
  };
}

/**
 * A service built as production builds it: no `policies`. Each backoff the steps wait is
 * recorded; with Math.random at 0.5 a backoff is half the policy's (doubling per attempt).
 */
function defaultsRig(extra: Partial<BookingDependencies> = {}) {
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
  const slept: number[] = [];
  const r = rig({
    policies: undefined,
    sleep: async (ms) => {
      slept.push(ms);
    },
    ...extra,
  });
  return { ...r, slept };
}

/** Makes one step's system fail every call; returns how many calls it got. */
type Breaker = (r: Rig) => () => number;

function failingMailTo(address: string): Breaker {
  return (r) => {
    let calls = 0;
    const send = r.mailer.send.bind(r.mailer);
    r.mailer.send = async (email) => {
      if (email.to !== address) return send(email);
      calls++;
      throw new DependencyUnavailableError('SES is throttling');
    };
    return () => calls;
  };
}

describe('BookingService defaults: the step policies used when none are given', () => {
  it('the crew event is tried twice, 100 ms of backoff apart, and crew are not emailed without it', async () => {
    const r = defaultsRig();
    let creates = 0;
    r.events.create = async () => {
      creates++;
      throw new DependencyUnavailableError('DynamoDB is throttling');
    };

    const outcome = await r.service.submit(r.submission('D-EV'));

    expect(creates).toBe(2);
    expect(r.slept).toEqual([50]);
    expect(outcome.result.steps.event).toMatchObject({ status: 'failed', reason: 'DynamoDB is throttling', retryable: true, attempts: 2, version: 1 });
    expect(outcome.result.steps.crewNotices).toEqual({ status: 'pending', version: 1 });
    expect(r.sentTo()).toEqual([]);
  });

  const breakers: [StepName, Breaker, Record<string, unknown>][] = [
    [
      'calendar',
      (r) => {
        r.calendar.failNext = 99;
        return () => r.calendar.calls.length;
      },
      { status: 'failed', reason: 'Calendar is down', attempts: 3 },
    ],
    [
      'guestPage',
      (r) => {
        let calls = 0;
        r.pages.put = async () => {
          calls++;
          throw new DependencyUnavailableError('S3 is throttling');
        };
        return () => calls;
      },
      { status: 'failed', reason: 'S3 is throttling', attempts: 3 },
    ],
    ['crewNotices', failingMailTo('ana@example.com'), { status: 'failed', reason: 'could not email Ana Lopez: SES is throttling', sent: 1 }],
    ['guestNotices', failingMailTo('smith@example.com'), { status: 'failed', reason: 'could not email the guest: SES is throttling', attempts: 3 }],
  ];

  it.each(breakers)('%s is tried three times, 250 ms of backoff doubling', async (step, breaker, failed) => {
    const r = defaultsRig();
    const calls = breaker(r);

    const outcome = await r.service.submit(r.submission(`D-${step}`));

    expect(calls()).toBe(3);
    expect(r.slept).toEqual([125, 250]);
    expect(outcome.result.steps[step]).toMatchObject({ ...failed, retryable: true, version: 1 });
    // Every other step went through at the first attempt.
    expect(STEPS.filter((name) => outcome.result.steps[name].status === 'failed')).toEqual([step]);
  });

  it('reminders: each schedule is tried three times, 250 ms of backoff doubling', async () => {
    const { scheduler, upserts } = recordingScheduler((reminder) => reminder.payload.kind === 'crewReminder');
    const r = defaultsRig({ scheduler });

    const outcome = await r.service.submit(r.submission('D-REM'));

    const kinds = upserts.map((u) => u.payload.kind);
    expect([kinds.filter((k) => k === 'crewReminder').length, kinds.filter((k) => k === 'guestReminder').length]).toEqual([3, 1]);
    expect(r.slept).toEqual([125, 250]);
    expect(outcome.result.steps.reminders).toMatchObject({ status: 'failed', retryable: true, version: 1 });
    expect(STEPS.filter((name) => outcome.result.steps[name].status === 'failed')).toEqual(['reminders']);
  });

  it('an attempt is abandoned after 5 s for the crew event and 8 s for the calendar', async () => {
    vi.useFakeTimers();
    const r = defaultsRig();
    let creates = 0;
    r.events.create = () => {
      creates++;
      return new Promise<void>(() => {});
    };
    r.calendar.gate = () => new Promise<void>(() => {});

    const pending = r.service.submit(r.submission('D-TIME'));
    await vi.advanceTimersByTimeAsync(4_999);
    const atFirst = { creates, calendar: r.calendar.calls.length };
    await vi.advanceTimersByTimeAsync(1);
    const atFive = { creates, calendar: r.calendar.calls.length };
    await vi.advanceTimersByTimeAsync(2_999);
    const beforeEight = r.calendar.calls.length;
    await vi.advanceTimersByTimeAsync(1);
    const atEight = r.calendar.calls.length;
    await vi.advanceTimersByTimeAsync(16_000);
    const outcome = await pending;

    expect(atFirst).toEqual({ creates: 1, calendar: 1 });
    expect(atFive).toEqual({ creates: 2, calendar: 1 });
    expect([beforeEight, atEight]).toEqual([1, 2]);
    expect(r.calendar.calls).toEqual(['insert', 'insert', 'insert']);
    expect(outcome.result.steps.event).toMatchObject({ status: 'failed', reason: 'Timed out after 5000 ms', attempts: 2 });
    expect(outcome.result.steps.calendar).toMatchObject({ status: 'failed', reason: 'Timed out after 8000 ms', attempts: 3 });
  });

  it('the steps claimed with the new booking are leased for every attempt and backoff of their policy, plus 5 s', async () => {
    const r = defaultsRig();
    const createOrGet = vi.spyOn(r.bookings, 'createOrGet');

    await r.service.submit(r.submission('D-LEASE'));

    const steps = createOrGet.mock.calls[0]![0].steps;
    // event: 2 × 5 s + 100 ms × 2² + 5 s; the others: 3 × 8 s + 250 ms × 2³ + 5 s.
    expect(Object.fromEntries(STEPS.map((name) => [name, steps[name].status === 'running' && steps[name].leaseUntil]))).toEqual({
      event: after(15_400),
      calendar: after(31_000),
      guestPage: after(31_000),
      crewNotices: after(31_000),
      guestNotices: after(31_000),
      reminders: after(31_000),
    });
  });

  it('without an injected sleep, a backoff is a real wait', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const r = rig({ policies: undefined, sleep: undefined });
    r.calendar.failNext = 1;

    const pending = r.service.submit(r.submission('D-SLEEP'));
    await vi.advanceTimersByTimeAsync(124);
    const beforeBackoff = [...r.calendar.calls];
    await vi.advanceTimersByTimeAsync(1);
    const outcome = await pending;

    expect(beforeBackoff).toEqual(['insert']);
    expect(r.calendar.calls).toEqual(['insert', 'insert']);
    expect(outcome.result.steps.calendar).toMatchObject({ status: 'succeeded', version: 1 });
  });

  it('a policy given for one step replaces only that step’s default', async () => {
    const r = defaultsRig({ policies: { calendar: { timeoutMs: 1_000, attempts: 1, backoffMs: 0 } } });
    r.calendar.failNext = 99;
    const createOrGet = vi.spyOn(r.bookings, 'createOrGet');

    const outcome = await r.service.submit(r.submission('D-ONE'));

    expect(r.calendar.calls).toEqual(['insert']);
    expect(outcome.result.steps.calendar).toMatchObject({ status: 'failed', attempts: 1 });
    const steps = createOrGet.mock.calls[0]![0].steps;
    expect([steps.calendar, steps.guestPage].map((s) => s.status === 'running' && s.leaseUntil)).toEqual([after(6_000), after(31_000)]);
  });
});

describe('BookingService wiring: what each step is given', () => {
  it('the reminders step is skipped without a scheduler, and schedules through the one given', async () => {
    const without = rig();
    const { scheduler, upserts } = recordingScheduler();
    const withScheduler = rig({ scheduler });

    const skipped = await without.service.submit(without.submission('W-1'));
    const planned = await withScheduler.service.submit(withScheduler.submission('W-1'));

    expect(skipped.result.steps.reminders).toMatchObject({ status: 'skipped', reason: 'no reminder scheduler is configured' });
    expect(planned.result.steps.reminders).toMatchObject({ status: 'succeeded', version: 1 });
    // The day before, at the default times (18:00 and 10:00) on the trip's clock.
    expect(upserts.map((u) => [u.payload.kind, u.at.toISOString()])).toEqual([
      ['crewReminder', '2027-07-04T01:00:00.000Z'],
      ['guestReminder', '2027-07-03T17:00:00.000Z'],
    ]);
  });

  it('the guest page, the guest email and the reminders read the operator’s settings', async () => {
    const pages: GuestPageView[] = [];
    const guestEmails: GuestNoticeView[] = [];
    const { scheduler, upserts } = recordingScheduler();
    const r = rig({
      scheduler,
      settings: settingsStore({
        operator: { name: 'Harbor Charters', phone: '+16195550100' },
        notifications: { crewReminderAt: '19:30', guestReminderAt: '09:15' },
        guestPage: { uploadGraceMinutes: 120, checklist: 'progress' },
      }),
      render: {
        guestPage: (view) => {
          pages.push(view);
          return `<h1>${view.title}</h1>`;
        },
        crewNotice: (view) => ({ subject: view.kind, html: '', text: '' }),
        guestNotice: (view) => {
          guestEmails.push(view);
          return { subject: view.kind, html: '', text: '' };
        },
      },
    });

    await r.service.submit(r.submission('S-1'));

    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({
      operator: { name: 'Harbor Charters', phone: '+16195550100' },
      // The end (04:00 UTC) plus two hours of grace.
      uploadsUntil: '2027-07-05T06:00:00.000Z',
      checklistShows: 'progress',
    });
    expect(guestEmails.map((v) => v.operator)).toEqual([{ name: 'Harbor Charters', phone: '+16195550100' }]);
    expect(upserts.map((u) => [u.payload.kind, u.at.toISOString()])).toEqual([
      ['crewReminder', '2027-07-04T02:30:00.000Z'],
      ['guestReminder', '2027-07-03T16:15:00.000Z'],
      // Uploads stay open after the trip: the "share your photos" note at its end.
      ['afterTrip', '2027-07-05T04:00:00.000Z'],
    ]);
  });

  it('crew links are signed for the booking’s crew event and reissued at the service’s clock', async () => {
    const r = rig();
    const { result } = await r.service.submit(r.submission('L-1'));
    r.setNow(new Date('2027-06-02T08:30:00Z'));

    const links = await r.service.crewLinks.current(result.eventId);
    const reissued = await r.service.crewLinks.reissue(result.eventId, { crewId: 'ben' });

    expect(links.map((l) => [l.crewId, l.name, l.url])).toEqual([
      ['ana', 'Ana Lopez', `https://scc.test/c/${result.eventId}?crew=ana&gen=1`],
      ['ben', 'Ben Ortiz', `https://scc.test/c/${result.eventId}?crew=ben&gen=1`],
    ]);
    expect(reissued.map((l) => l.url)).toEqual([`https://scc.test/c/${result.eventId}?crew=ben&gen=2`]);
    expect(await r.events.get(result.eventId)).toMatchObject({ linkGenerations: { ben: 2 }, updatedAt: '2027-06-02T08:30:00.000Z' });
  });
});

describe('BookingService.submit: the new booking', () => {
  it('is written once, at version 1, with every step claimed by this run, its money and its created event', async () => {
    const r = rig();
    const createOrGet = vi.spyOn(r.bookings, 'createOrGet');
    const submission = r.submission('C-1');
    const { finance, ...request } = submission;

    const outcome = await r.service.submit(submission);

    expect(outcome.kind).toBe('created');
    expect(createOrGet).toHaveBeenCalledTimes(1);
    const [record, events, money] = createOrGet.mock.calls[0]!;
    const claims = STEPS.map((name) => record.steps[name]).map((s) => (s.status === 'running' ? s.claimId : undefined));
    expect(new Set(claims).size).toBe(1);
    const claimId = claims[0];
    expect(record).toEqual({
      bookingId: outcome.result.bookingId,
      source: 'boatsetter',
      externalId: 'C-1',
      payloadHash: expect.any(String),
      request,
      tasks: [
        { taskId: expect.any(String), label: 'Stock cooler' },
        { taskId: expect.any(String), label: 'Check fuel' },
      ],
      status: 'active',
      eventId: outcome.result.eventId,
      slug: outcome.result.slug,
      // FAST: 1 × 200 ms + 0 backoff + 5 s.
      steps: Object.fromEntries(
        STEPS.map((name) => [name, { status: 'running', startedAt: NOW.toISOString(), leaseUntil: after(5_200), claimId, version: 1 }]),
      ),
      version: 1,
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      lastChange: { version: 1, at: NOW.toISOString(), actor: 'service-key', kind: 'created' },
    });
    expect(claimId).toMatch(/^run_/);
    expect(money).toEqual(finance);
    expect(events).toEqual([
      expect.objectContaining({ type: 'booking.created', at: NOW.toISOString(), bookingId: outcome.result.bookingId }),
    ]);
    expect(outcome.result).toMatchObject({ bookingId: record.bookingId, version: 1, status: 'active', guestUrl: `https://scc.test/g/${record.slug}` });
    expect(await r.bookings.getFinance(record.bookingId)).toEqual({ ...finance, version: 1 });
  });

  it('records who sent it: the service key unless another actor is named', async () => {
    const r = rig();

    const byKey = await r.service.submit(r.submission('A-1'));
    const byConsole = await r.service.submit(r.submission('A-2', { start: '2027-07-05T18:00:00-07:00', end: '2027-07-05T21:00:00-07:00' }), 'console');

    expect((await r.service.get(byKey.result.bookingId)).lastChange?.actor).toBe('service-key');
    expect((await r.service.get(byConsole.result.bookingId)).lastChange?.actor).toBe('console');
    expect(r.bookings.history.get(byConsole.result.bookingId)?.[0]).toEqual({
      version: 1,
      at: NOW.toISOString(),
      actor: 'console',
      kind: 'created',
    });
  });

  it('a trip that ends exactly now has ended: refused with its end, nothing written', async () => {
    const r = rig();
    r.setNow(new Date('2027-07-05T04:00:00.000Z'));

    const error = await rejection(r.service.submit(r.submission('E-1')));

    expect(error).toBeInstanceOf(TripEndedError);
    expect(error.message).toBe('This trip has already ended; send "allowPast": true to import it (no crew email is sent)');
    expect(error.details).toEqual({ end: END });
    expect(r.bookings.records.size).toBe(0);
    expect(r.bookings.finances.size).toBe(0);
  });

  it('a trip that ends a millisecond from now is still booked, and the crew are told', async () => {
    const r = rig();
    r.setNow(new Date('2027-07-05T03:59:59.999Z'));

    const outcome = await r.service.submit(r.submission('E-2'));

    expect(outcome.kind).toBe('created');
    expect(outcome.result.steps.crewNotices).toMatchObject({ status: 'succeeded', sent: 2 });
  });

  it('an ended trip imported with allowPast says so in its history; allowPast is not part of the booking', async () => {
    const r = rig();
    r.setNow(new Date('2027-08-01T00:00:00Z'));
    const createOrGet = vi.spyOn(r.bookings, 'createOrGet');

    const imported = await r.service.submit({ ...r.submission('P-1'), allowPast: true });
    const withoutTheOption = await r.service.submit(r.submission('P-1'));

    expect(imported.kind).toBe('created');
    const [record] = createOrGet.mock.calls[0]!;
    expect(record.lastChange).toEqual({ version: 1, at: '2027-08-01T00:00:00.000Z', actor: 'service-key', kind: 'created', note: 'imported after the trip (allowPast)' });
    expect(record.request).not.toHaveProperty('allowPast');
    expect(withoutTheOption.kind).toBe('replayed');
  });

  it('booked over a clash on purpose: the clashes are kept on the created change', async () => {
    const r = rig();
    const first = await r.service.submit(r.submission('O-1'));

    const second = await r.service.submit({ ...r.submission('O-2'), allowConflicts: true });

    const created = (await r.service.get(second.result.bookingId)).lastChange;
    expect(created?.overrides).toEqual([
      expect.objectContaining({ bookingId: first.result.bookingId }),
      expect.objectContaining({ bookingId: first.result.bookingId }),
      expect.objectContaining({ bookingId: first.result.bookingId }),
    ]);
  });

  it('publishes the new booking’s events once, and again only when a step failed; a failed publish fails nothing', async () => {
    const published: string[] = [];
    const r = rig({
      publish: async (bookingId) => {
        published.push(bookingId);
      },
    });
    const broken = rig({
      publish: async () => {
        throw new Error('relay down');
      },
    });

    const ok = await r.service.submit(r.submission('PUB-1'));
    const afterOk = [...published];
    r.calendar.failNext = 1;
    const failed = await r.service.submit(r.submission('PUB-2', { start: '2027-07-05T18:00:00-07:00', end: '2027-07-05T21:00:00-07:00' }));
    const despite = await broken.service.submit(broken.submission('PUB-3'));

    expect(afterOk).toEqual([ok.result.bookingId]);
    expect(failed.result.steps.calendar.status).toBe('failed');
    expect(published).toEqual([ok.result.bookingId, failed.result.bookingId, failed.result.bookingId]);
    expect(despite.kind).toBe('created');
  });

  it('the history line is written with the booking; a failure to write it does not fail the booking', async () => {
    const r = rig();
    r.bookings.appendHistory = async () => {
      throw new DependencyUnavailableError('DynamoDB is throttling');
    };

    const outcome = await r.service.submit(r.submission('H-1'));

    expect(outcome.kind).toBe('created');
    // The created change still shows, from the record itself.
    expect((await r.service.history(outcome.result.bookingId)).map((h) => [h.kind, h.version])).toEqual([['created', 1]]);
  });
});

/** How much each system has been written to so far, for one booking. */
const writesSoFar = (r: Rig, bookingId: string) => ({
  mails: r.mailer.sent.length,
  calendar: r.calendar.calls.length,
  eventWrites: r.events.writes,
  pages: r.pages.invalidations.length,
  history: r.bookings.history.get(bookingId)?.length,
  outbox: r.bookings.outbox.get(bookingId)?.length,
});

describe('BookingService.submit: the same booking again (replay)', () => {
  it('the same details again are the one booking: replayed, nothing written or sent again', async () => {
    const r = rig();
    const first = await r.service.submit(r.submission('R-1'));
    const before = writesSoFar(r, first.result.bookingId);
    const createOrGet = vi.spyOn(r.bookings, 'createOrGet');

    const again = await r.service.submit(r.submission('R-1'));

    expect(again).toEqual({ kind: 'replayed', result: r.service.resultOf(await r.service.get(first.result.bookingId)) });
    expect(again.result).toMatchObject({ bookingId: first.result.bookingId, eventId: first.result.eventId, slug: first.result.slug, version: 1 });
    expect(createOrGet).not.toHaveBeenCalled();
    expect(writesSoFar(r, first.result.bookingId)).toEqual(before);
  });

  it('the same booking sent again after its trip ended is still a replay, not a refusal', async () => {
    const r = rig();
    await r.service.submit(r.submission('R-2'));
    r.setNow(new Date('2027-07-06T00:00:00Z'));

    const again = await r.service.submit(r.submission('R-2'));

    expect(again.kind).toBe('replayed');
  });

  it('other details are a conflict naming each differing field and the booking; nothing changes', async () => {
    const r = rig();
    const first = await r.service.submit(r.submission('R-3'));

    const error = await rejection(r.service.submit(r.submission('R-3', { title: 'Moonlight sail', guest: { name: 'Smith', email: 'smith@example.com', count: 8 } })));

    expect(error).toBeInstanceOf(BookingConflictError);
    expect(error.code).toBe('booking_conflict');
    expect(error.message).toBe('Booking boatsetter/R-3 was already submitted with other details (guest.count, title)');
    expect(error.details).toEqual({ bookingId: first.result.bookingId, fields: ['guest.count', 'title'] });
    expect((await r.service.get(first.result.bookingId)).request.title).toBe('Sunset sail');
  });

  it('only the money differing is a conflict too, naming the amount', async () => {
    const r = rig();
    const first = await r.service.submit(r.submission('R-4'));

    const error = await rejection(r.service.submit(r.submission('R-4', { finance: { revenue: 190000, captainFee: 40000, platformFee: 20000, currency: 'USD' } })));

    expect(error).toBeInstanceOf(BookingConflictError);
    expect(error.message).toBe('Booking boatsetter/R-4 was already submitted with other details (finance.revenue)');
    expect(error.details).toEqual({ bookingId: first.result.bookingId, fields: ['finance.revenue'] });
    expect((await r.bookings.getFinance(first.result.bookingId))?.revenue).toBe(185000);
  });

  it('a booking a feed brought in without money, submitted with money, differs in its finance', async () => {
    const r = rig();
    const { finance: _, ...withoutMoney } = r.submission('R-5');
    const imported = await r.service.upsert(withoutMoney, 'sync', { origin: { channelId: 'ch_1', uid: 'uid-5' }, needsDetails: ['finance'] });

    const error = await rejection(r.service.submit(r.submission('R-5')));

    expect(error).toBeInstanceOf(BookingConflictError);
    expect(error.details).toEqual({ bookingId: imported.result.bookingId, fields: ['finance'] });
  });

  it('a concurrent submission of the same details that wins the write: this one is a replay of it', async () => {
    const r = rig();

    const [a, b] = await Promise.all([r.service.submit(r.submission('RC-1')), r.service.submit(r.submission('RC-1'))]);

    expect([a.kind, b.kind]).toEqual(['created', 'replayed']);
    expect(b.result).toMatchObject({ bookingId: a.result.bookingId, eventId: a.result.eventId, slug: a.result.slug, version: 1 });
    expect(r.bookings.records.size).toBe(1);
    expect(r.sentTo()).toEqual(['ana invite', 'ben invite']);
  });

  it('a concurrent submission with other details, not yet written whole: a conflict with no fields to name', async () => {
    const r = rig();
    // The other submission has written its money (the booking comes next) when this one writes.
    const createOrGet = r.bookings.createOrGet.bind(r.bookings);
    vi.spyOn(r.bookings, 'createOrGet').mockImplementation(async (record, events, finance) => {
      await r.bookings.putFinance(record.bookingId, { revenue: 1, captainFee: 0, platformFee: 0, currency: 'USD' }, 'the-other-hash');
      return createOrGet(record, events, finance);
    });

    const error = await rejection(r.service.submit(r.submission('RC-2', { start: '2027-07-05T18:00:00-07:00', end: '2027-07-05T21:00:00-07:00' })));

    expect(error).toBeInstanceOf(BookingConflictError);
    expect(error.message).toBe('This booking is being submitted with other details right now');
    expect(error.details).toEqual({ bookingId: deriveBookingId('boatsetter', 'RC-2'), fields: [] });
    expect(r.bookings.records.size).toBe(0);
  });
});

describe('BookingService.upsert: the same submission again', () => {
  it('does nothing: unchanged, same version, nothing sent', async () => {
    const r = rig();
    await r.service.upsert(r.submission('UU-1'));
    const sent = r.mailer.sent.length;

    const again = await r.service.upsert(r.submission('UU-1'));

    const record = await r.service.get(again.result.bookingId);
    expect(again).toEqual({ kind: 'unchanged', result: r.service.resultOf(record) });
    expect(record.version).toBe(1);
    expect(r.mailer.sent).toHaveLength(sent);
  });

  it('a feed sending its booking again does not confirm the guest details it still needs', async () => {
    const r = rig();
    const { finance: _, ...fromFeed } = r.submission('UU-2');
    const imported: ImportedBooking = { origin: { channelId: 'ch_1', uid: 'uid-2' }, needsDetails: ['finance', 'guest'] };
    await r.service.upsert(fromFeed, 'sync', imported);

    const again = await r.service.upsert(fromFeed, 'sync', imported);

    expect(again.kind).toBe('unchanged');
    expect(await r.service.get(again.result.bookingId)).toMatchObject({ version: 1, needsDetails: ['finance', 'guest'] });
  });
});

describe('BookingService.upsert: creating', () => {
  it('creates with the service key as actor unless another is named, and with no feed origin', async () => {
    const r = rig();

    const byKey = await r.service.upsert(r.submission('UP-1'));
    const bySync = await r.service.upsert(r.submission('UP-2', { start: '2027-07-05T18:00:00-07:00', end: '2027-07-05T21:00:00-07:00' }), 'sync');

    const keyRecord = await r.service.get(byKey.result.bookingId);
    expect(keyRecord.lastChange?.actor).toBe('service-key');
    expect(keyRecord).not.toHaveProperty('origin');
    expect(keyRecord).not.toHaveProperty('needsDetails');
    expect((await r.service.get(bySync.result.bookingId)).lastChange?.actor).toBe('sync');
  });

  it('a booking a feed brings in keeps where it came from and what it still needs', async () => {
    const r = rig();
    const { finance: _, ...withoutMoney } = r.submission('UP-3', { crew: [] });

    const outcome = await r.service.upsert(withoutMoney, 'sync', { origin: { channelId: 'ch_1', uid: 'uid-3' }, needsDetails: ['crew', 'finance'] });

    expect(outcome.kind).toBe('created');
    const record = await r.service.get(outcome.result.bookingId);
    expect(record).toMatchObject({ origin: { channelId: 'ch_1', uid: 'uid-3' }, needsDetails: ['crew', 'finance'], lastChange: { actor: 'sync', kind: 'created' } });
    expect(await r.bookings.getFinance(outcome.result.bookingId)).toBeUndefined();
  });

  it('a different payload is a change by the caller, with the call’s options', async () => {
    const r = rig();
    await r.service.submit(r.submission('UP-A'));
    const b = await r.service.upsert(r.submission('UP-B', { boat: 'Other boat', crew: [{ crewId: 'cai', role: 'captain' }] }));
    const onto = { boat: 'JADA' };

    const refused = await rejection(r.service.upsert(r.submission('UP-B', { ...onto, crew: [{ crewId: 'cai', role: 'captain' }] }), 'console'));
    const forced = await r.service.upsert({ ...r.submission('UP-B', { ...onto, crew: [{ crewId: 'cai', role: 'captain' }] }), allowConflicts: true }, 'console');

    expect(refused).toBeInstanceOf(BoatConflictError);
    expect(forced).toMatchObject({ kind: 'changed', result: { bookingId: b.result.bookingId, version: 2 } });
    expect((await r.service.get(b.result.bookingId)).lastChange).toMatchObject({ version: 2, actor: 'console', kind: 'changed', overrides: [expect.anything()] });
  });
});


describe('BookingService.retry: the finance a crash left behind catches up', () => {
  function crashingFinanceWrites(r: Rig) {
    const setFinance = r.bookings.setFinance.bind(r.bookings);
    r.bookings.setFinance = async () => {
      throw new DependencyUnavailableError('DynamoDB is throttling');
    };
    return () => {
      r.bookings.setFinance = setFinance;
    };
  }

  it('a cancel’s refund is written by the retry', async () => {
    const r = rig();
    const { result } = await r.service.submit(r.submission('F-1'));
    const restore = crashingFinanceWrites(r);
    await expect(r.service.cancel(result.bookingId, { reason: 'weather', refund: 50000 })).rejects.toBeInstanceOf(DependencyUnavailableError);
    restore();

    await r.service.retry(result.bookingId);

    expect(await r.bookings.getFinance(result.bookingId)).toEqual({
      revenue: 185000,
      captainFee: 40000,
      platformFee: 20000,
      currency: 'USD',
      cancelled: { refund: 50000 },
      version: 2,
    });
  });

  it('a reinstatement’s finance loses the refund in the retry', async () => {
    const r = rig();
    const { result } = await r.service.submit(r.submission('F-2'));
    await r.service.cancel(result.bookingId, { reason: 'weather', refund: 50000 });
    const restore = crashingFinanceWrites(r);
    await expect(r.service.reinstate(result.bookingId)).rejects.toBeInstanceOf(DependencyUnavailableError);
    restore();

    await r.service.retry(result.bookingId);

    expect(await r.bookings.getFinance(result.bookingId)).toEqual({ revenue: 185000, captainFee: 40000, platformFee: 20000, currency: 'USD', version: 3 });
  });
});
