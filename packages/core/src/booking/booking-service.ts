import { bookingEventOf, type VersionChange } from '../webhooks/booking-events';
import { BookingConflictError, NotFoundError, StepHeldError, TripEndedError } from '../errors';
import { type Clock, type CrewRepository, type EventRepository, systemClock } from '../ports';
import { newlyAssigned } from '../schemas/event';
import type { InstantRange, Page, PageRequest } from '../schemas/paging';
import { withVersionRetry } from '../services/version-retry';
import { mergeSettings, resolveSettings, type SettingsInput } from '../settings/operator-settings';
import { canonicalJson, differingFields, payloadHash } from './canonical';
import { assertCrewAssignable, assertNoConflicts, assertVersion, introducedConflicts, touchesSchedule } from './booking-rules';
import { applyPatch, patchFromSubmission } from './changes';
import { type BoatBlockSource, type Conflict, findConflicts } from './conflicts';
import { CrewLinkService } from './crew-link-service';
import { planNotices } from './crew-notices';
import { calendarDraftOf, tasksOf } from './drafts';
import { deriveBookingId, deriveEventId, newGuestSlug } from './ids';
import type { CalendarPort, CdnInvalidator, GuestPageStore, Mailer, OutgoingEmail } from './ports';
import {
  type BookingRepository,
  DEFAULT_SETTINGS,
  type NotificationRepository,
  type OperatorSettings,
  type SettingsRepository,
} from './repository';
import { RunProtocol } from './run-protocol';
import {
  type Actor,
  type BookingPatch,
  type BookingRecord,
  type BookingOrigin,
  type CancelRequest,
  type FeedAlert,
  type IncomingBooking,
  type NeededDetail,
  type Finance,
  type FinanceRecord,
  type HistoryEntry,
  STEP_NAMES,
  amountsOf,
  type StepName,
  type Steps,
  splitSubmission,
} from './schema';
import { realSleep, type Sleep, type StepPolicy } from './step-runner';
import { calendarStep } from './steps/calendar-step';
import { crewNoticesStep } from './steps/crew-notices-step';
import { eventStep } from './steps/event-step';
import { guestNoticesStep } from './steps/guest-notices-step';
import { guestPageStep } from './steps/guest-page-step';
import { remindersStep } from './steps/reminders-step';
import type { ReminderScheduler } from '../reminders/ports';
import type { GuestNoticeView } from './guest-notices';
import type { BookingStep, Roster } from './steps/step';
import type { GuestPageView } from './guest-page-view';
import type { CrewNoticeKind, CrewNoticeView, CrewVisibleField } from './views';

export interface BookingRenderers {
  guestPage(view: GuestPageView): string;
  crewNotice(view: CrewNoticeView): Omit<OutgoingEmail, 'to'>;
  guestNotice(view: GuestNoticeView): Omit<OutgoingEmail, 'to'>;
}

export interface BookingLinks {
  guestPageUrl(slug: string): string;
  adminBookingUrl(bookingId: string): string;
  /** A crew member's link to one trip, valid until `expiresAt`, for link generation `generation`. */
  crewPageUrl(eventId: string, crewId: string, expiresAt: Date, generation?: number): Promise<string>;
}

export interface BookingDependencies {
  bookings: BookingRepository;
  notifications: NotificationRepository;
  events: EventRepository;
  crew: CrewRepository;
  settings?: SettingsRepository;
  /** Relays a booking's outbox right after a write (webhooks); the sweep catches up otherwise. */
  publish?: (bookingId: string) => Promise<void>;
  /** Owners' marketplace blocks, which the conflict check respects. */
  blocks?: BoatBlockSource;
  /** Absent when Google Calendar is not configured: the step is skipped, saying so. */
  calendar?: CalendarPort;
  guestPages: GuestPageStore;
  cdn: CdnInvalidator;
  mailer: Mailer;
  /** One-time reminders; absent: the reminders step is skipped, saying so. */
  scheduler?: ReminderScheduler;
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
  version: number;
  status: 'active' | 'cancelled';
  steps: Steps;
}

export type BookingOutcome = {
  kind: 'created' | 'replayed' | 'retried' | 'changed' | 'unchanged';
  result: BookingResult;
};

