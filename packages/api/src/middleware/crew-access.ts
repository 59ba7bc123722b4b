import { type CrewEvent, idSchema, NotFoundError } from '@scc/core';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { CrewAccessDeniedError, CrewLinkExpiredError, CrewLinkInvalidError } from '../http-errors';
import { type CrewGrant, MagicLinkRejectedError } from '../magic-links';
import type { Services } from '../services';

export const CREW_COOKIE = 'scc_crew';

export type CrewAccess = { Variables: { crewId: string; event: CrewEvent } };

export type RefusalReason = 'expired' | 'invalid' | 'wrong_event' | 'removed';

/** Why access was refused, as a typed error the JSON routes answer with. */
export function refusal(reason: RefusalReason): Error {
  switch (reason) {
    case 'expired':
      return new CrewLinkExpiredError('This crew link has expired; ask the operator for a new one');
    case 'invalid':
      return new CrewLinkInvalidError('Open the crew link from your email again, or ask the operator for a new one');
    case 'wrong_event':
      return new CrewAccessDeniedError('This crew link belongs to another trip');
    case 'removed':
      return new CrewAccessDeniedError('You are no longer on the crew for this trip');
  }
}

/** The token from `Authorization: Bearer …` (scripts, integrations) or the crew cookie. */
export function crewToken(c: Context): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  return bearer ?? getCookie(c, CREW_COOKIE);
}

/**
 * Checks a crew token against one event: signature, expiry, that it was issued for this
 * event, and that its holder is still on the crew (so removal revokes at once).
 */
export async function admitCrew(
  { magicLinks, events, crew }: Pick<Services, 'magicLinks' | 'events' | 'crew'>,
  eventId: string,
  token: string | undefined,
): Promise<{ ok: true; crewId: string; event: CrewEvent } | { ok: false; reason: RefusalReason }> {
  if (!token || !idSchema.safeParse(eventId).success) return { ok: false, reason: 'invalid' };
  let grant: CrewGrant;
  try {
    grant = await magicLinks.verify(token, eventId);
  } catch (error) {
    if (error instanceof MagicLinkRejectedError) return { ok: false, reason: error.reason };
    throw error;
  }
  const { crewId } = grant;
  const missing = (error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  };
  const [event, member] = await Promise.all([events.get(eventId).catch(missing), crew.get(crewId).catch(missing)]);
  if (!event?.crew.some((a) => a.crewId === crewId) || !member?.active) return { ok: false, reason: 'removed' };
  // A newer link was issued (or they were taken off and put back): this one is revoked.
  if ((event.linkGenerations?.[crewId] ?? 1) !== grant.generation) return { ok: false, reason: 'invalid' };
  return { ok: true, crewId, event };
}

/** For the crew page's JSON routes: refuses with a JSON error, or admits with the event. */
export function crewAccess(services: Pick<Services, 'magicLinks' | 'events' | 'crew'>) {
  return createMiddleware<CrewAccess>(async (c, next) => {
    c.header('Cache-Control', 'no-store');
    const admitted = await admitCrew(services, c.req.param('eventId') ?? '', crewToken(c));
    if (!admitted.ok) throw refusal(admitted.reason);
    c.set('crewId', admitted.crewId);
    c.set('event', admitted.event);
    await next();
  });
}
