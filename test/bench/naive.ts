/**
 * The comparison the issue asks for: a naive `POST /bookings` that does the same steps with
 * the same adapters, one after another (event put, calendar insert, S3 put, CloudFront
 * invalidation, email 1, email 2). Bench-only: production has no sequential mode.
 *
 * It keeps what any version needs (the service key, zod validation, the crew look-up for
 * names and addresses, rendering, the magic link) and leaves out what SCC adds for
 * idempotency and retries (the booking and finance items, step claims and outcomes, the
 * per-recipient NOTIFY items), so it does fewer DynamoDB writes than SCC, not more.
 */
import { timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '@scc/api';
import { DynamoCrewRepository, DynamoEventRepository, type createDocumentClient } from '@scc/aws';
import {
  type BookingLinks,
  bookingCreateSchema,
  type CalendarPort,
  type CdnInvalidator,
  CREW_LINK_GRACE_MS,
  calendarDraftOf,
  crewEventOf,
  deriveBookingId,
  deriveEventId,
  type GuestPageStore,
  type Mailer,
  newGuestSlug,
  toCrewInviteView,
  toGuestPageView,
} from '@scc/core';
import { renderCrewInvite, renderGuestPage } from '@scc/pages';
import { Hono } from 'hono';

export interface NaiveDeps {
  db: ReturnType<typeof createDocumentClient>;
  tableName: string;
  calendar: CalendarPort;
  guestPages: GuestPageStore;
  cdn: CdnInvalidator;
  mailer: Mailer;
  links: BookingLinks;
  serviceKeyHash: string;
}

export function naiveBookingApp(deps: NaiveDeps): Hono {
  const crewRepo = new DynamoCrewRepository(deps.db, deps.tableName);
  const eventRepo = new DynamoEventRepository(deps.db, deps.tableName);
  const expected = Buffer.from(deps.serviceKeyHash, 'hex');

  return new Hono().post('/bookings', async (c) => {
    const given = Buffer.from(sha256Hex(c.req.header('x-service-key') ?? ''), 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return c.json({ error: 'unauthorized' }, 401);
    const parsed = bookingCreateSchema.safeParse(await c.req.json());
    if (!parsed.success) return c.json({ error: parsed.error.issues }, 400);
    const request = parsed.data;
    const bookingId = deriveBookingId(request.source, request.externalId);
    const slug = newGuestSlug(request.title);
    const { finance: _finance, ...submitted } = request;
    // The same crew event and calendar entry SCC makes, from the same functions.
    const basis = { bookingId, eventId: deriveEventId(bookingId), slug, createdAt: new Date().toISOString(), request: submitted };
    const event = crewEventOf(basis);
    const roster = await crewRepo.getMany(request.crew.map((a) => a.crewId));
    const byId = new Map(roster.map((m) => [m.crewId, m]));

    await eventRepo.create(event);
    await deps.calendar.insertEvent(calendarDraftOf(basis, byId, deps.links.adminBookingUrl(bookingId)));
    await deps.guestPages.put(slug, renderGuestPage(toGuestPageView(event, slug, roster)));
    await deps.cdn.invalidate([`/g/${slug}*`], `${bookingId}-page-v1`);
    const expiresAt = new Date(Date.parse(event.end) + CREW_LINK_GRACE_MS);
    for (const { crewId, role } of event.crew) {
      const member = byId.get(crewId);
      if (!member) return c.json({ error: `unknown crew ${crewId}` }, 422);
      const url = await deps.links.crewPageUrl(event.eventId, crewId, expiresAt);
      await deps.mailer.send({ to: member.email, ...renderCrewInvite(toCrewInviteView(event, member, role, url)) });
    }
    return c.json({ bookingId, eventId: event.eventId, slug, guestUrl: deps.links.guestPageUrl(slug) }, 201);
  });
}
