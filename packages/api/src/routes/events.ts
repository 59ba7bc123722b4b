import {
  type BookingService,
  type EventService,
  eventCreateSchema,
  eventPatchSchema,
  eventRangeQuerySchema,
  idSchema,
} from '@scc/core';
import { Hono } from 'hono';
import * as z from 'zod';
import { etagOf, parseIfMatch } from '../middleware/if-match';
import { validate } from '../validation';

const eventIdParam = z.object({ eventId: idSchema });

const linksBody = z.strictObject({
  /** One crew member; all of the trip's crew when absent. */
  crewId: idSchema.optional(),
  /** Email the new link as well. */
  send: z.boolean().default(false),
});

export function eventRoutes(events: EventService, bookings: BookingService) {
  return new Hono()
    .post('/', validate('json', eventCreateSchema), async (c) => {
      const event = await events.create(c.req.valid('json'));
      c.header('Location', `/events/${event.eventId}`);
      c.header('ETag', etagOf(event.version));
      return c.json(event, 201);
    })
    .get('/', validate('query', eventRangeQuerySchema), async (c) =>
      c.json(await events.list(c.req.valid('query'))),
    )
    .get('/:eventId', validate('param', eventIdParam), async (c) => {
      const event = await events.get(c.req.valid('param').eventId);
      c.header('ETag', etagOf(event.version));
      return c.json(event);
    })
    .patch(
      '/:eventId',
      validate('param', eventIdParam),
      validate('json', eventPatchSchema),
      async (c) => {
        const expected = parseIfMatch(c.req.header('if-match'));
        const event = await events.update(
          c.req.valid('param').eventId,
          c.req.valid('json'),
          expected,
        );
        c.header('ETag', etagOf(event.version));
        return c.json(event);
      },
    )
    // Today's working links, to copy; nothing is revoked.
    .get('/:eventId/links', validate('param', eventIdParam), async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json({ links: await bookings.crewLinks.current(c.req.valid('param').eventId) });
    })
    // New links: each replaces (and revokes) the person's link before it.
    .post('/:eventId/links', validate('param', eventIdParam), validate('json', linksBody), async (c) => {
      const { crewId, send } = c.req.valid('json');
      const eventId = c.req.valid('param').eventId;
      const links = await bookings.crewLinks.reissue(eventId, { ...(crewId ? { crewId } : {}), send });
      c.header('Cache-Control', 'no-store');
      return c.json({ links });
    });
}
