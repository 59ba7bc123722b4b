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
import { IF_MATCH, refused } from '../openapi/components';
import { ok, routeDoc } from '../openapi/describe';
import { validate } from '../validation';

const doc = routeDoc('Events');

const eventIdParam = z.object({ eventId: idSchema });

const linksBody = z.strictObject({
  /** One crew member; all of the trip's crew when absent. */
  crewId: idSchema.optional(),
  /** Email the new link as well. */
  send: z.boolean().default(false),
});

export function eventRoutes(events: EventService, bookings: BookingService) {
  return new Hono()
    .post('/', doc({ summary: 'Create a crew event', description: 'A trip without money or guest contact: title, start and end (ISO 8601 with offset), IANA `timezone`, boat, meeting point, guest count, crew, notes, crew task labels.', responses: { 201: ok('The event, at version 1, its tasks with ids.', { etag: true, location: true }), 409: refused(409, '`already_exists`: the `eventId` is taken.'), 422: refused(422, '`unknown_crew`: an assigned `crewId` is not on the active roster.') } }), validate('json', eventCreateSchema), async (c) => {
      const event = await events.create(c.req.valid('json'));
      c.header('Location', `/events/${event.eventId}`);
      c.header('ETag', etagOf(event.version));
      return c.json(event, 201);
    })
    .get('/', doc({ summary: 'Events by start time, earliest first', description: '`from`/`to` are dates (`to` includes that day, UTC) or date-times with an offset (`to` exclusive).', responses: { 200: ok('`{items, nextCursor}`.') } }), validate('query', eventRangeQuerySchema), async (c) =>
      c.json(await events.list(c.req.valid('query'))),
    )
    .get('/:eventId', doc({ summary: 'One event', responses: { 200: ok('The event.', { etag: true }), 404: refused(404) } }), validate('param', eventIdParam), async (c) => {
      const event = await events.get(c.req.valid('param').eventId);
      c.header('ETag', etagOf(event.version));
      return c.json(event);
    })
    .patch(
      '/:eventId',
      doc({
        summary: 'Change an event',
        description: 'Any field; tasks given as `{"taskId","label"}` keep their done state, plain labels become new tasks.',
        parameters: [IF_MATCH],
        responses: { 200: ok('The event, at its new version.', { etag: true }), 404: refused(404), 409: refused(409, '`managed_by_booking`: the event belongs to a booking; change the booking.'), 412: refused(412), 422: refused(422, '`unknown_crew`: an assigned `crewId` is not on the active roster.') },
      }),
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
    .get('/:eventId/links', doc({ summary: 'Each crew member’s working link', description: 'To copy; nothing is revoked.', responses: { 200: ok('`{links: [...]}`, one per crew member, named.'), 404: refused(404) } }), validate('param', eventIdParam), async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json({ links: await bookings.crewLinks.current(c.req.valid('param').eventId) });
    })
    // New links: each replaces (and revokes) the person's link before it.
    .post('/:eventId/links', doc({ summary: 'New crew links', description: 'For one crew member (`crewId`) or all of the trip’s crew; each revokes the person’s previous link. `send: true` emails them.', responses: { 200: ok('`{links: [...]}`.'), 404: refused(404) } }), validate('param', eventIdParam), validate('json', linksBody), async (c) => {
      const { crewId, send } = c.req.valid('json');
      const eventId = c.req.valid('param').eventId;
      const links = await bookings.crewLinks.reissue(eventId, { ...(crewId ? { crewId } : {}), send });
      c.header('Cache-Control', 'no-store');
      return c.json({ links });
    });
}
