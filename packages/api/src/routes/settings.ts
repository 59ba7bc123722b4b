import { type BookingService, settingsSchema } from '@scc/core';
import { Hono } from 'hono';
import { ok, routeDoc } from '../openapi/describe';
import { validate } from '../validation';

const doc = routeDoc('Settings');

const SECTIONS =
  '`turnaroundMinutes` (each boat’s turnaround, for the double-booking check), `operator` (name and phone shown to guests, the email that gets declines and the digest, the digest’s time zone), `notifications` (crew and guest reminder times, digest time, 24-hour `HH:MM`), `guestPage` (`uploadGraceMinutes` after the trip, `checklist`: `items` or `progress`) and `photos` (`maxPerTrip`).';

/** The operator's settings, every section filled with its defaults when read. */
export function settingsRoutes(bookings: BookingService) {
  return new Hono()
    .get('/', doc({ summary: 'The operator’s settings', description: SECTIONS, responses: { 200: ok('Every setting, defaults filled in.') } }), async (c) => c.json(await bookings.getSettings()))
    .put('/', doc({ summary: 'Replace the operator’s settings', description: `Sections left out go back to their defaults. ${SECTIONS}`, responses: { 200: ok('The settings.') } }), validate('json', settingsSchema), async (c) => c.json(await bookings.putSettings(c.req.valid('json'))))
    .patch('/', doc({ summary: 'Change some settings', description: `Each section sent replaces only the keys it names; the rest stay. ${SECTIONS}`, responses: { 200: ok('The settings.') } }), validate('json', settingsSchema), async (c) => c.json(await bookings.patchSettings(c.req.valid('json'))));
}
