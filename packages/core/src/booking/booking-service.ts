import { AlreadyExistsError, BookingConflictError, NotFoundError, UnknownCrewError } from '../errors';
import { type Clock, type CrewRepository, type EventRepository, systemClock } from '../ports';
import type { CrewMember } from '../schemas/crew';
import type { CrewAssignment, CrewEvent } from '../schemas/event';
import type { InstantRange, Page, PageRequest } from '../schemas/paging';
import { differingFields, payloadHash } from './canonical';
import { calendarDraftOf, crewEventOf } from './drafts';
import { deriveBookingId, deriveEventId, newGuestSlug } from './ids';
import type { CalendarPort, CdnInvalidator, GuestPageStore, Mailer } from './ports';
import type { BookingRepository, NotificationRepository } from './repository';
import {
  type BookingRecord,
  type BookingRequest,
  type Finance,
  STEP_NAMES,
  type StepName,
  type StepState,
  type Steps,
} from './schema';
import { realSleep, runStep, type Sleep, type StepPolicy } from './step-runner';
import { type CrewInviteView, type GuestPageView, toCrewInviteView, toGuestPageView } from './views';

export interface BookingRenderers {
  guestPage(view: GuestPageView): string;
  crewInvite(view: CrewInviteView): { subject: string; html: string; text: string };
}

export interface BookingLinks {
  guestPageUrl(slug: string): string;
  adminBookingUrl(bookingId: string): string;
  crewPageUrl(eventId: string, crewId: string, expiresAt: Date): Promise<string>;
}

export interface BookingDependencies {
  bookings: BookingRepository;
  notifications: NotificationRepository;
  events: EventRepository;
  crew: CrewRepository;
  /** Absent when Google Calendar is not configured: the step is skipped, saying so. */
  calendar?: CalendarPort;
  guestPages: GuestPageStore;
  cdn: CdnInvalidator;
  mailer: Mailer;
  render: BookingRenderers;
  links: BookingLinks;
  clock?: Clock;
  policies?: Partial<Record<StepName, StepPolicy>>;
  sleep?: Sleep;
}

export interface BookingResult {
  bookingId: string;
  eventId: string;
  slug: string;
  guestUrl: string;
  steps: Steps;
}

export type BookingOutcome = { kind: 'created' | 'replayed' | 'retried'; result: BookingResult };

export const DEFAULT_STEP_POLICIES: Record<StepName, StepPolicy> = {
  event: { timeoutMs: 5_000, attempts: 2, backoffMs: 100 },
  calendar: { timeoutMs: 8_000, attempts: 3, backoffMs: 250 },
  guestPage: { timeoutMs: 8_000, attempts: 3, backoffMs: 250 },
  /** Per email. */
  crewEmails: { timeoutMs: 8_000, attempts: 3, backoffMs: 250 },
};

/** Crew links stay valid until three days after the trip, then lapse on their own. */
export const CREW_LINK_GRACE_MS = 72 * 60 * 60 * 1000;
const INVITE = 'invite';

/**
 * The one action: a booking in, every system updated once. The booking item, written first
 * with a condition, is the idempotency gate; each step is then idempotent on its own key and
 * records its outcome, so a failure is visible and a retry redoes only what is missing.
 */
export class BookingService {
  private readonly clock: Clock;
  private readonly policies: Record<StepName, StepPolicy>;
  private readonly sleep: Sleep;

  constructor(private readonly deps: BookingDependencies) {
    this.clock = deps.clock ?? systemClock;
    this.policies = { ...DEFAULT_STEP_POLICIES, ...deps.policies };
    this.sleep = deps.sleep ?? realSleep;
  }

