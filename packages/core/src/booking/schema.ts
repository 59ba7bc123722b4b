import * as z from 'zod';
import { idSchema } from '../ids';
import { endsAfterStart, eventFields } from '../schemas/event';
import type { CrewBrief, GuestTold } from './views';

const minorUnits = z.int('Use whole minor units, e.g. 185000 for $1,850.00').min(0).max(1_000_000_000);

export const financeSchema = z.strictObject({
  revenue: minorUnits,
  captainFee: minorUnits,
  platformFee: minorUnits,
  currency: z.string().regex(/^[A-Z]{3}$/, 'Use an ISO 4217 currency code such as USD'),
});
export type Finance = z.infer<typeof financeSchema>;

export const guestSchema = z.strictObject({
  name: z.string().trim().min(1, 'The guest name is required').max(200),
  email: z.email('Use a valid email address').optional(),
  phone: z.string().trim().min(5).max(30).optional(),
  count: z.int().min(1).max(1000),
});
export type Guest = z.infer<typeof guestSchema>;

const taskLabel = z.string().trim().min(1, 'A task needs a label').max(200);

/** A booking's own fields: what a marketplace booking carries, and the call's options. */
const bookingFields = z.strictObject({
  title: eventFields.title,
  start: eventFields.start,
  end: eventFields.end,
  timezone: eventFields.timezone,
  boat: eventFields.boat,
  meetingPoint: eventFields.meetingPoint,
  guest: guestSchema,
  notes: eventFields.notes.default(''),
  /** Shown to guests on their page. */
  whatToBring: eventFields.whatToBring.optional(),
  crew: eventFields.crew.default([]),
  crewTasks: z.array(taskLabel).max(100).default([]),
  /** `false`: the guest gets no email from SCC (the marketplace already writes to them). */
  notifyGuest: z.boolean().optional(),
  /** Importing history: a trip that has already ended is accepted, and no crew email goes out. */
  allowPast: z.boolean().optional(),
  /** Book the boat or a person over another trip anyway; recorded in the history. */
  allowConflicts: z.boolean().optional(),
});

const referenceFields = {
  source: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'Use a short lowercase source name such as "boatsetter"'),
  externalId: z
    .string()
    .trim()
    .min(1, 'externalId is required')
    .max(128)
    .regex(/^[\x21-\x7e]+$/, 'Use printable characters without spaces'),
};

type BookingShape = { start: string; end: string; crew: { crewId: string }[] };
const endsInOrder: [(b: BookingShape) => boolean, { error: string; path: string[] }] = [
  (b) => endsAfterStart(b.start, b.end),
  { error: 'end must be after start', path: ['end'] },
];
const crewOnce: [(b: BookingShape) => boolean, { error: string; path: string[] }] = [
  (b) => new Set(b.crew.map((a) => a.crewId)).size === b.crew.length,
  { error: 'Each crew member can be assigned only once', path: ['crew'] },
];

/** Guest contact details and finance are admin-only. */
export const bookingCreateSchema = bookingFields
  .extend({ ...referenceFields, finance: financeSchema })
  .refine(...endsInOrder)
  .refine(...crewOnce);

/** `PUT /bookings/by-ref/:source/:externalId`: the reference is in the path. */
export const bookingUpsertSchema = bookingFields.extend({ finance: financeSchema }).refine(...endsInOrder).refine(...crewOnce);
export const bookingReferenceSchema = z.strictObject(referenceFields);
export type BookingInput = z.input<typeof bookingCreateSchema>;
export type BookingSubmission = z.output<typeof bookingCreateSchema>;
/**
 * A booking as it reaches the service: from the API (finance required) or from a marketplace
 * feed, which knows no money yet (the booking then needs details).
 */
export type IncomingBooking = Omit<BookingSubmission, 'finance'> & { finance?: Finance };
/** A booking as stored and hashed: the submission without the call's options. */
export type BookingRequest = Omit<IncomingBooking, 'allowPast' | 'allowConflicts'>;

/** What a call adds to a submission without it being part of the booking itself. */
export interface SubmitOptions {
  allowPast?: boolean;
  allowConflicts?: boolean;
}

/** Splits a validated body into the booking (hashed and stored) and the call's options. */
export function splitSubmission(body: IncomingBooking): { request: BookingRequest; options: SubmitOptions } {
  const { allowPast, allowConflicts, ...request } = body;
  return {
    request,
    options: { ...(allowPast ? { allowPast } : {}), ...(allowConflicts ? { allowConflicts } : {}) },
  };
}

/** In a change, a task is a new label or a task that stays (by id), perhaps renamed. */
export const taskChangeSchema = z.union([taskLabel, z.strictObject({ taskId: idSchema, label: taskLabel })]);

/** `PATCH /bookings/:id`: any field of the booking; arrays and objects are given whole. */
export const bookingPatchSchema = z
  .strictObject({
    title: eventFields.title.optional(),
    start: eventFields.start.optional(),
    end: eventFields.end.optional(),
    timezone: eventFields.timezone.optional(),
    boat: eventFields.boat.optional(),
    meetingPoint: eventFields.meetingPoint.optional(),
    /** `null` or `""` removes it. */
    whatToBring: eventFields.whatToBring.nullable().optional(),
    guest: guestSchema.optional(),
    notes: eventFields.notes.optional(),
    crew: eventFields.crew.optional(),
    crewTasks: z.array(taskChangeSchema).max(100).optional(),
    notifyGuest: z.boolean().optional(),
    finance: financeSchema.optional(),
    allowConflicts: z.boolean().optional(),
  })
  .refine(({ allowConflicts: _, ...fields }) => Object.keys(fields).length > 0, {
    error: 'Send at least one field to change',
  })
  .refine((patch) => !patch.crew || new Set(patch.crew.map((a) => a.crewId)).size === patch.crew.length, {
    error: 'Each crew member can be assigned only once',
    path: ['crew'],
  });
