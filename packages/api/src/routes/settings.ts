import { type BookingService, settingsSchema } from '@scc/core';
import { Hono } from 'hono';
import { validate } from '../validation';

/** The operator's settings: today, each boat's turnaround between trips. */
export function settingsRoutes(bookings: BookingService) {
  return new Hono()
    .get('/', async (c) => c.json(await bookings.getSettings()))
    .put('/', validate('json', settingsSchema), async (c) => c.json(await bookings.putSettings(c.req.valid('json'))));
}