/** Who asked, and whether they book over conflicts on purpose. */
export interface ChangeOptions {
  actor?: Actor;
  /** The version the caller last read (If-Match); a change to any other is refused. */
  expectedVersion?: number;
  allowConflicts?: boolean;
}

/** A booking a channel's feed brings in: where it came from, and what it still lacks. */
export interface ImportedBooking {
  origin: BookingOrigin;
  needsDetails: NeededDetail[];
}

/** What saving a change would do, without doing it. */
export interface ChangePreview {
  changedFields: string[];
  notices: { crewId: string; name: string; kind: CrewNoticeKind; changed: CrewVisibleField[] }[];
  conflicts: Conflict[];
  calendar: boolean;
  guestPage: boolean;
}

const SETTINGS_TTL_MS = 30_000;

export const DEFAULT_STEP_POLICIES: Record<StepName, StepPolicy> = {
  event: { timeoutMs: 5_000, attempts: 2, backoffMs: 100 },
  calendar: { timeoutMs: 8_000, attempts: 3, backoffMs: 250 },
  guestPage: { timeoutMs: 8_000, attempts: 3, backoffMs: 250 },
  /** Per email. */
  crewNotices: { timeoutMs: 8_000, attempts: 3, backoffMs: 250 },
  guestNotices: { timeoutMs: 8_000, attempts: 3, backoffMs: 250 },
  reminders: { timeoutMs: 8_000, attempts: 3, backoffMs: 250 },
};

/**
 * A booking's life: created once (the booking item, written first with a condition, is the
 * idempotency gate), then changed, cancelled, reinstated or retried. Every one of those is a
 * new booking version followed by the same six steps, each converging its system to the
 * current version (see RunProtocol), so every failure is visible and a retry redoes only
 * what is missing.
 */
export class BookingService {
  private readonly clock: Clock;
  private readonly protocol: RunProtocol;
  private readonly steps: Record<StepName, BookingStep>;
  readonly crewLinks: CrewLinkService;
  private settingsCache: { settings: OperatorSettings; until: number } | undefined;

  constructor(private readonly deps: BookingDependencies) {
    this.clock = deps.clock ?? systemClock;
    const policies = { ...DEFAULT_STEP_POLICIES, ...deps.policies };
    const sleep = deps.sleep ?? realSleep;
    const clock = this.clock;
    this.protocol = new RunProtocol({ bookings: deps.bookings, clock, policies });
    this.steps = {
      event: eventStep({ events: deps.events, policy: policies.event, sleep, clock }),
      calendar: calendarStep({ calendar: deps.calendar, adminBookingUrl: deps.links.adminBookingUrl, policy: policies.calendar, sleep, clock }),
      guestPage: guestPageStep({ pages: deps.guestPages, cdn: deps.cdn, render: deps.render.guestPage, settings: () => this.getSettings(), policy: policies.guestPage, sleep, clock }),
      crewNotices: crewNoticesStep({
        notifications: deps.notifications,
        events: deps.events,
        mailer: deps.mailer,
        render: deps.render.crewNotice,
        crewPageUrl: deps.links.crewPageUrl,
        policy: policies.crewNotices,
        sleep,
        clock,
      }),
      guestNotices: guestNoticesStep({
        notifications: deps.notifications,
        mailer: deps.mailer,
        render: deps.render.guestNotice,
        guestPageUrl: deps.links.guestPageUrl,
        settings: () => this.getSettings(),
        policy: policies.guestNotices,
        sleep,
        clock,
      }),
      reminders: remindersStep({
        ...(deps.scheduler ? { scheduler: deps.scheduler } : {}),
        settings: () => this.getSettings(),
        policy: policies.reminders,
        sleep,
        clock,
      }),
    };
    this.crewLinks = new CrewLinkService({ ...deps, clock });
  }

  /** `POST /bookings`: the same booking twice is one booking; other details are a 409. */
  async submit(submission: IncomingBooking, actor: Actor = 'service-key'): Promise<BookingOutcome> {
    const { request } = splitSubmission(submission);
    // Read alongside the checks a new booking needs: most submissions are new.
    return this.create(submission, actor, this.deps.bookings.get(deriveBookingId(request.source, request.externalId)));
  }