export type BookingPatch = z.output<typeof bookingPatchSchema>;
export type BookingPatchInput = z.input<typeof bookingPatchSchema>;

export const CANCEL_REASONS = ['weather', 'guest', 'operator', 'marketplace', 'other'] as const;

export const cancelSchema = z.strictObject({
  reason: z.enum(CANCEL_REASONS),
  note: z.string().trim().max(1000).optional(),
  /** What goes back to the guest, in the booking's currency's minor units. */
  refund: minorUnits.optional(),
  /** What the guest pays for cancelling, in minor units. */
  cancellationFee: minorUnits.optional(),
});
export type CancelRequest = z.infer<typeof cancelSchema>;

export const reinstateSchema = z.strictObject({ allowConflicts: z.boolean().optional() });

export const STEP_NAMES = ['event', 'calendar', 'guestPage', 'crewNotices', 'guestNotices', 'reminders'] as const;
export type StepName = (typeof STEP_NAMES)[number];

/** `version`: the booking version the step converged to (or is converging to, when running). */
export type StepState =
  | { status: 'pending'; version?: number }
  | { status: 'running'; startedAt: string; leaseUntil: string; claimId?: string; version?: number }
  | { status: 'succeeded'; at: string; version?: number; sent?: number; note?: string }
  | { status: 'failed'; at: string; reason: string; retryable: boolean; attempts: number; version?: number; sent?: number }
  | { status: 'skipped'; at: string; reason: string; version?: number };

export type Steps = Record<StepName, StepState>;

/** What a crew member was last told, and whether that was a cancellation. */
export type ToldBrief = CrewBrief & { cancelled?: boolean };

/**
 * What a step last brought its system to: a fingerprint of what it wrote (so an unchanged
 * calendar entry or page is not written again) and, for crew notices, what each person was
 * told (the base of the next "what changed" email).
 */
export interface StepMemory {
  version: number;
  fingerprint?: string;
  told?: Record<string, ToldBrief>;
  /** For guest notices: what the guest was last told, at which address. */
  guest?: GuestTold;
  /** For reminders: the schedules that may exist, by name (the next run removes the stale ones). */
  scheduled?: string[];
}

export interface BookingTask {
  taskId: string;
  label: string;
}

export type BookingStatus = 'active' | 'cancelled';

export interface Cancellation {
  reason: (typeof CANCEL_REASONS)[number];
  note?: string;
  at: string;
}

export type Actor = 'service-key' | 'console' | 'sync';

/** What an imported booking still lacks before the trip can run as usual. */
export const NEEDED_DETAILS = ['crew', 'finance', 'guest'] as const;
export type NeededDetail = (typeof NEEDED_DETAILS)[number];

/** Where a booking came from when a channel's feed created it. */
export interface BookingOrigin {
  channelId: string;
  uid: string;
}

/**
 * The channel's feed no longer shows this future trip (`missing`), or shows it cancelled: the
 * operator confirms the cancellation or keeps the trip; nothing is cancelled silently.
 */
export interface FeedAlert {
  kind: 'missing' | 'cancelled';
  channelId: string;
  since: string;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** One line of a booking's history: a change of the booking, or a step's outcome. */
export interface HistoryEntry {
  version: number;
  at: string;
  actor: Actor;
  kind: 'created' | 'changed' | 'cancelled' | 'reinstated' | 'step';
  changes?: FieldChange[];
  step?: { name: StepName; status: StepState['status']; reason?: string; sent?: number };
  note?: string;
  /** Conflicts booked over on purpose (`allowConflicts`). */
  overrides?: unknown[];
}

/** A crew member's answer to being put on a trip; no answer yet means `pending`. */
export interface CrewResponse {
  status: 'confirmed' | 'declined';
  at: string;
  note?: string;
  /** The booking version they answered. */
  version: number;
}

/** The admin-only record of a booking; finance sits on its own item. */
export interface BookingRecord {
  bookingId: string;
  source: string;
  externalId: string;
  /** The hash of the current booking as a whole submission (finance included). */
  payloadHash: string;
  /** The booking as it stands now, except finance, so every step can be rebuilt from it. */
  request: Omit<BookingRequest, 'finance'>;
  /** The checklist with stable ids, in the order of `request.crewTasks`. */
  tasks?: BookingTask[];
  status?: BookingStatus;
  cancellation?: Cancellation;
  eventId: string;
  slug: string;
  steps: Steps;
  /** Per step, what its system holds; absent until the step first succeeds. */
  converged?: Partial<Record<StepName, StepMemory>>;
  /** The change that made this version, kept with it in the same write (history is built from it). */
  lastChange?: HistoryEntry;
  /** Set for a booking a feed created without everything SCC needs; empty once complete. */
  needsDetails?: NeededDetail[];
  origin?: BookingOrigin;
  /** Not part of the booking's content: setting or clearing it makes no new version. */
  feedAlert?: FeedAlert;
  /** Each assigned crew member's confirm or decline, by crewId; like `feedAlert`, no new version. */
  crewResponses?: Record<string, CrewResponse>;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Finance as stored: the amounts, the version they belong to, and a cancellation's refund or fee. */
export interface FinanceRecord extends Finance {
  version?: number;
  cancelled?: { refund?: number; cancellationFee?: number };
}

/** A stored finance record's amounts alone, as a submission states them. */
export const amountsOf = ({ revenue, captainFee, platformFee, currency }: Finance): Finance => ({ revenue, captainFee, platformFee, currency });
