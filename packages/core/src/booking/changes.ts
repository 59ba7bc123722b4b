import { TripEndedError, ValidationError } from '../errors';
import { newId } from '../ids';
import { endsAfterStart } from '../schemas/event';
import { canonicalJson } from './canonical';
import { tasksOf } from './drafts';
import { amountsOf, type BookingPatch, type BookingRecord, type BookingRequest, type BookingTask, type Finance, type FieldChange } from './schema';

/** What may still change once a trip has ended: the office's own records. */
const AFTER_THE_TRIP = new Set(['notes', 'finance', 'crewTasks']);

type Content = BookingRecord['request'];

export interface AppliedPatch {
  request: Content;
  tasks: BookingTask[];
  /** Set when the patch changes the money. */
  finance?: Finance;
  changes: FieldChange[];
}

/**
 * The booking after `patch`, and what changed (old and new values, money included: the history
 * is admin-only). Pure: no clock but `now`, no storage.
 */
export function applyPatch(current: BookingRecord, finance: Finance | undefined, patch: BookingPatch, now: Date): AppliedPatch {
  const { crewTasks, finance: newFinance, allowConflicts: _, whatToBring, ...fields } = patch;
  const before = current.request;
  const request: Content = { ...before };
  for (const [field, value] of Object.entries(fields)) {
    if (value !== undefined) (request as Record<string, unknown>)[field] = value;
  }
  if (whatToBring !== undefined) {
    if (whatToBring === null || whatToBring === '') delete request.whatToBring;
    else request.whatToBring = whatToBring;
  }
  const oldTasks = tasksOf(current);
  const tasks = crewTasks ? mergeTasks(oldTasks, crewTasks) : oldTasks;
  request.crewTasks = tasks.map((task) => task.label);

  const changes: FieldChange[] = [];
  for (const field of ['title', 'start', 'end', 'timezone', 'boat', 'meetingPoint', 'whatToBring', 'guest', 'notifyGuest', 'notes', 'crew'] as const) {
    if (canonicalJson(before[field] ?? null) !== canonicalJson(request[field] ?? null)) {
      changes.push({ field, before: before[field] ?? null, after: request[field] ?? null });
    }
  }
  if (canonicalJson(oldTasks) !== canonicalJson(tasks)) changes.push({ field: 'crewTasks', before: oldTasks, after: tasks });
  // Only the amounts count: a stored record also carries its version and any cancellation.
  const amounts = finance && amountsOf(finance);
  const moneyChanged = newFinance !== undefined && canonicalJson(newFinance) !== canonicalJson(amounts ?? null);
  if (moneyChanged) changes.push({ field: 'finance', before: amounts ?? null, after: newFinance });

  if (!endsAfterStart(request.start, request.end)) {
    throw new ValidationError('end must be after start', {
      details: { issues: [{ path: 'end', message: 'end must be after start' }] },
    });
  }
  assertChangeableAfterTrip(current, changes, now);
  return { request, tasks, ...(moneyChanged ? { finance: newFinance } : {}), changes };
}

/** A trip that has ended keeps its time, place, boat, guests and crew as they were. */
export function assertChangeableAfterTrip(current: BookingRecord, changes: readonly FieldChange[], now: Date): void {
  if (Date.parse(current.request.end) > now.getTime()) return;
  const refused = changes.map((c) => c.field).filter((field) => !AFTER_THE_TRIP.has(field));
  if (refused.length > 0) {
    throw new TripEndedError(
      `This trip ended on ${current.request.end}; only its notes, finance and checklist can change (not ${refused.join(', ')})`,
      { details: { fields: refused, end: current.request.end } },
    );
  }
}

/** Tasks named by id keep their id (and so their tick); labels become new tasks. */
function mergeTasks(current: BookingTask[], patch: NonNullable<BookingPatch['crewTasks']>): BookingTask[] {
  const byId = new Map(current.map((task) => [task.taskId, task]));
  const unknown: string[] = [];
  const tasks = patch.map((entry) => {
    if (typeof entry === 'string') return { taskId: newId('task'), label: entry };
    if (!byId.has(entry.taskId)) unknown.push(entry.taskId);
    return { taskId: entry.taskId, label: entry.label };
  });
  if (unknown.length > 0) {
    throw new ValidationError('crewTasks names tasks this booking does not have', {
      details: { issues: [{ path: 'crewTasks', message: `Unknown task ids: ${unknown.join(', ')}` }] },
    });
  }
  return tasks;
}

/**
 * A whole submission (the upsert, a marketplace sync) as a patch of the stored booking. Tasks
 * come as labels there: a label that is still on the list keeps its task, and its tick.
 */
export function patchFromSubmission(current: BookingRecord, request: BookingRequest): BookingPatch {
  const unused = [...tasksOf(current)];
  const crewTasks = request.crewTasks.map((label) => {
    const i = unused.findIndex((task) => task.label === label);
    if (i < 0) return label;
    const [task] = unused.splice(i, 1) as [BookingTask];
    return { taskId: task.taskId, label };
  });
  const { source: _s, externalId: _e, whatToBring, ...fields } = request;
  return { ...fields, crewTasks, whatToBring: whatToBring ?? null };
}
