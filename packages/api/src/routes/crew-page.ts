import { idSchema, NotFoundError, toCrewPageView } from '@scc/core';
import { PAGE_CSP, renderCrewPage, renderLinkProblemPage } from '@scc/pages';
import { Hono } from 'hono';
import { z } from 'zod';
import { MagicLinkRejectedError } from '../magic-links';
import type { Services } from '../services';

const STATUS = { expired: 401, invalid: 401, wrong_event: 403, removed: 403 } as const;

/**
 * The crew page behind a magic link. Whatever goes wrong, the crew member sees a page that
 * says what to do, never an error dump; and the page never sends its URL (with the token)
 * anywhere as a referrer.
 */
export function crewPageRoutes({ magicLinks, events, crew, links }: Services) {
  return new Hono().get('/:eventId', async (c) => {
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cache-Control', 'no-store');
    c.header('Content-Security-Policy', PAGE_CSP);
    const problem = (reason: keyof typeof STATUS) => c.html(renderLinkProblemPage(reason), STATUS[reason]);

    const eventId = idSchema.safeParse(c.req.param('eventId'));
    const token = z.string().min(1).max(4096).safeParse(c.req.query('t'));
    if (!eventId.success || !token.success) return problem('invalid');
    let crewId: string;
    try {
      ({ crewId } = await magicLinks.verify(token.data, eventId.data));
    } catch (error) {
      if (error instanceof MagicLinkRejectedError) return problem(error.reason);
      throw error;
    }
    const event = await events.get(eventId.data).catch((error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    });
    // Taken off the trip: the link stops working at once, whatever its expiry says.
    if (!event?.crew.some((a) => a.crewId === crewId)) return problem('removed');
    const roster = await crew.getMany(event.crew.map((a) => a.crewId));
    const viewer = roster.find((m) => m.crewId === crewId);
    if (!viewer) return problem('removed');
    const guestPageUrl = event.slug ? links.guestPageUrl(event.slug) : undefined;
    return c.html(renderCrewPage(toCrewPageView(event, viewer, roster, guestPageUrl)));
  });
}
