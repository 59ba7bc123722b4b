import {
  type Actor,
  type BookingOutcome,
  type BookingRecord,
  type BookingService,
  bookingCreateSchema,
  bookingPatchSchema,
  bookingReferenceSchema,
  bookingUpsertSchema,
  cancelSchema,
  crewStatusOf,
  deriveBookingId,
  type EventService,
  eventRangeQuerySchema,
  idSchema,
  NotFoundError,
  reinstateSchema,
  STEP_NAMES,
  tasksOf,
  toInstantRange,
} from '@scc/core';
import { type Context, Hono } from 'hono';
import * as z from 'zod';
import { PreconditionRequiredError } from '../http-errors';
import { etagOf, parseIfMatch } from '../middleware/if-match';
import { IF_MATCH, IF_MATCH_REQUIRED, refused, X_ACTOR } from '../openapi/components';
import { ok, routeDoc } from '../openapi/describe';
import { bookingCreatedExample, bookingPartlyDoneExample, bookingRequestExample } from '../openapi/examples';
import { validate } from '../validation';

const doc = routeDoc('Bookings');
const CONFLICTS = '`boat_conflict`, `crew_conflict`: the boat or a crew member is on an overlapping trip (`details.conflicts`); send `allowConflicts: true` to book anyway.';
const CHANGE_REFUSED = '`trip_ended`: a trip that has ended can change only in its notes, finance and checklist. `unknown_crew`: an assigned `crewId` is not on the active roster.';
const settled = (description: string) => ok(description, { etag: true });
const unsettled = ok('The booking is kept but a step failed: see `steps` (each with `reason` and `retryable`); `POST /bookings/{bookingId}/retry` re-runs it.', { etag: true, example: bookingPartlyDoneExample });

const bookingIdParam = z.object({ bookingId: idSchema });

/** Every step reached the booking's current version (or was skipped for it). */
const isSettled = (record: Pick<BookingRecord, 'steps' | 'version'>) =>
  STEP_NAMES.every((name) => {
    const state = record.steps[name];
    return ['succeeded', 'skipped'].includes(state.status) && (state.version === undefined || state.version === record.version);
  });

/**
 * 201 when a booking was created and every step succeeded or was skipped; 200 for a replay,
 * a change or a retry that settled; 202 when the booking is kept but a step is not done.
 */
function statusOf(outcome: BookingOutcome): 200 | 201 | 202 {
  if (outcome.kind === 'replayed' || outcome.kind === 'unchanged') return 200;
  const done = isSettled(outcome.result);
  if (outcome.kind === 'created') return done ? 201 : 202;
  return done ? 200 : 202;
}

/** The console says so with `X-Actor: console`; the sync runs inside. Anyone else is an integration. */
function actorOf(c: Context): Actor {
  return c.req.header('x-actor') === 'console' ? 'console' : 'service-key';
}

