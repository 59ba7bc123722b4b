import type { OperatorSettings } from '../settings/operator-settings';
import type { InstantRange, Page, PageRequest } from '../schemas/paging';
import type { OutboxEvent } from '../webhooks/ports';
import type { BookingRecord, CrewResponse, FeedAlert, Finance, FinanceRecord, HistoryEntry, StepMemory, StepName, StepState } from './schema';

/** Who holds a step: the run that claimed it, working towards one booking version. */
export interface StepClaim {
  claimId: string;
  version: number;
}

/** What `createOrGet` did; `record` is absent only when another submission's finance holds the id. */
export type CreateOutcome = { created: true; record: BookingRecord } | { created: false; record: BookingRecord | undefined };

/** Persistence of bookings, their finance, history and step states (admin-only items). */
export interface BookingRepository {
  /**
   * Creates the booking unless its id exists; either way answers with the stored record.
   * `events` go into the booking's outbox in the same write (webhooks/ports.ts).
   *
   * With `finance`, its amounts are stored first, as `putFinance` would for the record's
   * `payloadHash`, and the booking only once they are: a crash at any point leaves no booking
   * without its money. When another submission's finance is stored, nothing is created and
   * the answer is that submission's booking, or no record while it is not there yet.
   */
  createOrGet(record: BookingRecord, events?: readonly OutboxEvent[], finance?: Finance): Promise<CreateOutcome>;
  get(bookingId: string): Promise<BookingRecord | undefined>;
  /** Bookings whose trip starts in the range, earliest first. */
  listByStart(range: InstantRange, page: PageRequest): Promise<Page<BookingRecord>>;
  /**
   * Stores a changed booking (content, status, `lastChange`, `payloadHash`, `version`) only if
   * the stored version is still `expectedVersion`, and claims the steps in `claimed` (their
   * states in `next.steps`) only if no run holds them now; other step states are left as they
   * are. Throws VersionConflictError when the version moved, and StepHeldError when a step in
   * `claimed` was taken meanwhile.
   */
  saveChange(next: BookingRecord, expectedVersion: number, claimed?: readonly StepName[], events?: readonly OutboxEvent[]): Promise<void>;
  /**
   * Marks a step running for `claim` until `leaseUntil`, unless it already converged to
   * `claim.version` or another run holds an unexpired lease on it: the guard that keeps two
   * runs from ever writing the same system at once.
   */
  claimStep(bookingId: string, step: StepName, claim: StepClaim, now: Date, leaseUntil: Date): Promise<boolean>;
  /** The holder of a step moves its claim to a newer booking version (and a fresh lease). */
  extendClaim(bookingId: string, step: StepName, claim: StepClaim, leaseUntil: Date): Promise<boolean>;
  /**
   * Writes one step's outcome (and what its system now holds) without touching the others,
   * only while `claim` still holds the step and the booking is still at `claim.version`:
   * `false` means the run is stale and must not claim the step converged.
   */
  recordStep(
    bookingId: string,
    step: StepName,
    state: StepState,
    memory: StepMemory | undefined,
    claim: StepClaim,
    events?: readonly OutboxEvent[],
  ): Promise<boolean>;
  /**
   * Stores the finance of the submission whose canonical hash is `payloadHash`. Idempotent for
   * the same hash; `false` when another submission's finance is already stored.
   */
  putFinance(bookingId: string, finance: Finance, payloadHash: string): Promise<boolean>;
  /** Replaces the finance with the one of booking `version`, unless a newer one is stored. */
  setFinance(bookingId: string, finance: FinanceRecord, version: number): Promise<void>;
  getFinance(bookingId: string): Promise<FinanceRecord | undefined>;
  /**
   * The finance of many bookings at once (the month's report), by booking id; a booking
   * without finance is absent. In DynamoDB: batch reads, not one read per booking.
   */
  getFinanceMany(bookingIds: readonly string[]): Promise<Map<string, FinanceRecord>>;
  /** Sets or clears the feed alert alone: no version, no other attribute changes. */
  setFeedAlert(bookingId: string, alert: FeedAlert | undefined): Promise<void>;
  /**
   * Sets one crew member's answer alone (no version, no other attribute), only while the booking
   * is still at `response.version` and their stored answer is still `previous` (none: none
   * stored): `false` when either moved, or the booking is gone; read again and decide again.
   */
  setCrewResponse(bookingId: string, crewId: string, response: CrewResponse, previous: CrewResponse | undefined): Promise<boolean>;
  /** Adds a history line; the same line (version, kind, step, time) twice is stored once. */
  appendHistory(bookingId: string, entry: HistoryEntry): Promise<void>;
  /** Newest first. */
  listHistory(bookingId: string): Promise<HistoryEntry[]>;
}

export type NotificationClaim = 'claimed' | 'sent' | 'unconfirmed';

/** One item per (event, crew member, kind of message): at most one email each. */
export interface NotificationRepository {
  /**
   * `claimed`: the caller may send now. `sent`: already delivered. `unconfirmed`: an earlier
   * attempt was interrupted mid-send, so it may or may not have gone out.
   */
  claim(eventId: string, crewId: string, kind: string, now: Date): Promise<NotificationClaim>;
  markSent(eventId: string, crewId: string, kind: string, messageId: string, now: Date): Promise<void>;
  /** After a send that certainly failed, so a retry may claim it again. */
  release(eventId: string, crewId: string, kind: string): Promise<void>;
}

export interface SettingsRepository {
  get(): Promise<OperatorSettings>;
  put(settings: OperatorSettings): Promise<void>;
}

export { DEFAULT_SETTINGS, type OperatorSettings } from '../settings/operator-settings';
