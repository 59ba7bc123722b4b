import {
  type ChannelService,
  type ChannelSync,
  channelCreateSchema,
  channelPatchSchema,
  idSchema,
} from '@scc/core';
import { Hono } from 'hono';
import * as z from 'zod';
import { SyncRunningError } from '../http-errors';
import { etagOf, parseIfMatch } from '../middleware/if-match';
import { validate } from '../validation';

const channelIdParam = z.object({ channelId: idSchema });
const bookingIdParam = z.object({ bookingId: idSchema });
const alertAnswer = z.strictObject({
  /** `cancel`: the trip is off (reason `marketplace`); `keep`: the feed is wrong, the trip stands. */
  answer: z.enum(['keep', 'cancel']),
});

/** `/channels`: marketplace feeds in (service key). The feed URL is never shown back in full. */
export function channelRoutes(channels: ChannelService, sync: ChannelSync) {
  return new Hono()
    .post('/', validate('json', channelCreateSchema), async (c) => {
      const channel = await channels.create(c.req.valid('json'));
      c.header('Location', `/channels/${channel.channelId}`);
      c.header('ETag', etagOf(channel.version));
      return c.json(channel, 201);
    })
    .get('/', async (c) => c.json({ items: await channels.list() }))
    // The operator's answer to "missing from feed — confirm cancellation".
    .post('/alerts/:bookingId', validate('param', bookingIdParam), validate('json', alertAnswer), async (c) => {
      await sync.resolveAlert(c.req.valid('param').bookingId, c.req.valid('json').answer);
      return c.json({ bookingId: c.req.valid('param').bookingId, answer: c.req.valid('json').answer });
    })
    .get('/:channelId', validate('param', channelIdParam), async (c) => {
      const channel = await channels.get(c.req.valid('param').channelId);
      c.header('ETag', etagOf(channel.version));
      return c.json(channel);
    })
    .patch('/:channelId', validate('param', channelIdParam), validate('json', channelPatchSchema), async (c) => {
      const channel = await channels.update(c.req.valid('param').channelId, c.req.valid('json'), parseIfMatch(c.req.header('if-match')));
      c.header('ETag', etagOf(channel.version));
      return c.json(channel);
    })
    .delete('/:channelId', validate('param', channelIdParam), async (c) => {
      await channels.delete(c.req.valid('param').channelId);
      return c.body(null, 204);
    })
    // Sync now; answers with what it did and the channel's health after it.
    .post('/:channelId/sync', validate('param', channelIdParam), async (c) => {
      const { channelId } = c.req.valid('param');
      const outcome = await sync.sync(channelId);
      if (outcome.status === 'busy') {
        throw new SyncRunningError('This channel is syncing right now; its result will show on the channel', { details: { channelId } });
      }
      return c.json({ outcome, channel: await channels.get(channelId) });
    });
}