  async submit(request: BookingRequest): Promise<BookingOutcome> {
    const bookingId = deriveBookingId(request.source, request.externalId);
    const hash = payloadHash(request);
    const [existing, roster] = await Promise.all([
      this.deps.bookings.get(bookingId),
      this.rosterOf(request.crew),
    ]);
    if (existing) return this.replay(existing, request, hash);

    assertCrewAssignable(request, roster);
    const { finance, ...rest } = request;
    // Finance first, guarded by the payload hash: once the booking exists, its money is
    // already safe, so a crash at any later point loses nothing a retry needs.
    if (!(await this.deps.bookings.putFinance(bookingId, finance, hash))) {
      const winner = await this.deps.bookings.get(bookingId);
      if (winner) return this.replay(winner, request, hash);
      throw new BookingConflictError('This booking is being submitted with other details right now', {
        details: { bookingId, fields: [] },
      });
    }
    const now = this.clock();
    // Created with every step already claimed by this run: the conditional create is the
    // claim, so no retry can start a step while this call is doing it.
    const claim = (name: StepName): StepState => ({
      status: 'running',
      startedAt: now.toISOString(),
      leaseUntil: new Date(now.getTime() + this.leaseMs(name)).toISOString(),
    });
    const { created, record } = await this.deps.bookings.createOrGet({
      bookingId,
      source: request.source,
      externalId: request.externalId,
      payloadHash: hash,
      request: rest,
      eventId: deriveEventId(bookingId),
      slug: newGuestSlug(request.title),
      pageVersion: 1,
      steps: { event: claim('event'), calendar: claim('calendar'), guestPage: claim('guestPage'), crewEmails: claim('crewEmails') },
      version: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
    if (!created) return this.replay(record, request, hash);
    return { kind: 'created', result: await this.runSteps(record, { claimed: true, roster }) };
  }

  /** Re-runs only the steps that have not succeeded. */
  async retry(bookingId: string): Promise<BookingOutcome> {
    const record = await this.get(bookingId);
    return { kind: 'retried', result: await this.runSteps(record) };
  }

  async get(bookingId: string): Promise<BookingRecord> {
    const record = await this.deps.bookings.get(bookingId);
    if (!record) throw new NotFoundError(`No booking ${bookingId}`, { details: { bookingId } });
    return record;
  }

  getFinance(bookingId: string): Promise<Finance | undefined> {
    return this.deps.bookings.getFinance(bookingId);
  }

  list(range: InstantRange, page: PageRequest): Promise<Page<BookingRecord>> {
    return this.deps.bookings.listByStart(range, page);
  }

  resultOf(record: BookingRecord): BookingResult {
    return {
      bookingId: record.bookingId,
      eventId: record.eventId,
      slug: record.slug,
      guestUrl: this.deps.links.guestPageUrl(record.slug),
      steps: record.steps,
    };
  }

  /**
   * Fresh crew links for one or all crew of an event (a lost email, a new phone), emailed
   * again when `send` is set. Admin-only: the answer holds working links.
   */
  async crewLinks(
    eventId: string,
    options: { crewId?: string; send?: boolean } = {},
  ): Promise<{ crewId: string; name: string; url: string; expiresAt: string; emailed: boolean }[]> {
    const event = await this.deps.events.get(eventId);
    if (!event) throw new NotFoundError(`No event ${eventId}`, { details: { eventId } });
    const assignments = event.crew.filter((a) => !options.crewId || a.crewId === options.crewId);
    if (options.crewId && assignments.length === 0) {
      throw new NotFoundError(`${options.crewId} is not on the crew of this trip`, { details: { eventId, crewId: options.crewId } });
    }
    const roster = new Map((await this.deps.crew.getMany(assignments.map((a) => a.crewId))).map((m) => [m.crewId, m]));
    const expiresAt = new Date(Date.parse(event.end) + CREW_LINK_GRACE_MS);
    return Promise.all(
      assignments.map(async ({ crewId, role }) => {
        const member = roster.get(crewId);
        if (!member) throw new NotFoundError(`Crew member ${crewId} is not on the roster`, { details: { crewId } });
        const url = await this.deps.links.crewPageUrl(eventId, crewId, expiresAt);
        let emailed = false;
        if (options.send) {
          const email = this.deps.render.crewInvite(toCrewInviteView(event, member, role, url));
          const { messageId } = await this.deps.mailer.send({ to: member.email, ...email });
          // Each explicit re-send is its own message, kept for the record.
          const kind = `resend-${this.clock().toISOString()}`;
          await this.deps.notifications.claim(eventId, crewId, kind, this.clock());
          await this.deps.notifications.markSent(eventId, crewId, kind, messageId, this.clock());
          emailed = true;
        }
        return { crewId, name: member.name, url, expiresAt: expiresAt.toISOString(), emailed };
      }),
    );
  }

  private async replay(stored: BookingRecord, request: BookingRequest, hash: string): Promise<BookingOutcome> {
    if (stored.payloadHash === hash) return { kind: 'replayed', result: this.resultOf(stored) };
    const storedFinance = await this.deps.bookings.getFinance(stored.bookingId);
    const fields = differingFields({ ...stored.request, finance: storedFinance }, request);
    throw new BookingConflictError(
      `Booking ${stored.source}/${stored.externalId} was already submitted with other details (${fields.join(', ')})`,
      { details: { bookingId: stored.bookingId, fields } },
    );
  }

  /**
   * Runs every unfinished step. The crew event, the calendar and the guest page go at once;
   * the emails wait for the crew event, since their links open it.
   */
  private async runSteps(
    record: BookingRecord,
    options: { claimed?: boolean; roster?: Roster } = {},
  ): Promise<BookingResult> {
    const steps: Steps = { ...record.steps };
    const roster = options.roster ?? (await this.rosterOf(record.request.crew));
    const run = (name: StepName): Promise<StepState> =>
      options.claimed ? this.executeAndRecord(record, name, roster) : this.runClaimed(record, name, steps[name], roster);
    const todo = new Set(STEP_NAMES.filter((name) => steps[name].status !== 'succeeded'));
    const event = todo.has('event') ? run('event') : Promise.resolve(steps.event);
    const emails = todo.has('crewEmails')
      ? event.then(async (state) => {
          if (state.status === 'succeeded') return run('crewEmails');
          // Not sent without a crew page to link to; left for the retry that writes the event.
          const waiting: StepState = { status: 'pending' };
          if (options.claimed) await this.deps.bookings.recordStep(record.bookingId, 'crewEmails', waiting).catch(() => undefined);
          return options.claimed ? waiting : steps.crewEmails;
        })
      : Promise.resolve(steps.crewEmails);
    const [eventState, calendar, guestPage, crewEmails] = await Promise.all([
      event,
      todo.has('calendar') ? run('calendar') : steps.calendar,
      todo.has('guestPage') ? run('guestPage') : steps.guestPage,
      emails,
    ]);
    return { ...this.resultOf(record), steps: { event: eventState, calendar, guestPage, crewEmails } };
  }

  /** Claims the step (so no concurrent retry runs it too), runs it, and records the outcome. */
  private async runClaimed(record: BookingRecord, name: StepName, current: StepState, roster: Roster): Promise<StepState> {
    const now = this.clock();
    const claimed = await this.deps.bookings.claimStep(record.bookingId, name, now, new Date(now.getTime() + this.leaseMs(name)));
    if (!claimed) {
      // Someone else is running it right now (or just finished): report what is stored.
      return (await this.deps.bookings.get(record.bookingId))?.steps[name] ?? current;
    }
    return this.executeAndRecord(record, name, roster);
  }

  private async executeAndRecord(record: BookingRecord, name: StepName, roster: Roster): Promise<StepState> {
    const state = await this.execute(record, name, roster);
    try {
      await this.deps.bookings.recordStep(record.bookingId, name, state);
      return state;
    } catch (error) {
      // The work is done (and idempotent) but its outcome is not saved: say so, and free the
      // step for a retry, which will confirm it without repeating any side effect.
      const unsaved: StepState = {
        status: 'failed',
        at: this.clock().toISOString(),
        reason: `The step ran but its outcome could not be saved (${messageOf(error)}); retry to confirm`,
        retryable: true,
        attempts: 1,
      };
      await this.deps.bookings.recordStep(record.bookingId, name, unsaved).catch(() => undefined);
      return unsaved;
    }
  }

  private leaseMs(name: StepName): number {
    const { timeoutMs, attempts, backoffMs } = this.policies[name];
    return attempts * timeoutMs + backoffMs * 2 ** attempts + 5_000;
  }

  private execute(record: BookingRecord, name: StepName, roster: Roster): Promise<StepState> {
    switch (name) {
      case 'event':
        return this.writeEvent(record);
      case 'calendar':
        return this.insertCalendarEvent(record, roster);
      case 'guestPage':
        return this.publishGuestPage(record, roster);
      case 'crewEmails':
        return this.emailCrew(record, roster);
    }
  }

  private eventOf(record: BookingRecord): CrewEvent {
    return crewEventOf(record);
  }

  private async writeEvent(record: BookingRecord): Promise<StepState> {
    const result = await runStep(
      this.policies.event,
      async () => {
        try {
          await this.deps.events.create(this.eventOf(record));
        } catch (error) {
          // Written by an earlier, interrupted run: the id is derived from the booking.
          if (!(error instanceof AlreadyExistsError)) throw error;
        }
      },
      this.sleep,
    );
    return this.stateOf(result);
  }

  private async insertCalendarEvent(record: BookingRecord, roster: Roster): Promise<StepState> {
    const { calendar } = this.deps;
    if (!calendar) {
      return { status: 'skipped', at: this.clock().toISOString(), reason: 'Google Calendar is not configured' };
    }
    const draft = calendarDraftOf(record, roster, this.deps.links.adminBookingUrl(record.bookingId));
    const result = await runStep(this.policies.calendar, (signal) => calendar.insertEvent(draft, signal), this.sleep);
    return this.stateOf(result);
  }

  private async publishGuestPage(record: BookingRecord, roster: Roster): Promise<StepState> {
    const view = toGuestPageView(this.eventOf(record), record.slug, [...roster.values()]);
    const html = this.deps.render.guestPage(view);
    const result = await runStep(
      this.policies.guestPage,
      async (signal) => {
        await this.deps.guestPages.put(record.slug, html, signal);
        // Same reference for the same page version: CloudFront treats repeats as one.
        await this.deps.cdn.invalidate([`/g/${record.slug}*`], `${record.bookingId}-page-v${record.pageVersion}`, signal);
      },
      this.sleep,
    );
    return this.stateOf(result);
  }

  private async emailCrew(record: BookingRecord, roster: Roster): Promise<StepState> {
    const event = this.eventOf(record);
    const expiresAt = new Date(Date.parse(event.end) + CREW_LINK_GRACE_MS);
    const outcomes = await Promise.all(
      event.crew.map(async ({ crewId, role }) => {
        const member = roster.get(crewId);
        if (!member) return { sent: false, retryable: false, problem: `crew member ${crewId} is not on the roster` };
        return this.emailOne(event, member, role, expiresAt);
      }),
    );
    const sent = outcomes.filter((o) => o.sent).length;
    const problems = outcomes.filter((o) => !o.sent);
    const at = this.clock().toISOString();
    if (problems.length === 0) return { status: 'succeeded', at, sent };
    return {
      status: 'failed',
      at,
      reason: problems.map((p) => p.problem).join('; '),
      retryable: problems.some((p) => p.retryable),
      attempts: 1,
      sent,
    };
  }

  private async emailOne(
    event: CrewEvent,
    member: CrewMember,
    role: string,
    expiresAt: Date,
  ): Promise<{ sent: boolean; retryable: boolean; problem?: string }> {
    const { notifications } = this.deps;
    const claim = await notifications.claim(event.eventId, member.crewId, INVITE, this.clock());
    if (claim === 'sent') return { sent: true, retryable: false };
    if (claim === 'unconfirmed') {
      return {
        sent: false,
        retryable: false,
        problem: `the email to ${member.name} was interrupted and may not have arrived; send them a new link`,
      };
    }
    try {
      const url = await this.deps.links.crewPageUrl(event.eventId, member.crewId, expiresAt);
      const email = this.deps.render.crewInvite(toCrewInviteView(event, member, role, url));
      const result = await runStep(
        this.policies.crewEmails,
        (signal) => this.deps.mailer.send({ to: member.email, ...email }, signal),
        this.sleep,
      );
      if (!result.ok) {
        await notifications.release(event.eventId, member.crewId, INVITE);
        return { sent: false, retryable: result.retryable, problem: `could not email ${member.name}: ${result.reason}` };
      }
      await notifications.markSent(event.eventId, member.crewId, INVITE, result.value.messageId, this.clock());
      return { sent: true, retryable: false };
    } catch (error) {
      // Rendering, signing or bookkeeping failed before anything was sent.
      await notifications.release(event.eventId, member.crewId, INVITE).catch(() => undefined);
      return { sent: false, retryable: true, problem: `could not email ${member.name}: ${messageOf(error)}` };
    }
  }

  private async rosterOf(crew: readonly CrewAssignment[]): Promise<Roster> {
    if (crew.length === 0) return new Map();
    const members = await this.deps.crew.getMany(crew.map((a) => a.crewId));
    return new Map(members.map((m) => [m.crewId, m]));
  }

  private stateOf(result: Awaited<ReturnType<typeof runStep>>): StepState {
    const at = this.clock().toISOString();
    if (result.ok) return { status: 'succeeded', at };
    return { status: 'failed', at, reason: result.reason, retryable: result.retryable, attempts: result.attempts };
  }
}

type Roster = Map<string, CrewMember>;

/** Only active roster members can be put on a trip. */
function assertCrewAssignable(request: BookingRequest, roster: Roster): void {
  const ids = request.crew.map((a) => a.crewId);
  const unknown = ids.filter((id) => !roster.has(id));
  const inactive = ids.filter((id) => roster.get(id)?.active === false);
  if (unknown.length > 0 || inactive.length > 0) {
    throw new UnknownCrewError('Every assigned crew member must be on the active roster', {
      details: { unknown, inactive },
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
