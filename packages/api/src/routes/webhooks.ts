import { idSchema, type WebhookService, webhookCreateSchema } from '@scc/core';
import { Hono } from 'hono';
import * as z from 'zod';
import { etagOf } from '../middleware/if-match';
import { validate } from '../validation';

const webhookIdParam = z.object({ webhookId: idSchema });
const deliveryParam = z.object({ webhookId: idSchema, deliveryId: z.string().regex(/^msg_[a-z0-9]+\.[A-Za-z0-9_-]+$/, 'Not a delivery id') });
const enabledBody = z.strictObject({ enabled: z.boolean() });
const deliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** `/webhooks` (service key): endpoints, their secrets (shown once), tests and deliveries. */
export function webhookRoutes(webhooks: WebhookService) {
  return new Hono()
    .post('/', validate('json', webhookCreateSchema), async (c) => {
      const made = await webhooks.create(c.req.valid('json'));
      c.header('Location', `/webhooks/${made.webhookId}`);
      c.header('Cache-Control', 'no-store');
      return c.json(made, 201);
    })
    .get('/', async (c) => c.json({ items: await webhooks.list() }))
    .get('/:webhookId', validate('param', webhookIdParam), async (c) => {
      const webhook = await webhooks.get(c.req.valid('param').webhookId);
      c.header('ETag', etagOf(webhook.version));
      return c.json(webhook);
    })
    // On again after it was disabled (410, 3 days of failures), or off.
    .patch('/:webhookId', validate('param', webhookIdParam), validate('json', enabledBody), async (c) =>
      c.json(await webhooks.setEnabled(c.req.valid('param').webhookId, c.req.valid('json').enabled)),
    )
    .delete('/:webhookId', validate('param', webhookIdParam), async (c) => {
      await webhooks.delete(c.req.valid('param').webhookId);
      return c.body(null, 204);
    })
    .post('/:webhookId/rotate', validate('param', webhookIdParam), async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await webhooks.rotate(c.req.valid('param').webhookId));
    })
    .post('/:webhookId/test', validate('param', webhookIdParam), async (c) =>
      c.json(deliveryView(await webhooks.test(c.req.valid('param').webhookId)), 202),
    )
    .get('/:webhookId/deliveries', validate('param', webhookIdParam), validate('query', deliveriesQuery), async (c) => {
      const items = await webhooks.deliveries(c.req.valid('param').webhookId, c.req.valid('query').limit);
      return c.json({ items: items.map(deliveryView) });
    })
    .post('/:webhookId/deliveries/:deliveryId/resend', validate('param', deliveryParam), async (c) => {
      const { webhookId, deliveryId } = c.req.valid('param');
      return c.json(deliveryView(await webhooks.resend(webhookId, deliveryId)), 202);
    });
}

/** A delivery as listed: its status and attempts, and the event it carries. */
function deliveryView(delivery: Awaited<ReturnType<WebhookService['test']>>) {
  const { body, groupId: _, ...rest } = delivery;
  return { ...rest, payload: JSON.parse(body) as unknown };
}
