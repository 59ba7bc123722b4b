import type { ApiClient } from '../api-client';
import { data } from './session';

export interface RosterMember {
  crewId: string;
  name: string;
  email: string;
  phone?: string;
  active: boolean;
}

/** The whole roster (every page), by name. Small crews: a few pages at most. */
export async function loadRoster(api: ApiClient): Promise<RosterMember[]> {
  const members: RosterMember[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const result = await data(api.crew.$get({ query: { limit: '100', ...(cursor ? { cursor } : {}) } }));
    members.push(...result.items);
    cursor = result.nextCursor ?? undefined;
    if (!cursor) break;
  }
  return members;
}
