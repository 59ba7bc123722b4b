import { AlreadyExistsError, DependencyUnavailableError, VersionConflictError } from '../../errors';
import type { EventRepository } from '../../ports';
import type { CrewEvent } from '../../schemas/event';
import { canonicalJson } from '../canonical';
import { crewEventOf } from '../drafts';
import { runStep, type Sleep, type StepPolicy } from '../step-runner';
import { type BookingStep, outcomeOf } from './step';

const ATTEMPTS = 5;

/**
 * The crew event mirrors the booking. Crew tick tasks on it at any time, so it is written
 * with the version it was read at and re-merged when a tick got in between.
 */
export function eventStep(deps: { events: EventRepository; policy: StepPolicy; sleep: Sleep; clock: () => Date }): BookingStep {
  return {
    name: 'event',
    async converge({ record }) {
      const result = await runStep(
        deps.policy,
        async () => {
          for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
            const existing = await deps.events.get(record.eventId);
            const next = crewEventOf({ ...record, updatedAt: deps.clock().toISOString() }, existing);
            try {
              if (!existing) await deps.events.create(next);
              else if (!sameContent(existing, next)) await deps.events.replace(next, existing.version);
              return;
            } catch (error) {
              // Another run or a tick got there first: read again and merge.
              if (!(error instanceof AlreadyExistsError) && !(error instanceof VersionConflictError)) throw error;
            }
          }
          throw new DependencyUnavailableError('The crew event kept changing while it was being updated');
        },
        deps.sleep,
      );
      return outcomeOf(result, deps.clock());
    },
  };
}

function sameContent(a: CrewEvent, b: CrewEvent): boolean {
  const strip = ({ version: _v, updatedAt: _u, ...rest }: CrewEvent) => rest;
  return canonicalJson(strip(a)) === canonicalJson(strip(b));
}
