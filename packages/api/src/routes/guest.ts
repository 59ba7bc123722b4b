import { createHash } from 'node:crypto';
import { type EventService, type PhotoService, partsRequestSchema, photoUploadRequestSchema } from '@scc/core';
import { PAGE_CSP, renderTripNotFound } from '@scc/pages';
import { type Context, Hono } from 'hono';
import * as z from 'zod';
import { clientAddress } from '../client-address';
import { validate } from '../validation';

const slugParam = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,120}$/, 'Not a trip page') });
const photoParam = slugParam.extend({ photoId: z.string().regex(/^ph_[a-z0-9]{1,40}$/, 'Not an upload id') });

/**
 * Who is uploading, for the per-minute limit: the address the edge saw (client-address.ts),
 * never a header the client wrote, hashed so no address is stored. Without one (a runtime that
 * says nothing) every such caller shares one bucket, which limits them together rather than
 * letting a made-up header pick a fresh one.
 */
function clientKey(c: Context, edgeToken: string | undefined): string {
  const source = { header: (name: string) => c.req.header(name), env: c.env as unknown, ...(edgeToken ? { edgeToken } : {}) };
  const address = clientAddress(source)?.address ?? 'unknown';
  return createHash('sha256').update(address).digest('base64url').slice(0, 22);
}

/**
 * The public routes behind a guest page: the crew's checklist progress and the party's
 * photos. They answer with labels, states and pictures, never people or money.
 */
export function guestRoutes(events: EventService, photos: PhotoService, edgeToken?: string) {
  return new Hono()
    // CloudFront fails over here when the bucket has no such page (an origin group on 403/404),
    // with the path already rewritten to the object's name.
    .get('/:file{[a-z0-9-]{1,120}\\.html}', (c) => {
      c.header('Cache-Control', 'public, max-age=60, s-maxage=300');
      c.header('Content-Security-Policy', PAGE_CSP);
      return c.html(renderTripNotFound(), 404);
    })
    .get('/:slug/checklist', validate('param', slugParam), async (c) => {
      const event = await events.getBySlug(c.req.valid('param').slug);
      // A short shared cache: a party of twelve refreshing costs one read, and a tick shows
      // within seconds.
      c.header('Cache-Control', 'public, max-age=10, s-maxage=10');
      return c.json({ items: event.crewTasks.map(({ label, done }) => ({ label, done })) });
    })
    .get('/:slug/photos', validate('param', slugParam), async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await photos.gallery(c.req.valid('param').slug));
    })
    .post('/:slug/photos', validate('param', slugParam), validate('json', photoUploadRequestSchema), async (c) => {
      const started = await photos.start(c.req.valid('param').slug, c.req.valid('json'), clientKey(c, edgeToken));
      c.header('Cache-Control', 'no-store');
      return c.json(started, 201);
    })
    .post('/:slug/photos/:photoId/parts', validate('param', photoParam), validate('json', partsRequestSchema), async (c) => {
      const { slug, photoId } = c.req.valid('param');
      c.header('Cache-Control', 'no-store');
      return c.json(await photos.parts(slug, photoId, c.req.valid('json').partNumbers));
    })
    .post('/:slug/photos/:photoId/complete', validate('param', photoParam), async (c) => {
      const { slug, photoId } = c.req.valid('param');
      return c.json({ photo: await photos.complete(slug, photoId) });
    });
}