  /**
   * `PUT /bookings/by-ref/…`, and the marketplace sync: creates the booking, or brings the
   * stored one to this submission as a change. The same submission again does nothing.
   */
  async upsert(submission: IncomingBooking, actor: Actor = 'service-key', imported?: ImportedBooking): Promise<BookingOutcome> {
    const { request, options } = splitSubmission(submission);
    const bookingId = deriveBookingId(request.source, request.externalId);
    return withVersionRetry(undefined, async () => {
      const current = await this.deps.bookings.get(bookingId);
      if (!current) return this.create(submission, actor, Promise.resolve(undefined), imported);
      if (current.payloadHash === payloadHash(request)) return { kind: 'unchanged', result: this.resultOf(current) };
      const patch: BookingPatch = { ...patchFromSubmission(current, request), finance: request.finance };
      return this.change(bookingId, patch, { actor, expectedVersion: current.version, ...options });
    });
  }

  private async create(
    submission: IncomingBooking,
    actor: Actor,
    existing: Promise<BookingRecord | undefined>,
    imported?: ImportedBooking,
  ): Promise<BookingOutcome> {
    const { request, options } = splitSubmission(submission);
    const bookingId = deriveBookingId(request.source, request.externalId);
    const hash = payloadHash(request);
    const now = this.clock();
    const { finance, ...rest } = request;
    const draft: BookingRecord = {
      bookingId,
      source: request.source,
      externalId: request.externalId,
      payloadHash: hash,
      request: rest,
      tasks: tasksOf({ request: rest }),
      status: 'active',
      eventId: deriveEventId(bookingId),
      slug: newGuestSlug(request.title),
      steps: Object.fromEntries(STEP_NAMES.map((name) => [name, { status: 'pending' }])) as Steps,
      version: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      ...(imported ? { origin: imported.origin, needsDetails: imported.needsDetails } : {}),
    };
    const [stored, roster, conflicts] = await Promise.all([existing, this.rosterOf(request.crew.map((a) => a.crewId)), this.conflictsOf(draft)]);
    if (stored) return this.replay(stored, request);
    if (!options.allowPast && Date.parse(request.end) <= now.getTime()) {
      throw new TripEndedError('This trip has already ended; send "allowPast": true to import it (no crew email is sent)', {
        details: { end: request.end },
      });
    }
    assertCrewAssignable(request.crew, roster);
    assertNoConflicts(conflicts, options.allowConflicts);

    // Created with every step already claimed by this run: the conditional create is the
    // claim, so no retry can start a step while this call is doing it.
    const claimId = this.protocol.newClaimId();
    const claimed = Object.fromEntries(STEP_NAMES.map((name) => [name, this.protocol.claimedState(name, claimId, 1, now)])) as Steps;
    const lastChange: VersionChange = {
      version: 1,
      at: now.toISOString(),
      actor,
      kind: 'created',
      ...(conflicts.length > 0 ? { overrides: conflicts } : {}),
      ...(options.allowPast ? { note: 'imported after the trip (allowPast)' } : {}),
    };
    const full: BookingRecord = { ...draft, steps: claimed, lastChange };
    // The finance is written with the booking and before it, guarded by the payload hash:
    // once the booking exists its money is safe, so a crash at any later point loses nothing
    // a retry needs. A feed's booking has none yet: it needs details.
    const outcome = await this.deps.bookings.createOrGet(full, [bookingEventOf(full, lastChange, this.clock)], finance);
    if (!outcome.created) {
      if (outcome.record) return this.replay(outcome.record, request);
      throw new BookingConflictError('This booking is being submitted with other details right now', {
        details: { bookingId, fields: [] },
      });
    }
    const [result] = await Promise.all([
      this.runSteps(outcome.record, { claimId, roster }),
      this.deps.bookings.appendHistory(bookingId, lastChange).catch(() => undefined),
      // The new booking's event goes to the webhooks while the steps run, not after them.
      this.publish(bookingId),
    ]);
    await this.publishStepFailures(result);
    return { kind: 'created', result };
  }

