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
import { IF_MATCH, refused } from '../openapi/components';
import { ok, routeDoc } from '../openapi/describe';
import { channelCreatedExample, channelRequestExample } from '../openapi/examples';
import { validate } from '../validation';

const doc = routeDoc('Channels');

const channelIdParam = z.object({ channelId: idSchema });
const bookingIdParam = z.object({ bookingId: idSchema });
const alertAnswer = z.strictObject({
  /** `cancel`: the trip is off (reason `marketplace`); `keep`: the feed is wrong, the trip stands. */
  answer: z.enum(['keep', 'cancel']),
});

/** `/channels`: marketplace feeds in (service key). The feed URL is never shown back in full. */
export function channelRoutes(channels: ChannelService, sync: ChannelSync) {
  return new Hono()
    .post(
      '/',
      doc({
        summary: 'Connect a marketplace feed',
        description: 'SCC follows the iCalendar feed at `url` (a secret: only its host is ever shown again); new events become bookings with the channel’s `defaults`.',
        responses: { 201: ok('The channel, its URL shown as its host only.', { etag: true, location: true, example: channelCreatedExample }) },
      }),
      validate('json', channelCreateSchema, { examples: [channelRequestExample] }),
      async (c) => {
        const channel = await channels.create(c.req.valid('json'));
        c.header('Location', `/channels/${channel.channelId}`);
        c.header('ETag', etagOf(channel.version));
        return c.json(channel, 201);
      },
    )
    .get('/', doc({ summary: 'Every channel', description: 'With each one’s last sync: when, the counts, and the error in words if it failed.', responses: { 200: ok('`{items: [...]}`.') } }), async (c) => c.json({ items: await channels.list() }))
    // The operator's answer to "missing from feed — confirm cancellation".
    .post('/alerts/:bookingId', doc({ summary: 'Answer “missing from feed — confirm cancellation”', description: '`cancel`: the trip is off (reason `marketplace`, everywhere); `keep`: the feed is wrong, the trip stands.', responses: { 200: ok('`{bookingId, answer}`.'), 404: refused(404) } }), validate('param', bookingIdParam), validate('json', alertAnswer), async (c) => {
      await sync.resolveAlert(c.req.valid('param').bookingId, c.req.valid('json').answer);
      return c.json({ bookingId: c.req.valid('param').bookingId, answer: c.req.valid('json').answer });
    })
    .get('/:channelId', doc({ summary: 'One channel', responses: { 200: ok('The channel.', { etag: true }), 404: refused(404) } }), validate('param', channelIdParam), async (c) => {
      const channel = await channels.get(c.req.valid('param').channelId);
      c.header('ETag', etagOf(channel.version));
      return c.json(channel);
    })
    .patch('/:channelId', doc({ summary: 'Change a channel', parameters: [IF_MATCH], responses: { 200: ok('The channel, at its new version.', { etag: true }), 404: refused(404), 412: refused(412) } }), validate('param', channelIdParam), validate('json', channelPatchSchema), async (c) => {
      const channel = await channels.update(c.req.valid('param').channelId, c.req.valid('json'), parseIfMatch(c.req.header('if-match')));
      c.header('ETag', etagOf(channel.version));
      return c.json(channel);
    })
    .delete('/:channelId', doc({ summary: 'Disconnect a channel', description: 'Its bookings stay.', responses: { 204: { description: 'Deleted.' }, 404: refused(404) } }), validate('param', channelIdParam), async (c) => {
      await channels.delete(c.req.valid('param').channelId);
      return c.body(null, 204);
    })
    // Sync now; answers with what it did and the channel's health after it.
    .post('/:channelId/sync', doc({ summary: 'Sync now', responses: { 200: ok('`{outcome, channel}`: what the sync did, and the channel after it.'), 404: refused(404), 409: refused(409, '`sync_running`: another sync of this channel is running.') } }), validate('param', channelIdParam), async (c) => {
      const { channelId } = c.req.valid('param');
      const outcome = await sync.sync(channelId);
      if (outcome.status === 'busy') {
        throw new SyncRunningError('This channel is syncing right now; its result will show on the channel', { details: { channelId } });
      }
      return c.json({ outcome, channel: await channels.get(channelId) });
    });
}