function answer(c: Context, outcome: BookingOutcome) {
  c.header('ETag', etagOf(outcome.result.version));
  return c.json({ ...outcome.result, outcome: outcome.kind }, statusOf(outcome));
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
    ...(record.cancellation ? { cancellation: record.cancellation } : {}),
    needsDetails: record.needsDetails ?? [],
    ...(record.origin ? { origin: record.origin } : {}),
    ...(record.feedAlert ? { feedAlert: record.feedAlert } : {}),
    /** Each assigned person's confirm or decline (with its time and note); `pending` until they answer. */
    crewStatus: crewStatusOf(record),
    health: isSettled(record) ? ('ok' as const) : ('needs_attention' as const),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** Everything the office may see of one booking: finance and guest contact included. */
async function detail(bookings: BookingService, events: EventService, crew: { getMany(ids: string[]): Promise<{ crewId: string; name: string }[]> }, bookingId: string) {
  const record = await bookings.get(bookingId);
  const [finance, event, members] = await Promise.all([
    bookings.getFinance(bookingId),
    events.get(record.eventId).catch((error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }),
    crew.getMany(record.request.crew.map((a) => a.crewId)),
  ]);
  const ticks = new Map((event?.crewTasks ?? []).map((task) => [task.taskId, task.done]));
  const names = new Map(members.map((m) => [m.crewId, m.name]));
  return {
    ...summary(bookings, record),
    booking: {
      ...record.request,
      crewTasks: tasksOf(record).map((task) => ({ ...task, done: ticks.get(task.taskId) ?? false })),
    },
    crew: record.request.crew.map((a) => ({ ...a, name: names.get(a.crewId) ?? a.crewId })),
    finance: finance ? withoutVersion(finance) : null,
  };
}

function withoutVersion<T extends { version?: number }>({ version: _, ...rest }: T) {
  return rest;
}

const lookupQuery = z.strictObject({ source: z.string().min(1).max(32), externalId: z.string().min(1).max(128) });

/** A change must name the version it changes: two people editing at once never overwrite each other. */
function requiredVersion(c: Context): number {
  const version = parseIfMatch(c.req.header('if-match'));
  if (version === undefined) {
    throw new PreconditionRequiredError('Send the version you are changing in If-Match, e.g. If-Match: "3"', {
      details: { header: 'If-Match' },
    });
  }
  return version;
}

export function bookingRoutes(
  bookings: BookingService,
  events: EventService,
  crew: { getMany(ids: string[]): Promise<{ crewId: string; name: string }[]> },
) {
  return new Hono()
    .post(
      '/',
      doc({
        summary: 'The one action: record a booking',
        description: 'Writes the crew event and the private finance record, then the Google Calendar event, the guest page and one email per assigned crew member. Safe to repeat: the same `source` + `externalId` with the same details answers 200 with the stored result.',
        parameters: [X_ACTOR],
        responses: {
          201: ok('Created; every step succeeded or was skipped.', { etag: true, location: true, example: bookingCreatedExample }),
          200: settled('The same booking was posted before: the stored result (`outcome: "replayed"`).'),
          202: unsettled,
          409: refused(409, `\`booking_conflict\`: this \`source\` + \`externalId\` was booked with other details (\`details.fields\`). ${CONFLICTS}`),
          422: refused(422, '`trip_ended`: the trip has ended (send `allowPast: true` to import it). `unknown_crew`: an assigned `crewId` is not on the active roster.'),
        },
      }),
      validate('json', bookingCreateSchema, { examples: [bookingRequestExample] }),
      async (c) => {
        const outcome = await bookings.submit(c.req.valid('json'), actorOf(c));
        c.header('Location', `/bookings/${outcome.result.bookingId}`);
        return answer(c, outcome);
      },
    )
    .get('/', doc({ summary: 'Bookings by trip start', description: 'Each with its steps and `health` (`ok` or `needs_attention`).', responses: { 200: ok('`{items, nextCursor}`.') } }), validate('query', eventRangeQuerySchema), async (c) => {
      const query = c.req.valid('query');
      const page = await bookings.list(toInstantRange(query), query);
      return c.json({ items: page.items.map((record) => summary(bookings, record)), nextCursor: page.nextCursor });
    })
    // By the marketplace's own reference: the console polls it while a booking is created.
    .get('/lookup', doc({ summary: 'One booking, by the marketplace’s reference', responses: { 200: ok('The booking, as `GET /bookings/{bookingId}`.'), 404: refused(404, '`not_found`: not recorded (yet).') } }), validate('query', lookupQuery), async (c) => {
      const { source, externalId } = c.req.valid('query');
      return c.json(await detail(bookings, events, crew, deriveBookingId(source, externalId)));
    })
    .put(
      '/by-ref/:source/:externalId',
      doc({
        summary: 'Create or update a booking by its reference',
        description: 'For integrations and marketplace syncs: creates the booking, applies a different payload as a change, or ignores the same one. The body is `POST /bookings`’s without `source` and `externalId`.',
        parameters: [X_ACTOR],
        responses: { 201: ok('Created (`outcome: "created"`).', { etag: true, location: true }), 200: settled('Changed or unchanged (`outcome`).'), 202: unsettled, 409: refused(409, CONFLICTS), 422: refused(422, CHANGE_REFUSED) },
      }),
      validate('param', bookingReferenceSchema),
      validate('json', bookingUpsertSchema),
      async (c) => {
        const outcome = await bookings.upsert({ ...c.req.valid('json'), ...c.req.valid('param') }, actorOf(c));
        c.header('Location', `/bookings/${outcome.result.bookingId}`);
        return answer(c, outcome);
      },
    )
    .get('/:bookingId', doc({ summary: 'One booking, with everything submitted', description: 'Finance and guest contact included.', responses: { 200: ok('The booking.', { etag: true }), 404: refused(404) } }), validate('param', bookingIdParam), async (c) => {
      const body = await detail(bookings, events, crew, c.req.valid('param').bookingId);
      c.header('ETag', etagOf(body.version));
      return c.json(body);
    })
    .patch('/:bookingId', doc({
      summary: 'Change a booking',
      description: 'Any of `title`, `start`, `end`, `timezone`, `boat`, `meetingPoint`, `whatToBring` (`null` removes it), `guest`, `notes`, `crew` (the whole list), `crewTasks`, `finance`, `allowConflicts`. Every system follows; crew are emailed only about what they see.',
      parameters: [IF_MATCH_REQUIRED, X_ACTOR],
      responses: { 200: settled('Changed (`outcome: "changed"`) or nothing to change (`"unchanged"`).'), 202: unsettled, 404: refused(404), 409: refused(409, CONFLICTS), 412: refused(412), 422: refused(422, CHANGE_REFUSED), 428: refused(428) },
    }), validate('param', bookingIdParam), validate('json', bookingPatchSchema), async (c) => {
      const expectedVersion = requiredVersion(c);
      const patch = c.req.valid('json');
      const outcome = await bookings.change(c.req.valid('param').bookingId, patch, {
        expectedVersion,
        actor: actorOf(c),
        ...(patch.allowConflicts ? { allowConflicts: true } : {}),
      });
      return answer(c, outcome);
    })
    .post('/:bookingId/preview', doc({ summary: 'What a change would do', description: 'Who is emailed and why, conflicts, and which systems are written; writes nothing. The body is `PATCH`’s.', responses: { 200: ok('`{changedFields, notices, conflicts, calendar, guestPage}`.'), 404: refused(404), 422: refused(422, CHANGE_REFUSED) } }), validate('param', bookingIdParam), validate('json', bookingPatchSchema), async (c) =>
      c.json(await bookings.preview(c.req.valid('param').bookingId, c.req.valid('json'))),
    )
    .post('/:bookingId/cancel', doc({ summary: 'Cancel a booking', description: 'Everywhere; the finance record stays, with an optional `refund` or `cancellationFee`.', parameters: [IF_MATCH, X_ACTOR], responses: { 200: settled('Cancelled.'), 202: unsettled, 404: refused(404), 412: refused(412) } }), validate('param', bookingIdParam), validate('json', cancelSchema), async (c) => {
      const expectedVersion = parseIfMatch(c.req.header('if-match'));
      const outcome = await bookings.cancel(c.req.valid('param').bookingId, c.req.valid('json'), {
        actor: actorOf(c),
        ...(expectedVersion !== undefined ? { expectedVersion } : {}),
      });
      return answer(c, outcome);
    })
    .post('/:bookingId/reinstate', doc({ summary: 'Undo a cancellation', description: 'Conflicts are checked again; `allowConflicts` overrides.', parameters: [IF_MATCH, X_ACTOR], responses: { 200: settled('Reinstated.'), 202: unsettled, 404: refused(404), 409: refused(409, CONFLICTS), 412: refused(412) } }), validate('param', bookingIdParam), validate('json', reinstateSchema), async (c) => {
      const expectedVersion = parseIfMatch(c.req.header('if-match'));
      const outcome = await bookings.reinstate(c.req.valid('param').bookingId, {
        actor: actorOf(c),
        ...(c.req.valid('json').allowConflicts ? { allowConflicts: true } : {}),
        ...(expectedVersion !== undefined ? { expectedVersion } : {}),
      });
      return answer(c, outcome);
    })
    .get('/:bookingId/history', doc({ summary: 'Everything that happened to a booking, newest first', description: 'Changes (who, when, old and new values, money included) and step outcomes.', responses: { 200: ok('`{items: [...]}`.'), 404: refused(404) } }), validate('param', bookingIdParam), async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json({ items: await bookings.history(c.req.valid('param').bookingId) });
    })
    .post('/:bookingId/retry', doc({ summary: 'Re-run unfinished steps', description: 'Only the steps that have not reached the booking’s current version; nobody is emailed twice.', responses: { 200: settled('Every step is done.'), 202: unsettled, 404: refused(404) } }), validate('param', bookingIdParam), async (c) => {
      const outcome = await bookings.retry(c.req.valid('param').bookingId);
      return answer(c, outcome);
    });
}
