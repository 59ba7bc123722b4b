import * as z from 'zod';
import { idSchema } from '../ids';
import { offsetDateTimeSchema, timeZoneSchema } from '../time';

export const crewAssignmentSchema = z.strictObject({
  crewId: idSchema,
  /** Free text so operators can use their own titles; captain, mate, deckhand are typical. */
  role: z.string().trim().min(1).max(40),
});
export type CrewAssignment = z.infer<typeof crewAssignmentSchema>;

const taskLabelSchema = z.string().trim().min(1, 'A task needs a label').max(200);

export interface CrewTask {
  taskId: string;
  label: string;
  done: boolean;
  doneBy?: string;
  doneAt?: string;
}

/** Fields a crew event shares with the booking it may come from. */
export const eventFields = {
  title: z.string().trim().min(1, 'Title is required').max(200),
  start: offsetDateTimeSchema,
  end: offsetDateTimeSchema,
  timezone: timeZoneSchema,
  boat: z.string().trim().min(1).max(100),
  meetingPoint: z.string().trim().min(1).max(300),
  guestCount: z.int().min(1).max(1000),
  crew: z.array(crewAssignmentSchema).max(30),
  notes: z.string().max(5000),
  whatToBring: z.string().trim().max(1000),
};

function hasUniqueCrew(crew: CrewAssignment[] | undefined): boolean {
  if (!crew) return true;
  return new Set(crew.map((assignment) => assignment.crewId)).size === crew.length;
}

/** Who is on the trip after a change and was not before: someone already on it keeps their place. */
export function newlyAssigned(before: readonly CrewAssignment[], after: readonly CrewAssignment[]): CrewAssignment[] {
  const existing = new Set(before.map((a) => a.crewId));
  return after.filter((a) => !existing.has(a.crewId));
}

export function endsAfterStart(start: string, end: string): boolean {
  return Date.parse(end) > Date.parse(start);
}

export const eventCreateSchema = z
  .strictObject({
    eventId: idSchema.optional(),
    ...eventFields,
    crew: eventFields.crew.default([]),
    notes: eventFields.notes.default(''),
    whatToBring: eventFields.whatToBring.optional(),
    crewTasks: z.array(taskLabelSchema).max(100).default([]),
  })
  .refine((event) => endsAfterStart(event.start, event.end), {
    error: 'end must be after start',
    path: ['end'],
  })
  .refine((event) => hasUniqueCrew(event.crew), {
    error: 'Each crew member can be assigned only once',
    path: ['crew'],
  });
export type EventCreateInput = z.input<typeof eventCreateSchema>;
export type EventCreateData = z.output<typeof eventCreateSchema>;

/** In a patch, a task is either a new label or an existing task (by id) with a new label. */
const taskPatchSchema = z.union([
  taskLabelSchema,
  z.strictObject({ taskId: idSchema, label: taskLabelSchema }),
]);

export const eventPatchSchema = z
  .strictObject({
    title: eventFields.title.optional(),
    start: eventFields.start.optional(),
    end: eventFields.end.optional(),
    timezone: eventFields.timezone.optional(),
    boat: eventFields.boat.optional(),
    meetingPoint: eventFields.meetingPoint.optional(),
    guestCount: eventFields.guestCount.optional(),
    crew: eventFields.crew.optional(),
    notes: eventFields.notes.optional(),
    whatToBring: eventFields.whatToBring.optional(),
    crewTasks: z.array(taskPatchSchema).max(100).optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { error: 'Send at least one field to change' })
  .refine((patch) => hasUniqueCrew(patch.crew), {
    error: 'Each crew member can be assigned only once',
    path: ['crew'],
  });
export type EventPatchInput = z.infer<typeof eventPatchSchema>;

export interface CrewEvent {
  eventId: string;
  title: string;
  start: string;
  end: string;
  timezone: string;
  boat: string;
  meetingPoint: string;
  guestCount: number;
  crew: CrewAssignment[];
  notes: string;
  crewTasks: CrewTask[];
  /** Set when the event came from a booking. */
  bookingId?: string;
  /** The guest page of the booking, `/g/{slug}`. */
  slug?: string;
  /** The guest party's name, as crew greet them on the dock; never their contact details. */
  partyName?: string;
  /** For the guest page: sunscreen, a jacket, soft-soled shoes… */
  whatToBring?: string;
  /** The booking was cancelled: pages say so, uploads close, nothing is due. */
  cancelled?: boolean;
  /**
   * Per crew member, the generation their link must carry (1 when absent). Taking someone
   * off the trip or issuing them a new link moves it on, so an older link stops working.
   */
  linkGenerations?: Record<string, number>;
  version: number;
  createdAt: string;
  updatedAt: string;
}
