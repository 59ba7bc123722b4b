import type { BookingPatchInput, BookingSubmission } from '../core';
import type { TaskEntry } from './tasks-editor';

/** The form's booking after validation: the create schema's output, less the reference and options. */
export type EditedBooking = Omit<BookingSubmission, 'source' | 'externalId' | 'crewTasks' | 'allowPast' | 'allowConflicts'>;

/** A stored booking as GET /bookings/:id gives it (the parts the form edits). */
export interface StoredBooking {
  booking: Omit<EditedBooking, 'finance'> & { crewTasks: { taskId: string; label: string }[] };
  finance: EditedBooking['finance'] | null;
}

/** A PATCH body: the API's own schema's input type. */
export type BookingPatch = BookingPatchInput;

const sameInstant = (a: string, b: string) => Date.parse(a) === Date.parse(b);

/**
 * Only what the operator changed, so a save touches nothing else: a PATCH names fields, and
 * what it names is what the crew are told about. Times compare as instants (the same moment
 * written with another offset is no change); the checklist is sent whole when any row moved,
 * was renamed, added or removed, with the rows that stay named by id (their ticks stay).
 */
export function patchOf(stored: StoredBooking, edited: EditedBooking, tasks: TaskEntry[]): BookingPatch {
  const before = stored.booking;
  const patch: BookingPatch = {};
  for (const key of ['title', 'timezone', 'boat', 'meetingPoint', 'notes'] as const) {
    if (edited[key] !== before[key]) patch[key] = edited[key];
  }
  if (!sameInstant(edited.start, before.start)) patch.start = edited.start;
  if (!sameInstant(edited.end, before.end)) patch.end = edited.end;
  if ((edited.whatToBring ?? '') !== (before.whatToBring ?? '')) patch.whatToBring = edited.whatToBring ?? null;
  const guestKey = (g: StoredBooking['booking']['guest']) => JSON.stringify([g.name, g.count, g.email ?? '', g.phone ?? '']);
  if (guestKey(edited.guest) !== guestKey(before.guest)) {
    const { name, count, email, phone } = edited.guest;
    patch.guest = { name, count, ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
  }
  if ((edited.notifyGuest ?? true) !== (before.notifyGuest ?? true)) patch.notifyGuest = edited.notifyGuest ?? true;
  const crewKey = (crew: { crewId: string; role: string }[]) => JSON.stringify(crew.map((a) => [a.crewId, a.role]));
  if (crewKey(edited.crew) !== crewKey(before.crew)) patch.crew = edited.crew.map(({ crewId, role }) => ({ crewId, role }));
  const taskKey = (list: TaskEntry[]) => JSON.stringify(list.map((t) => (typeof t === 'string' ? [null, t] : [t.taskId, t.label])));
  if (taskKey(tasks) !== taskKey(before.crewTasks.map(({ taskId, label }) => ({ taskId, label })))) patch.crewTasks = tasks;
  const moneyKey = (f: EditedBooking['finance'] | null) => (f ? JSON.stringify([f.revenue, f.captainFee, f.platformFee, f.currency]) : '');
  if (moneyKey(edited.finance) !== moneyKey(stored.finance)) patch.finance = { ...edited.finance };
  return patch;
}
