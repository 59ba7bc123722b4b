import type { InstantRange, Page, PageRequest } from '../schemas/paging';
import type { BookingRecord, Finance, StepName, StepState } from './schema';

/** Persistence of bookings, their finance and their step states (admin-only items). */
export interface BookingRepository {
  /** Creates the booking unless its id exists; either way answers with the stored record. */
  createOrGet(record: BookingRecord): Promise<{ created: boolean; record: BookingRecord }>;
  get(bookingId: string): Promise<BookingRecord | undefined>;
  /** Bookings whose trip starts in the range, earliest first. */
  listByStart(range: InstantRange, page: PageRequest): Promise<Page<BookingRecord>>;
  /**
   * Marks a step running until `leaseUntil`, unless it succeeded or another runner holds an
   * unexpired lease: the guard that keeps concurrent retries from doing a step twice.
   */
  claimStep(bookingId: string, step: StepName, now: Date, leaseUntil: Date): Promise<boolean>;
  /** Writes one step's outcome without touching the others (they finish concurrently). */
  recordStep(bookingId: string, step: StepName, state: StepState): Promise<void>;
  /**
   * Stores the finance of the submission whose canonical hash is `payloadHash`. Idempotent for
   * the same hash; `false` when another submission's finance is already stored.
   */
  putFinance(bookingId: string, finance: Finance, payloadHash: string): Promise<boolean>;
  getFinance(bookingId: string): Promise<Finance | undefined>;
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
