import { BoatConflictError, CrewConflictError, UnknownCrewError, VersionConflictError } from '../errors';
import type { CrewAssignment } from '../schemas/event';
import type { Conflict } from './conflicts';
import type { BookingRecord } from './schema';
import type { Roster } from './steps/step';

/** Fields whose change can create a double booking. */
export function touchesSchedule(changes: readonly { field: string }[]): boolean {
  return changes.some((c) => ['start', 'end', 'boat', 'crew'].includes(c.field));
}

export function assertVersion(current: BookingRecord, expected: number | undefined): void {
  if (expected !== undefined && current.version !== expected) {
    throw new VersionConflictError(`Booking ${current.bookingId} is at version ${current.version}, not ${expected}`, {
      details: { currentVersion: current.version, expectedVersion: expected },
    });
  }
}

/** Only active roster members can be put on a trip. */
export function assertCrewAssignable(crew: readonly CrewAssignment[], roster: Roster): void {
  const ids = crew.map((a) => a.crewId);
  const unknown = ids.filter((id) => !roster.has(id));
  const inactive = ids.filter((id) => roster.get(id)?.active === false);
  if (unknown.length > 0 || inactive.length > 0) {
    throw new UnknownCrewError('Every assigned crew member must be on the active roster', {
      details: { unknown, inactive },
    });
  }
}

export function assertNoConflicts(conflicts: readonly Conflict[], allowed: boolean | undefined): void {
  if (conflicts.length === 0 || allowed) return;
  const boat = conflicts.find((c) => c.kind === 'boat');
  const block = conflicts.find((c) => c.kind === 'block');
  const describe = (c: Conflict) => `"${c.title}" (${c.start} – ${c.end})`;
  if (block && !boat) {
    throw new BoatConflictError(`${block.boat} is blocked on a marketplace for ${describe(block)}; send "allowConflicts": true to book it anyway`, {
      details: { conflicts },
    });
  }
  if (boat) {
    throw new BoatConflictError(`${boat.boat} is already booked for ${describe(boat)}; send "allowConflicts": true to book it anyway`, {
      details: { conflicts },
    });
  }
  const [first] = conflicts as [Conflict];
  throw new CrewConflictError(`${first.crewId} is already on ${describe(first)}; send "allowConflicts": true to book anyway`, {
    details: { conflicts },
  });
}


/**
 * Of the conflicts a changed booking has, those the change brings in: a boat clash only when
 * the time or the boat moved, a person's clash only when the time moved or they were just
 * put on the trip. Taking someone off a trip never asks for an override.
 */
export function introducedConflicts(
  conflicts: readonly Conflict[],
  changes: readonly { field: string }[],
  newlyAssigned: ReadonlySet<string>,
): Conflict[] {
  const moved = changes.some((c) => c.field === 'start' || c.field === 'end');
  const boatChanged = changes.some((c) => c.field === 'boat');
  return conflicts.filter((c) => (c.kind === 'crew' ? moved || newlyAssigned.has(c.crewId ?? '') : moved || boatChanged));
}