  /** A change of any field; answers once every step has converged (or failed, visibly). */
  async change(bookingId: string, patch: BookingPatch, options: ChangeOptions = {}): Promise<BookingOutcome> {
    const current = await this.get(bookingId);
    assertVersion(current, options.expectedVersion);
    const finance = await this.deps.bookings.getFinance(bookingId);
    const applied = applyPatch(current, finance, patch, this.clock());
    const next: BookingRecord = { ...current, request: applied.request, tasks: applied.tasks };
    const newFinance = applied.finance ? { ...finance, ...applied.finance } : finance;
    if (current.needsDetails) {
      // Sending the guest as it is confirms what the feed said: that too completes it.
      next.needsDetails = stillNeeded(current.needsDetails, next, newFinance !== undefined, patch.guest !== undefined);
      if (canonicalJson(next.needsDetails) !== canonicalJson(current.needsDetails)) {
        applied.changes.push({ field: 'needsDetails', before: current.needsDetails, after: next.needsDetails });
      }
    }
    if (applied.changes.length === 0) return { kind: 'unchanged', result: this.resultOf(current) };
    const added = newlyAssigned(current.request.crew, applied.request.crew);
    const [roster, all] = await Promise.all([
      this.rosterOf(added.map((a) => a.crewId)),
      touchesSchedule(applied.changes) ? this.conflictsOf(next) : Promise.resolve([]),
    ]);
    const conflicts = introducedConflicts(all, applied.changes, new Set(added.map((a) => a.crewId)));
    assertCrewAssignable(added, roster);
    assertNoConflicts(conflicts, options.allowConflicts ?? patch.allowConflicts);
    const kind = 'changed' as const;
    return this.saveAndRun(current, next, newFinance, {
      actor: options.actor ?? 'service-key',
      kind,
      changes: applied.changes,
      ...(conflicts.length > 0 ? { overrides: conflicts } : {}),
    }, applied.finance !== undefined);
  }

  /** What `change` would do: who is emailed and why, conflicts, which systems are written. */
  async preview(bookingId: string, patch: BookingPatch): Promise<ChangePreview> {
    const current = await this.get(bookingId);
    const finance = await this.deps.bookings.getFinance(bookingId);
    const applied = applyPatch(current, finance, patch, this.clock());
    const next: BookingRecord = { ...current, request: applied.request, tasks: applied.tasks };
    const told = current.converged?.crewNotices?.told ?? {};
    const plan = planNotices(told, next).filter((n) => n.kind !== undefined);
    const added = new Set(newlyAssigned(current.request.crew, applied.request.crew).map((a) => a.crewId));
    const [roster, all] = await Promise.all([
      this.rosterOf([...applied.request.crew.map((a) => a.crewId), ...Object.keys(told)]),
      touchesSchedule(applied.changes) ? this.conflictsOf(next) : Promise.resolve([]),
    ]);
    const conflicts = introducedConflicts(all, applied.changes, added);
    const admin = this.deps.links.adminBookingUrl(bookingId);
    const calendarWrite =
      this.deps.calendar !== undefined &&
      payloadHash(calendarDraftOf(current, roster, admin)) !== payloadHash(calendarDraftOf(next, roster, admin));
    const guestPage = (['title', 'start', 'end', 'timezone', 'boat', 'meetingPoint', 'whatToBring', 'crew', 'crewTasks'] as const).some(
      (field) => applied.changes.some((c) => c.field === field),
    );
    const pastTrip = Date.parse(next.request.end) <= this.clock().getTime();
    return {
      changedFields: applied.changes.map((c) => c.field),
      notices: pastTrip
        ? []
        : plan.map((n) => ({ crewId: n.crewId, name: roster.get(n.crewId)?.name ?? n.crewId, kind: n.kind as CrewNoticeKind, changed: n.changed })),
      conflicts,
      calendar: calendarWrite,
      guestPage,
    };
  }

  /** The trip is off: every system follows; the finance record stays, with any refund or fee. */
  async cancel(bookingId: string, request: CancelRequest, options: ChangeOptions = {}): Promise<BookingOutcome> {
    const current = await this.get(bookingId);
    assertVersion(current, options.expectedVersion);
    if (current.status === 'cancelled') return { kind: 'unchanged', result: this.resultOf(current) };
    const now = this.clock();
    if (Date.parse(current.request.end) <= now.getTime()) {
      throw new TripEndedError('This trip has already ended, so it cannot be cancelled', { details: { end: current.request.end } });
    }
    const finance = await this.deps.bookings.getFinance(bookingId);
    const money = {
      ...(request.refund !== undefined ? { refund: request.refund } : {}),
      ...(request.cancellationFee !== undefined ? { cancellationFee: request.cancellationFee } : {}),
    };
    const next: BookingRecord = {
      ...current,
      status: 'cancelled',
      cancellation: { reason: request.reason, ...(request.note ? { note: request.note } : {}), at: now.toISOString() },
    };
    return this.saveAndRun(
      current,
      next,
      finance && { ...finance, cancelled: money },
      {
        actor: options.actor ?? 'service-key',
        kind: 'cancelled',
        changes: [{ field: 'status', before: 'active', after: 'cancelled' }, ...(Object.keys(money).length ? [{ field: 'finance.cancelled', before: null, after: money }] : [])],
        note: `${request.reason}${request.note ? `: ${request.note}` : ''}`,
      },
      true,
    );
  }

