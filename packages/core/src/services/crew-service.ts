import { NotFoundError, VersionConflictError } from '../errors';
import { newId } from '../ids';
import { type Clock, type CrewRepository, systemClock } from '../ports';
import type { CrewCreateInput, CrewMember, CrewPatchInput } from '../schemas/crew';
import type { Page, PageRequest } from '../schemas/paging';
import { withVersionRetry } from './version-retry';

export class CrewService {
  constructor(
    private readonly repo: CrewRepository,
    private readonly clock: Clock = systemClock,
  ) {}

  async create(input: CrewCreateInput): Promise<CrewMember> {
    const now = this.clock().toISOString();
    const member: CrewMember = {
      crewId: input.crewId ?? newId('crew'),
      name: input.name,
      email: input.email,
      ...(input.phone ? { phone: input.phone } : {}),
      active: true,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await this.repo.create(member);
    return member;
  }

  async get(crewId: string): Promise<CrewMember> {
    const member = await this.repo.get(crewId);
    if (!member) throw new NotFoundError(`No crew member ${crewId}`, { details: { crewId } });
    return member;
  }

  /** The members that exist among `crewIds`, in no particular order. */
  getMany(crewIds: readonly string[]): Promise<CrewMember[]> {
    return this.repo.getMany(crewIds);
  }

  list(page: PageRequest): Promise<Page<CrewMember>> {
    return this.repo.list(page);
  }

  /** With `expectedVersion` (from If-Match) a stale caller gets a conflict; without, it retries. */
  update(crewId: string, patch: CrewPatchInput, expectedVersion?: number): Promise<CrewMember> {
    return withVersionRetry(expectedVersion, async () => {
      const current = await this.get(crewId);
      assertVersion(current.version, expectedVersion, crewId);
      const { phone, ...rest } = patch;
      const next: CrewMember = {
        ...current,
        ...rest,
        version: current.version + 1,
        updatedAt: this.clock().toISOString(),
      };
      if (phone === null) delete next.phone;
      else if (phone !== undefined) next.phone = phone;
      await this.repo.replace(next, current.version);
      return next;
    });
  }

  /** Crew are never deleted: past events keep showing who was on board. */
  async deactivate(crewId: string): Promise<CrewMember> {
    const current = await this.get(crewId);
    if (!current.active) return current;
    return this.update(crewId, { active: false });
  }
}

export function assertVersion(actual: number, expected: number | undefined, id: string): void {
  if (expected !== undefined && actual !== expected) {
    throw new VersionConflictError(`${id} is at version ${actual}, not ${expected}`, {
      details: { currentVersion: actual, expectedVersion: expected },
    });
  }
}
