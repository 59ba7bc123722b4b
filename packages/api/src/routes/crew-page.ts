import { type CrewEvent, crewLinkExpiry, NotFoundError, renderTripIcs, toCrewPageView } from '@scc/core';
import { CREW_PAGE_CSP, html, page, PAGE_CSP, renderCrewPage, renderLinkProblemPage } from '@scc/pages';
import { type Context, Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import * as z from 'zod';
import { webcalUrl } from '../feed-keys';
import { admitCrew, CREW_COOKIE, crewAccess, crewToken, type RefusalReason, refusal } from '../middleware/crew-access';
import type { Services } from '../services';
import { validate } from '../validation';

const PROBLEM_STATUS = { expired: 401, invalid: 401, wrong_event: 403, removed: 403 } as const;
const taskParam = z.object({ eventId: z.string(), taskId: z.string().min(1).max(64) });
/** A crew member's answer; the note goes to the operator, so it is kept short. */
const answerBody = z.strictObject({
  status: z.enum(['confirmed', 'declined']),
  note: z.string().trim().max(500, 'Keep the note under 500 characters').optional(),
});

/**
 * The crew page behind a magic link. The link's token is traded for an HttpOnly cookie scoped
 * to this trip's path and the page reloads without it, so the address bar, a screenshot or a
 * shared URL never carries it; the page sends no referrer either. Whatever goes wrong, crew
 * see a page that says what to do, never an error dump.
 */
export function crewPageRoutes(services: Services) {
  const { crew, events, links, bookings, crewResponses } = services;

  /** The booking behind the trip, for the answers; a trip made through /events has none. */
  async function bookingOf(event: CrewEvent) {
    if (!event.bookingId) return undefined;
    return bookings.get(event.bookingId).catch((error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    });
  }

  async function view(event: CrewEvent, crewId: string, withAnswers = false) {
    const [roster, booking] = await Promise.all([crew.getMany(event.crew.map((a) => a.crewId)), withAnswers ? bookingOf(event) : undefined]);
    const viewer = roster.find((m) => m.crewId === crewId);
    const guestPageUrl = event.slug ? links.guestPageUrl(event.slug) : undefined;
    return viewer && toCrewPageView(event, viewer, roster, guestPageUrl, booking && { booking, now: new Date() });
  }

  const problem = (c: Context, reason: RefusalReason) => {
    c.header('Content-Security-Policy', PAGE_CSP);
    return c.html(renderLinkProblemPage(reason), PROBLEM_STATUS[reason]);
  };

  return new Hono()
    .use('*', async (c, next) => {
      c.header('Referrer-Policy', 'no-referrer');
      c.header('X-Content-Type-Options', 'nosniff');
      await next();
    })
    .get('/:eventId', async (c) => {
      c.header('Cache-Control', 'no-store');
      const eventId = c.req.param('eventId');
      const fromLink = c.req.query('t');
      const admitted = await admitCrew(services, eventId, fromLink ?? crewToken(c));
      if (!admitted.ok) return problem(c, admitted.reason);
      if (fromLink) {
        const expires = expiryOf(fromLink);
        setCookie(c, CREW_COOKIE, fromLink, {
          path: `/c/${eventId}`,
          httpOnly: true,
          secure: new URL(c.req.url).protocol === 'https:',
          sameSite: 'Strict',
          ...(expires ? { expires } : {}),
        });
        // A page of our own moves on to the clean URL: a navigation started here is
        // same-site, so the Strict cookie goes with it (a redirect from the email's click
        // would not carry it).
        c.header('Content-Security-Policy', PAGE_CSP);
        return c.html(
          page('Opening your crew page…', html`<p>Opening your crew page… <a href="/c/${eventId}">Continue</a></p>`, {
            refreshTo: `/c/${eventId}`,
          }),
        );
      }
      const crewView = await view(admitted.event, admitted.crewId, true);
      if (!crewView) return problem(c, 'removed');
      // Their own trips feed, for their current feed key (a rotation changes it here too).
      const feedUrl = await services.feeds.crewFeedUrl(admitted.crewId);
      c.header('Content-Security-Policy', CREW_PAGE_CSP);
      return c.html(
        renderCrewPage(crewView, {
          calendarFeed: { subscribeUrl: webcalUrl(feedUrl), copyUrl: feedUrl },
          // The cookie goes with it (same path): the page never shows the token.
          tripIcsUrl: `/c/${eventId}/trip.ics`,
          now: new Date(),
        }),
      );
    })
    // One trip for the person's calendar. The token may be in the query too (`?t=`), so a
    // calendar app handed the address opens it; it only reads.
    .get('/:eventId/trip.ics', async (c) => {
      c.header('Cache-Control', 'no-store');
      const eventId = c.req.param('eventId');
      const admitted = await admitCrew(services, eventId, c.req.query('t') ?? crewToken(c));
      if (!admitted.ok) throw refusal(admitted.reason);
      const { event, crewId } = admitted;
      const generation = event.linkGenerations?.[crewId] ?? 1;
      const pageUrl = await links.crewPageUrl(event.eventId, crewId, crewLinkExpiry(event.end), generation);
      c.header('Content-Type', 'text/calendar; charset=utf-8');
      // Inline: a phone hands text/calendar to its calendar app (an attachment would only be saved).
      c.header('Content-Disposition', 'inline; filename="trip.ics"');
      return c.body(renderTripIcs(event, crewId, pageUrl));
    })
    .get('/:eventId/state', crewAccess(services), async (c) => {
      const crewView = await view(c.var.event, c.var.crewId);
      return c.json({ checklist: crewView?.checklist ?? [], version: c.var.event.version });
    })
    // Never a GET: mail scanners open links, and an answer must be the person's own tap.
    .post('/:eventId/response', crewAccess(services), validate('json', answerBody), async (c) => {
      const { response } = await crewResponses.respond(c.var.event, c.var.crewId, c.req.valid('json'));
      return c.json({ response: { status: response.status, at: response.at, ...(response.note ? { note: response.note } : {}) } });
    })
    .patch(
      '/:eventId/tasks/:taskId',
      crewAccess(services),
      validate('param', taskParam),
      validate('json', z.strictObject({ done: z.boolean() })),
      async (c) => {
        const { taskId } = c.req.valid('param');
        const updated = await events.setTaskDone(c.var.event.eventId, taskId, c.var.crewId, c.req.valid('json').done);
        const crewView = await view(updated, c.var.crewId);
        const checklist = crewView?.checklist ?? [];
        return c.json({ task: checklist.find((t) => t.taskId === taskId), checklist, version: updated.version });
      },
    );
}

/** The token's own expiry, so the cookie lapses with the link (read only after verification). */
function expiryOf(token: string): Date | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : undefined;
  } catch {
    return undefined;
  }
}
