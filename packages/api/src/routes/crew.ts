import {
  type CrewService,
  crewCreateSchema,
  crewPatchSchema,
  idSchema,
  pageQuerySchema,
} from '@scc/core';
import { Hono } from 'hono';
import * as z from 'zod';
import { etagOf, parseIfMatch } from '../middleware/if-match';
import { IF_MATCH, refused } from '../openapi/components';
import { ok, routeDoc } from '../openapi/describe';
import { crewRequestExample } from '../openapi/examples';
import { validate } from '../validation';

const doc = routeDoc('Crew');

const crewIdParam = z.object({ crewId: idSchema });

export function crewRoutes(crew: CrewService) {
  return new Hono()
    .post(
      '/',
      doc({
        summary: 'Add a crew member',
        description: '`crewId` is optional (URL-safe; generated when absent).',
        responses: { 201: ok('The member, `active`, at version 1.', { etag: true, location: true }), 409: refused(409, '`already_exists`: the `crewId` is taken.') },
      }),
      validate('json', crewCreateSchema, { examples: [crewRequestExample] }),
      async (c) => {
        const member = await crew.create(c.req.valid('json'));
        c.header('Location', `/crew/${member.crewId}`);
        c.header('ETag', etagOf(member.version));
        return c.json(member, 201);
      },
    )
    .get('/', doc({ summary: 'The roster, by name, paged', responses: { 200: ok('`{items, nextCursor}`.') } }), validate('query', pageQuerySchema), async (c) =>
      c.json(await crew.list(c.req.valid('query'))),
    )
    .get('/:crewId', doc({ summary: 'One crew member', responses: { 200: ok('The member.', { etag: true }), 404: refused(404) } }), validate('param', crewIdParam), async (c) => {
      const member = await crew.get(c.req.valid('param').crewId);
      c.header('ETag', etagOf(member.version));
      return c.json(member);
    })
    .patch(
      '/:crewId',
      doc({
        summary: 'Change a crew member',
        description: 'Any of `name`, `email`, `phone` (`null` removes it), `active`.',
        parameters: [IF_MATCH],
        responses: { 200: ok('The member, at its new version.', { etag: true }), 404: refused(404), 412: refused(412) },
      }),
      validate('param', crewIdParam),
      validate('json', crewPatchSchema),
      async (c) => {
        const expected = parseIfMatch(c.req.header('if-match'));
        const member = await crew.update(
          c.req.valid('param').crewId,
          c.req.valid('json'),
          expected,
        );
        c.header('ETag', etagOf(member.version));
        return c.json(member);
      },
    )
    .delete('/:crewId', doc({ summary: 'Deactivate a crew member', description: 'They can no longer be assigned and their crew links stop working; past trips keep their name.', responses: { 200: ok('The member, `active: false`.', { etag: true }), 404: refused(404) } }), validate('param', crewIdParam), async (c) => {
      const member = await crew.deactivate(c.req.valid('param').crewId);
      c.header('ETag', etagOf(member.version));
      return c.json(member);
    });
}
