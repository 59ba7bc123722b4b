import { type BookingService, settingsSchema, type SettingsRepository } from '@scc/core';
import { Hono } from 'hono';
import { validate } from '../validation';

/** The operator's settings: today, each boat's turnaround between trips. */
export function settingsRoutes(bookings: BookingService, settings: SettingsRepository) {
  return new Hono()
    .get('/', async (c) => c.json(await bookings.getSettings()))
    .put('/', validate('json', settingsSchema), async (c) => {
      const next = c.req.valid('json');
      await settings.put(next);
      return c.json(next);
    });
}