  /** Undoes a cancel: the trip is back on everywhere (conflicts checked again). */
  async reinstate(bookingId: string, options: ChangeOptions = {}): Promise<BookingOutcome> {
    const current = await this.get(bookingId);
    assertVersion(current, options.expectedVersion);
    if (current.status !== 'cancelled') return { kind: 'unchanged', result: this.resultOf(current) };
    const { cancellation: _, ...rest } = current;
    const next: BookingRecord = { ...rest, status: 'active' };
    const conflicts = await this.conflictsOf(next);
    assertNoConflicts(conflicts, options.allowConflicts);
    const finance = await this.deps.bookings.getFinance(bookingId);
    const { cancelled: _c, ...uncancelled } = finance ?? ({} as FinanceRecord);
    return this.saveAndRun(
      current,
      next,
      finance && uncancelled,
      {
        actor: options.actor ?? 'service-key',
        kind: 'reinstated',
        changes: [{ field: 'status', before: 'cancelled', after: 'active' }],
        ...(conflicts.length > 0 ? { overrides: conflicts } : {}),
      },
      true,
    );
  }

  /** Re-runs the steps that have not converged to the current version. */
  async retry(bookingId: string): Promise<BookingOutcome> {
    const record = await this.get(bookingId);
    await this.settleFinance(record);
    const result = await this.runSteps(record);
    await this.publish(bookingId);
    return { kind: 'retried', result };
  }

  /**
   * Marks (or clears) a trip the channel's feed no longer shows. Not a change of the booking:
   * no version, no step runs, nobody is told.
   */
  async setFeedAlert(bookingId: string, alert: FeedAlert | undefined): Promise<void> {
    await this.deps.bookings.setFeedAlert(bookingId, alert);
  }

  async history(bookingId: string): Promise<HistoryEntry[]> {
    const [record, entries] = await Promise.all([this.get(bookingId), this.deps.bookings.listHistory(bookingId)]);
    const last = record.lastChange;
    // The change that made this version is written with it; its own line may lag behind.
    if (last && !entries.some((e) => e.kind !== 'step' && e.version === last.version)) entries.unshift(last);
    return entries;
  }

  async get(bookingId: string): Promise<BookingRecord> {
    const record = await this.deps.bookings.get(bookingId);
    if (!record) throw new NotFoundError(`No booking ${bookingId}`, { details: { bookingId } });
    return record;
  }

  getFinance(bookingId: string): Promise<FinanceRecord | undefined> {
    return this.deps.bookings.getFinance(bookingId);
  }

  list(range: InstantRange, page: PageRequest): Promise<Page<BookingRecord>> {
    return this.deps.bookings.listByStart(range, page);
  }

  /**
   * Kept for half a minute: every booking reads them, and they change a few times a year. A
   * change made here is seen at once; one made through another instance within that time.
   */
  async getSettings(): Promise<OperatorSettings> {
    const now = this.clock().getTime();
    if (!this.settingsCache || this.settingsCache.until < now) {
      const settings = (await this.deps.settings?.get()) ?? DEFAULT_SETTINGS;
      this.settingsCache = { settings, until: now + SETTINGS_TTL_MS };
    }
    return this.settingsCache.settings;
  }

  /** `PUT`: the whole settings; sections left out go back to their defaults. */
  async putSettings(input: SettingsInput): Promise<OperatorSettings> {
    return this.storeSettings(resolveSettings(input));
  }

  /** `PATCH`: only the sections given change. */
  async patchSettings(patch: SettingsInput): Promise<OperatorSettings> {
    this.settingsCache = undefined;
    return this.storeSettings(mergeSettings(await this.getSettings(), patch));
  }

