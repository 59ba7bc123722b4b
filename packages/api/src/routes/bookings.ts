import {
  type BookingOutcome,
  type BookingRecord,
  type BookingService,
  bookingCreateSchema,
  deriveBookingId,
  eventRangeQuerySchema,
  idSchema,
  STEP_NAMES,
  toInstantRange,
} from '@scc/core';
import { Hono } from 'hono';
import * as z from 'zod';
import { validate } from '../validation';

const bookingIdParam = z.object({ bookingId: idSchema });

const isSettled = (record: Pick<BookingRecord, 'steps'>) =>
  STEP_NAMES.every((name) => ['succeeded', 'skipped'].includes(record.steps[name].status));

/** 201 when every step succeeded or was skipped; 202 when the booking is kept but a step is not done. */
function statusOf(outcome: BookingOutcome): 200 | 201 | 202 {
  if (outcome.kind === 'replayed') return 200;
  const done = isSettled(outcome.result);
  if (outcome.kind === 'created') return done ? 201 : 202;
  return done ? 200 : 202;
}

function summary(bookings: BookingService, record: BookingRecord) {
  const { request } = record;
  return {
    ...bookings.resultOf(record),
    source: record.source,
    externalId: record.externalId,
    title: request.title,
    start: request.start,
    end: request.end,
    timezone: request.timezone,
    boat: request.boat,
    guestName: request.guest.name,
    guestCount: request.guest.count,
    health: isSettled(record) ? ('ok' as const) : ('needs_attention' as const),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** Everything the office may see of one booking: finance and guest contact included. */
async function detail(bookings: BookingService, bookingId: string) {
  const record = await bookings.get(bookingId);
  const finance = (await bookings.getFinance(bookingId)) ?? null;
  return { ...summary(bookings, record), booking: record.request, finance };
}

const lookupQuery = z.strictObject({ source: z.string().min(1).max(32), externalId: z.string().min(1).max(128) });

export function bookingRoutes(bookings: BookingService) {
  return new Hono()
    .post('/', validate('json', bookingCreateSchema), async (c) => {
      const outcome = await bookings.submit(c.req.valid('json'));
      c.header('Location', `/bookings/${outcome.result.bookingId}`);
      return c.json(outcome.result, statusOf(outcome));
    })
    .get('/', validate('query', eventRangeQuerySchema), async (c) => {
      const query = c.req.valid('query');
      const page = await bookings.list(toInstantRange(query), query);
      return c.json({ items: page.items.map((record) => summary(bookings, record)), nextCursor: page.nextCursor });
    })
    // By the marketplace's own reference: the console polls it while a booking is created.
    .get('/lookup', validate('query', lookupQuery), async (c) => {
      const { source, externalId } = c.req.valid('query');
      return c.json(await detail(bookings, deriveBookingId(source, externalId)));
    })
    .get('/:bookingId', validate('param', bookingIdParam), async (c) =>
      c.json(await detail(bookings, c.req.valid('param').bookingId)),
    )
    .post('/:bookingId/retry', validate('param', bookingIdParam), async (c) => {
      const outcome = await bookings.retry(c.req.valid('param').bookingId);
      return c.json(outcome.result, statusOf(outcome));
    });
}
