import * as z from 'zod';
import { endsAfterStart, eventFields } from '../schemas/event';

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

/** What a marketplace booking carries. Guest contact details and finance are admin-only. */
export const bookingCreateSchema = z
  .strictObject({
    source: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'Use a short lowercase source name such as "boatsetter"'),
    externalId: z
      .string()
      .trim()
      .min(1, 'externalId is required')
      .max(128)
      .regex(/^[\x21-\x7e]+$/, 'Use printable characters without spaces'),
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
    crewTasks: z.array(z.string().trim().min(1).max(200)).max(100).default([]),
    finance: financeSchema,
  })
  .refine((b) => endsAfterStart(b.start, b.end), { error: 'end must be after start', path: ['end'] })
  .refine((b) => new Set(b.crew.map((a) => a.crewId)).size === b.crew.length, {
    error: 'Each crew member can be assigned only once',
    path: ['crew'],
  });
export type BookingInput = z.input<typeof bookingCreateSchema>;
export type BookingRequest = z.output<typeof bookingCreateSchema>;

export const STEP_NAMES = ['event', 'calendar', 'guestPage', 'crewEmails'] as const;
export type StepName = (typeof STEP_NAMES)[number];

export type StepState =
  | { status: 'pending' }
  | { status: 'running'; startedAt: string; leaseUntil: string }
  | { status: 'succeeded'; at: string; sent?: number }
  | { status: 'failed'; at: string; reason: string; retryable: boolean; attempts: number; sent?: number }
  | { status: 'skipped'; at: string; reason: string };

export type Steps = Record<StepName, StepState>;

/** The admin-only record of a booking; finance sits on its own item. */
export interface BookingRecord {
  bookingId: string;
  source: string;
  externalId: string;
  payloadHash: string;
  /** Everything that was submitted except finance, so a retry can rebuild every step. */
  request: Omit<BookingRequest, 'finance'>;
  eventId: string;
  slug: string;
  pageVersion: number;
  steps: Steps;
  version: number;
  createdAt: string;
  updatedAt: string;
}