  private async storeSettings(settings: OperatorSettings): Promise<OperatorSettings> {
    if (!this.deps.settings) throw new Error('No settings store is configured');
    await this.deps.settings.put(settings);
    this.settingsCache = { settings, until: this.clock().getTime() + SETTINGS_TTL_MS };
    return settings;
  }

  resultOf(record: BookingRecord): BookingResult {
    return {
      bookingId: record.bookingId,
      eventId: record.eventId,
      slug: record.slug,
      guestUrl: this.deps.links.guestPageUrl(record.slug),
      version: record.version,
      status: record.status ?? 'active',
      steps: record.steps,
    };
  }

  private async saveAndRun(
    current: BookingRecord,
    next: BookingRecord,
    finance: FinanceRecord | undefined,
    change: Omit<VersionChange, 'version' | 'at'>,
    financeChanged: boolean,
  ): Promise<BookingOutcome> {
    const now = this.clock();
    const version = current.version + 1;
    const lastChange: VersionChange = { ...change, version, at: now.toISOString() };
    const base: BookingRecord = {
      ...next,
      // The hash of the booking as a whole submission, so the same upsert again is a no-op.
      payloadHash: payloadHash({ ...next.request, ...(finance ? { finance: amountsOf(finance) } : {}) }),
      lastChange,
      version,
      updatedAt: now.toISOString(),
    };
    // The change claims, in its own write, every step no other run is holding right now: one
    // write instead of five. A step held by a live run is left to it (it follows the change).
    const claimId = this.protocol.newClaimId();
    let stepsNow = current.steps;
    let saved: BookingRecord;
    let claimed: StepName[];
    for (let attempt = 1; ; attempt++) {
      // Retries keep taking steps meanwhile: the last attempt claims none and lets each step
      // be claimed on its own, so the change itself is never refused for it.
      claimed = attempt < 3 ? STEP_NAMES.filter((name) => !this.protocol.isHeld(stepsNow[name], now)) : [];
      const steps = { ...stepsNow };
      for (const name of claimed) steps[name] = this.protocol.claimedState(name, claimId, version, now);
      saved = { ...base, steps };
      try {
        await this.deps.bookings.saveChange(saved, current.version, claimed, [bookingEventOf(saved, lastChange, this.clock)]);
        break;
      } catch (error) {
        // A retry took a step between our read and our write: claim around it.
        if (!(error instanceof StepHeldError)) throw error;
        const latest = await this.get(current.bookingId);
        assertVersion(latest, current.version);
        stepsNow = latest.steps;
      }
    }
    const [result] = await Promise.all([
      this.runSteps(saved, { claimId, claimed: new Set(claimed) }),
      financeChanged && finance ? this.deps.bookings.setFinance(saved.bookingId, finance, version) : undefined,
      this.deps.bookings.appendHistory(saved.bookingId, lastChange).catch(() => undefined),
      this.publish(saved.bookingId),
    ]);
    await this.publishStepFailures(result);
    return { kind: 'changed', result };
  }

  /**
   * Hands the booking's new events (in its outbox since the write) to the webhook relay at
   * once. Best effort: a failure here leaves them for the scheduled sweep.
   */
  private async publish(bookingId: string): Promise<void> {
    await this.deps.publish?.(bookingId).catch(() => undefined);
  }

  /** A step that failed put its event in the outbox after the first publish: relay that too. */
  private async publishStepFailures(result: BookingResult): Promise<void> {
    if (Object.values(result.steps).some((state) => state.status === 'failed')) await this.publish(result.bookingId);
  }

  /** After a crash between a change and its finance write, the finance catches up. */
  private async settleFinance(record: BookingRecord): Promise<void> {
    const last = record.lastChange;
    if (!last || last.kind === 'created' || last.kind === 'step') return;
    const finance = await this.deps.bookings.getFinance(record.bookingId);
    if (!finance || (finance.version ?? 1) >= record.version) return;
    const amounts = last.changes?.find((c) => c.field === 'finance')?.after as Finance | undefined;
    const cancelled = last.changes?.find((c) => c.field === 'finance.cancelled')?.after as FinanceRecord['cancelled'];
    if (!amounts && last.kind === 'changed') return;
    const { cancelled: _, ...rest } = finance;
    const next: FinanceRecord = {
      ...rest,
      ...amounts,
      ...(record.status === 'cancelled' ? { cancelled: cancelled ?? finance.cancelled ?? {} } : {}),
    };
    await this.deps.bookings.setFinance(record.bookingId, next, record.version);
  }

