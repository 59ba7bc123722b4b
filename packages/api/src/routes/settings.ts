import { type BookingService, settingsSchema } from '@scc/core';
import { Hono } from 'hono';
import { ok, routeDoc } from '../openapi/describe';
import { validate } from '../validation';

const doc = routeDoc('Settings');

/** The operator's settings: today, each boat's turnaround between trips. */
export function settingsRoutes(bookings: BookingService) {
  return new Hono()
    .get('/', doc({ summary: 'The operator’s settings', responses: { 200: ok('`{"turnaroundMinutes":{"default":0,"boats":{"JADA":60}}}`.') } }), async (c) => c.json(await bookings.getSettings()))
    .put('/', doc({ summary: 'Replace the operator’s settings', description: 'Each boat’s turnaround between trips, used by the double-booking check.', responses: { 200: ok('The settings.') } }), validate('json', settingsSchema), async (c) => c.json(await bookings.putSettings(c.req.valid('json'))));
}
