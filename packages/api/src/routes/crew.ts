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
import { validate } from '../validation';

const crewIdParam = z.object({ crewId: idSchema });

export function crewRoutes(crew: CrewService) {
  return new Hono()
    .post('/', validate('json', crewCreateSchema), async (c) => {
      const member = await crew.create(c.req.valid('json'));
      c.header('Location', `/crew/${member.crewId}`);
      c.header('ETag', etagOf(member.version));
      return c.json(member, 201);
    })
    .get('/', validate('query', pageQuerySchema), async (c) =>
      c.json(await crew.list(c.req.valid('query'))),
    )
    .get('/:crewId', validate('param', crewIdParam), async (c) => {
      const member = await crew.get(c.req.valid('param').crewId);
      c.header('ETag', etagOf(member.version));
      return c.json(member);
    })
    .patch(
      '/:crewId',
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
    .delete('/:crewId', validate('param', crewIdParam), async (c) => {
      const member = await crew.deactivate(c.req.valid('param').crewId);
      c.header('ETag', etagOf(member.version));
      return c.json(member);
    });
}