  private async replay(stored: BookingRecord, request: ReturnType<typeof splitSubmission>['request']): Promise<BookingOutcome> {
    if (stored.payloadHash === payloadHash(request)) return { kind: 'replayed', result: this.resultOf(stored) };
    const storedFinance = await this.deps.bookings.getFinance(stored.bookingId);
    const finance = storedFinance && amountsOf(storedFinance);
    const fields = differingFields({ ...stored.request, finance }, request);
    throw new BookingConflictError(
      `Booking ${stored.source}/${stored.externalId} was already submitted with other details (${fields.join(', ')})`,
      { details: { bookingId: stored.bookingId, fields } },
    );
  }

  /**
   * Runs every step not yet converged to the record's version. The crew event, the calendar
   * and the guest page go at once; the crew notices wait for the crew event, since their links
   * open it.
   */
  private async runSteps(
    record: BookingRecord,
    options: { claimId?: string; claimed?: ReadonlySet<StepName>; roster?: Roster } = {},
  ): Promise<BookingResult> {
    let rosterLoad: Promise<Roster> | undefined;
    const told = Object.keys(record.converged?.crewNotices?.told ?? {});
    const roster = () => {
      // Everyone on the trip, and those who were and must hear that they are off it.
      rosterLoad ??= options.roster && told.length === 0
        ? Promise.resolve(options.roster)
        : this.rosterOf([...record.request.crew.map((a) => a.crewId), ...told]);
      return rosterLoad;
    };
    // Claimed by the write that made this version (all of them when it created the booking).
    const claimOf = (name: StepName) => (options.claimId && (!options.claimed || options.claimed.has(name)) ? options.claimId : undefined);
    const run = (name: StepName) =>
      this.protocol.isConverged(record, name) && !claimOf(name)
        ? Promise.resolve(record.steps[name])
        : this.protocol.run(this.steps[name], record, roster, claimOf(name));
    const event = run('event');
    const notices = event.then(async (state) => {
      if (state.status === 'succeeded' || this.protocol.isConverged(record, 'crewNotices')) return run('crewNotices');
      // Not sent without a crew page to link to; left for the retry that writes the event.
      const claimId = claimOf('crewNotices');
      if (claimId) {
        const waiting = { status: 'pending', version: record.version } as const;
        await this.deps.bookings
          .recordStep(record.bookingId, 'crewNotices', waiting, undefined, { claimId, version: record.version })
          .catch(() => undefined);
        return waiting;
      }
      return record.steps.crewNotices;
    });
    const [eventState, calendar, guestPage, crewNotices, guestNotices, reminders] = await Promise.all([
      event,
      run('calendar'),
      run('guestPage'),
      notices,
      run('guestNotices'),
      run('reminders'),
    ]);
    return { ...this.resultOf(record), steps: { event: eventState, calendar, guestPage, crewNotices, guestNotices, reminders } };
  }

  private async rosterOf(crewIds: readonly string[]): Promise<Roster> {
    if (crewIds.length === 0) return new Map();
    const members = await this.deps.crew.getMany([...new Set(crewIds)]);
    return new Map(members.map((m) => [m.crewId, m]));
  }

  private async conflictsOf(record: BookingRecord): Promise<Conflict[]> {
    return findConflicts(this.deps.bookings, await this.getSettings(), record, this.deps.blocks);
  }
}


const NEEDED_ORDER: readonly NeededDetail[] = ['crew', 'finance', 'guest'];

/** An imported booking's missing details, after a change that may have filled some in. */
function stillNeeded(before: readonly NeededDetail[], next: BookingRecord, hasFinance: boolean, guestGiven: boolean): NeededDetail[] {
  const needed = new Set<NeededDetail>(before);
  if (next.request.crew.length > 0) needed.delete('crew');
  else needed.add('crew');
  if (hasFinance) needed.delete('finance');
  if (guestGiven) needed.delete('guest');
  return NEEDED_ORDER.filter((detail) => needed.has(detail));
}
