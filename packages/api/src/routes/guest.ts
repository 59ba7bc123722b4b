import type { EventService } from '@scc/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { validate } from '../validation';

const slugParam = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,120}$/, 'Not a trip page') });

/** Public routes of a guest page; they answer with labels and states only, never people. */
export function guestRoutes(events: EventService) {
  return new Hono().get('/:slug/checklist', validate('param', slugParam), async (c) => {
    const event = await events.getBySlug(c.req.valid('param').slug);
    // A short shared cache: a party of twelve refreshing costs one read, and a tick shows
    // within seconds.
    c.header('Cache-Control', 'public, max-age=10, s-maxage=10');
    return c.json({ items: event.crewTasks.map(({ label, done }) => ({ label, done })) });
  });
}
