import { FeedNotFoundError, type FeedService } from '@scc/core';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import * as z from 'zod';
import { refused } from '../openapi/components';
import { ok, routeDoc } from '../openapi/describe';
import { validate } from '../validation';

const doc = routeDoc('Feeds');

const ICS_HEADERS = {
  'Content-Type': 'text/calendar; charset=utf-8',
  // Per URL (the key is in it) and short: calendar apps poll, a rotation bites within minutes.
  'Cache-Control': 'private, max-age=300',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
} as const;

// A repeated or odd `key` is a wrong key (404 like any other), not a malformed request.
const feedQuery = z.object({ key: z.string().optional().catch(undefined) });
const rotateParam = z.object({
  kind: z.enum(['boats', 'crew']),
  id: z.string().trim().min(1).max(100),
});
const KIND = { boats: 'boat', crew: 'crew' } as const;

/**
 * `{name}.ics` → the name (Hono has already decoded `%20` and the like). Anything else is a
 * feed that does not exist, answered like a wrong key.
 */
function feedName(file: string): string {
  const match = /^(.+)\.ics$/i.exec(file);
  if (!match?.[1]) throw new FeedNotFoundError();
  return match[1];
}

/**
 * Outgoing iCalendar feeds. The `.ics` routes are public and carry their key in the URL
 * (marketplaces and phone calendars cannot send headers); the JSON routes that hand keys out
 * and rotate them take the service key, per route, so it never covers the public ones.
 */
export function feedRoutes(feeds: FeedService, requireServiceKey: MiddlewareHandler) {
  const ics = (c: Context, body: string) => c.body(body, 200, ICS_HEADERS);
  return new Hono()
    .get('/boats/:file', validate('query', feedQuery), async (c) =>
      ics(c, await feeds.boatFeed(feedName(c.req.param('file')), c.req.valid('query').key)),
    )
    .get('/crew/:file', validate('query', feedQuery), async (c) =>
      ics(c, await feeds.crewFeed(feedName(c.req.param('file')), c.req.valid('query').key)),
    )
    .get('/', requireServiceKey, doc({ summary: 'Every calendar feed’s URL', description: 'Each boat’s busy time (for marketplaces to import) and each crew member’s trips (for their phone calendar). The URLs carry their keys.', responses: { 200: ok('`{"boats":[{"boat","url"}],"crew":[{"crewId","name","url"}]}`.') } }), async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await feeds.list());
    })
    .post('/:kind/:id/rotate', requireServiceKey, doc({ summary: 'A new key for one feed', description: '`kind` is `boats` or `crew`; the old URL answers 404 at once.', responses: { 200: ok('`{"url"}`: the feed’s new URL.'), 404: refused(404) } }), validate('param', rotateParam), async (c) => {
      const { kind, id } = c.req.valid('param');
      c.header('Cache-Control', 'no-store');
      return c.json(await feeds.rotate(KIND[kind], id));
    });
}
