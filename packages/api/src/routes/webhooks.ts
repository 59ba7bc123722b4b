import { idSchema, type WebhookService, webhookCreateSchema } from '@scc/core';
import { Hono } from 'hono';
import * as z from 'zod';
import { etagOf } from '../middleware/if-match';
import { refused } from '../openapi/components';
import { ok, routeDoc } from '../openapi/describe';
import { validate } from '../validation';

const doc = routeDoc('Webhooks');
const DELIVERY = 'The delivery: its status and attempts, and the event it carries (`payload`).';

const webhookIdParam = z.object({ webhookId: idSchema });
const deliveryParam = z.object({ webhookId: idSchema, deliveryId: z.string().regex(/^msg_[a-z0-9]+\.[A-Za-z0-9_-]+$/, 'Not a delivery id') });
const enabledBody = z.strictObject({ enabled: z.boolean() });
const deliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** `/webhooks` (service key): endpoints, their secrets (shown once), tests and deliveries. */
export function webhookRoutes(webhooks: WebhookService) {
  return new Hono()
    .post('/', doc({ summary: 'Subscribe an endpoint to events', description: 'SCC POSTs each event it subscribed to, signed per Standard Webhooks (see the webhook events below). Money only with `includeFinance: true`; `notifyEmail` is told if the endpoint is turned off.', responses: { 201: ok('The endpoint, with its `secret` (`whsec_…`): shown here and on rotation only.', { location: true }) } }), validate('json', webhookCreateSchema), async (c) => {
      const made = await webhooks.create(c.req.valid('json'));
      c.header('Location', `/webhooks/${made.webhookId}`);
      c.header('Cache-Control', 'no-store');
      return c.json(made, 201);
    })
    .get('/', doc({ summary: 'Every webhook endpoint', responses: { 200: ok('`{items: [...]}`, without secrets.') } }), async (c) => c.json({ items: await webhooks.list() }))
    .get('/:webhookId', doc({ summary: 'One webhook endpoint', responses: { 200: ok('The endpoint, without its secret.', { etag: true }), 404: refused(404) } }), validate('param', webhookIdParam), async (c) => {
      const webhook = await webhooks.get(c.req.valid('param').webhookId);
      c.header('ETag', etagOf(webhook.version));
      return c.json(webhook);
    })
    // On again after it was disabled (410, 3 days of failures), or off.
    .patch('/:webhookId', doc({ summary: 'Turn an endpoint on or off', description: '`{"enabled":true}` turns it back on after SCC turned it off (it answered 410, or failed for 3 days).', responses: { 200: ok('The endpoint.'), 404: refused(404) } }), validate('param', webhookIdParam), validate('json', enabledBody), async (c) =>
      c.json(await webhooks.setEnabled(c.req.valid('param').webhookId, c.req.valid('json').enabled)),
    )
    .delete('/:webhookId', doc({ summary: 'Delete a webhook endpoint', responses: { 204: { description: 'Deleted.' }, 404: refused(404) } }), validate('param', webhookIdParam), async (c) => {
      await webhooks.delete(c.req.valid('param').webhookId);
      return c.body(null, 204);
    })
    .post('/:webhookId/rotate', doc({ summary: 'A new signing secret', description: 'For 24 hours the old secret signs too, so the receiver can switch without missing a message.', responses: { 200: ok('The endpoint with its new `secret`, shown this once.'), 404: refused(404) } }), validate('param', webhookIdParam), async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await webhooks.rotate(c.req.valid('param').webhookId));
    })
    .post('/:webhookId/test', doc({ summary: 'Send a `webhook.test` event', description: 'To this endpoint, whatever it subscribed to.', responses: { 202: ok(DELIVERY), 404: refused(404) } }), validate('param', webhookIdParam), async (c) =>
      c.json(deliveryView(await webhooks.test(c.req.valid('param').webhookId)), 202),
    )
    .get('/:webhookId/deliveries', doc({ summary: 'The endpoint’s deliveries, newest first', responses: { 200: ok('`{items: [...]}`: each delivery’s status, attempts, last response code and time, and its event.'), 404: refused(404) } }), validate('param', webhookIdParam), validate('query', deliveriesQuery), async (c) => {
      const items = await webhooks.deliveries(c.req.valid('param').webhookId, c.req.valid('query').limit);
      return c.json({ items: items.map(deliveryView) });
    })
    .post('/:webhookId/deliveries/:deliveryId/resend', doc({ summary: 'Send one delivery again', responses: { 202: ok(DELIVERY), 404: refused(404) } }), validate('param', deliveryParam), async (c) => {
      const { webhookId, deliveryId } = c.req.valid('param');
      return c.json(deliveryView(await webhooks.resend(webhookId, deliveryId)), 202);
    });
}

/** A delivery as listed: its status and attempts, and the event it carries. */
function deliveryView(delivery: Awaited<ReturnType<WebhookService['test']>>) {
  const { body, groupId: _, ...rest } = delivery;
  return { ...rest, payload: JSON.parse(body) as unknown };
}
