import { type AlbumService, EmptyAlbumError, idSchema } from '@scc/core';
import { Hono } from 'hono';
import * as z from 'zod';
import { errorBody } from '../error-response';
import { refused } from '../openapi/components';
import { ok, routeDoc } from '../openapi/describe';
import { validate } from '../validation';

const doc = routeDoc('Bookings');
const bookingIdParam = z.object({ bookingId: idSchema });
const partQuery = z.object({ part: z.coerce.number().int().min(1).max(10_000).optional() });

/**
 * A booking's photos for the office (service key, like every /bookings route): the album with
 * pre-signed thumbnails, and "Download all" as one zip. The zip cannot come back in this
 * answer (a Lambda answer is buffered and at most 6 MB), so it is written to storage and the
 * answer is a short-lived link to it.
 */
export function bookingPhotoRoutes(albums: AlbumService) {
  return new Hono()
    .get(
      '/:bookingId/photos',
      doc({
        summary: 'A booking’s photos and videos',
        description: 'Every completed guest upload, newest first, each with a pre-signed `url` valid for 15 minutes; `count` and `totalBytes` for the whole album, and how many zips (`parts`) "Download all" takes.',
        responses: { 200: ok('`{bookingId, count, totalBytes, parts, photos: [{photoId, filename, contentType, size, uploadedAt, url}]}`.'), 404: refused(404) },
      }),
      validate('param', bookingIdParam),
      async (c) => {
        c.header('Cache-Control', 'no-store');
        return c.json(await albums.list(c.req.valid('param').bookingId));
      },
    )
    .post(
      '/:bookingId/photos/download',
      doc({
        summary: 'Download all photos as one zip',
        description:
          'Packs every photo and video into one zip (streamed from storage into storage, never held whole) and answers `{url, expiresAt, filename, count, size, part, parts}`: open `url` within 5 minutes to download it. The zip is removed after a day. An album over 500 MB comes in `parts` zips (the album listing says how many): ask for each with `?part=2` and so on.',
        responses: { 200: ok('A link to the zip.'), 400: refused(400, '`invalid_request`: no such `part`.'), 404: refused(404), 409: refused(409, '`album_empty`: the booking has no photos yet.') },
      }),
      validate('param', bookingIdParam),
      validate('query', partQuery),
      async (c) => {
        c.header('Cache-Control', 'no-store');
        try {
          return c.json(await albums.download(c.req.valid('param').bookingId, c.req.valid('query').part), 200);
        } catch (error) {
          // An empty album is an answer about this booking, not a failure: 409 with its code.
          if (error instanceof EmptyAlbumError) return c.json(errorBody(error), 409);
          throw error;
        }
      },
    );
}
