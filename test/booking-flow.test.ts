import { calendarEventId } from '@scc/core';
import type { LocalStack } from '@scc/local';
import { type GoogleStandIn, startGoogleStandIn } from '@scc/test/google-standin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crewLinkIn, expectNoMoneyOrGuestContact, FINANCE, GUEST, openCrewLink, outbox, startTestStack, type TestStack } from './support';

const FAST = { timeoutMs: 1_500, attempts: 2, backoffMs: 10 };
let google: GoogleStandIn;
let testStack: TestStack;
let stack: LocalStack;
let crewIds: string[];

const call = (method: string, path: string, body?: unknown) => testStack.call(method, path, body);

const booking = (externalId: string) => ({
  source: 'boatsetter',
  externalId,
  title: 'Sunset sail — Smith party',
  start: '2027-07-04T18:00:00-07:00',
  end: '2027-07-04T21:00:00-07:00',
  timezone: 'America/Los_Angeles',
  boat: 'JADA',
  meetingPoint: 'Harbor Island West Marina, Dock C',
  guest: GUEST,
  notes: 'Birthday; bring the cake plates',
  crew: [
    { crewId: crewIds[0], role: 'captain' },
    { crewId: crewIds[1], role: 'mate' },
  ],
  crewTasks: ['Stock cooler', 'Check fuel', 'Inspect sails'],
  finance: FINANCE,
  // Every booking here is the same trip, booked again and again on purpose.
  allowConflicts: true,
});

const emailsFor = async (eventId: string) =>
  (await outbox(stack.outboxUrl)).filter((e) => (e.body.text ?? '').includes(`/c/${eventId}?`));

beforeAll(async () => {
  google = await startGoogleStandIn();
  testStack = await startTestStack(
    {
      GOOGLE_SERVICE_ACCOUNT_JSON: google.serviceAccountJson,
      GOOGLE_CALENDAR_ID: 'charters@example.com',
      GOOGLE_API_BASE_URL: google.url,
    },
    { stepPolicies: { calendar: FAST, guestPage: FAST, crewNotices: FAST } },
  );
  stack = testStack.stack;
  crewIds = [];
  for (const [name, email, phone] of [
    ['Ana Lopez', 'ana@example.com', '+16195550101'],
    ['Ben Ortiz', 'ben@example.com', '+16195550102'],
  ] as const) {
    crewIds.push((await call('POST', '/crew', { name, email, phone })).body.crewId);
  }
});
afterAll(async () => {
  await testStack.stop();
  await google.close();
});

describe('POST /bookings on the local stack, with Google Calendar', () => {
  let created: { bookingId: string; eventId: string; slug: string; guestUrl: string };

  it('updates every system once and says so', async () => {
    const res = await call('POST', '/bookings', booking('BS-1001'));
    expect(res.status).toBe(201);
    created = res.body;
    expect(res.body.steps).toMatchObject({
      event: { status: 'succeeded' },
      calendar: { status: 'succeeded' },
      guestPage: { status: 'succeeded' },
      crewNotices: { status: 'succeeded', sent: 2 },
    });

    const [event] = google.events('charters@example.com');
    expect(event).toMatchObject({
      id: calendarEventId(created.bookingId),
      summary: 'Sunset sail — Smith party',
      location: 'Harbor Island West Marina, Dock C',
      start: { dateTime: '2027-07-04T18:00:00-07:00', timeZone: 'America/Los_Angeles' },
    });
    expect(event?.description).toContain(`/admin/bookings/${created.bookingId}`);

    const page = await fetch(created.guestUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Ana <span class="muted">(captain)</span>');
    expect(stack.invalidations()).toEqual([
      expect.objectContaining({
        paths: [`/g/${created.slug}`, `/g/${created.slug}/`, `/g/${created.slug}.html`],
        callerReference: expect.stringMatching(new RegExp(`^${created.bookingId}-page-`)),
      }),
    ]);

    const emails = await emailsFor(created.eventId);
    expect(emails.map((e) => e.destination.to[0]).sort()).toEqual(['ana@example.com', 'ben@example.com']);
  });

  it('sends each crew member a magic link that opens their crew page', async () => {
    for (const email of await emailsFor(created.eventId)) {
      const opened = await openCrewLink(crewLinkIn(email));
      expect(opened.status).toBe(200);
      expect(opened.response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(opened.html).toContain('Sunset sail — Smith party');
      expect(opened.html).toContain('Jane Smith, 6 on board');
    }
    const tampered = `${crewLinkIn((await emailsFor(created.eventId))[0]!)}x`;
    const refused = await fetch(tampered);
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain('Ask the operator for a new link');
  });

  it('keeps money and guest contact details off the calendar, the guest page, the emails and the crew page', async () => {
    const emails = await emailsFor(created.eventId);
    expectNoMoneyOrGuestContact('calendar event', JSON.stringify(google.events()));
    expectNoMoneyOrGuestContact('guest page', await (await fetch(created.guestUrl)).text());
    for (const email of emails) {
      expectNoMoneyOrGuestContact(`email to ${email.destination.to[0]}`, `${email.subject}\n${email.body.html}\n${email.body.text}`);
      expectNoMoneyOrGuestContact('crew page', (await openCrewLink(crewLinkIn(email))).html);
    }
    expectNoMoneyOrGuestContact('crew event API', JSON.stringify((await call('GET', `/events/${created.eventId}`)).body));
    // The office still sees them.
    const office = JSON.stringify((await call('GET', `/bookings/${created.bookingId}`)).body);
    expect(office).toContain(String(FINANCE.revenue));
    expect(office).toContain(GUEST.email);
  });

  it('changes nothing when the same booking is posted again', async () => {
    const before = { inserts: google.events().length, emails: (await outbox(stack.outboxUrl)).length, invalidations: stack.invalidations().length };
    const again = await call('POST', '/bookings', booking('BS-1001'));
    expect(again.status).toBe(200);
    expect(again.body.bookingId).toBe(created.bookingId);
    expect({ inserts: google.events().length, emails: (await outbox(stack.outboxUrl)).length, invalidations: stack.invalidations().length }).toEqual(before);
  });

  it('50 identical posts at once make one booking, one calendar event, one email per crew member', async () => {
    const before = { events: google.events().length, emails: (await outbox(stack.outboxUrl)).length, inserts: google.insertCount };
    const results = await Promise.all(Array.from({ length: 50 }, () => call('POST', '/bookings', booking('BS-2002'))));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);
    expect(new Set(results.map((r) => r.body.bookingId)).size).toBe(1);
    const { eventId, bookingId, slug } = results[0]!.body;
    expect(google.events().length - before.events).toBe(1);
    expect(google.insertCount - before.inserts).toBe(1);
    expect((await emailsFor(eventId)).length).toBe(2);
    // The two crew invites and the guest's one welcome: nothing else, however many posts.
    const fresh = (await outbox(stack.outboxUrl)).slice(before.emails);
    expect(fresh.map((e) => e.destination.to[0]).sort()).toEqual(['ana@example.com', 'ben@example.com', GUEST.email]);
    expect(stack.invalidations().filter((i) => i.callerReference.startsWith(bookingId))).toHaveLength(1);
    expect(slug).toMatch(/^sunset-sail-smith-party-/);
  });

  it('a calendar outage keeps the booking, fails only that step, and a retry finishes it once', async () => {
    google.setFault({ status: 500 });
    const res = await call('POST', '/bookings', booking('BS-3003'));
    expect(res.status).toBe(202);
    expect(res.body.steps.calendar).toMatchObject({ status: 'failed', retryable: true, attempts: 2 });
    expect(res.body.steps.calendar.reason).toMatch(/Google Calendar/);
    expect(res.body.steps).toMatchObject({ event: { status: 'succeeded' }, guestPage: { status: 'succeeded' }, crewNotices: { status: 'succeeded', sent: 2 } });
    const listed = await call('GET', '/bookings?from=2027-07-01&to=2027-07-31');
    expect(listed.body.items.find((b: { bookingId: string }) => b.bookingId === res.body.bookingId).health).toBe('needs_attention');

    google.setFault(null);
    const retried = await call('POST', `/bookings/${res.body.bookingId}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body.steps.calendar.status).toBe('succeeded');
    expect(google.events().filter((e) => e.id === calendarEventId(res.body.bookingId))).toHaveLength(1);
    expect((await emailsFor(res.body.eventId)).length).toBe(2);
    const again = await call('POST', `/bookings/${res.body.bookingId}/retry`);
    expect(again.status).toBe(200);
    expect((await emailsFor(res.body.eventId)).length).toBe(2);
  });

  it('a slow calendar times out instead of holding the booking hostage', async () => {
    google.setFault({ delayMs: 5_000 });
    const started = Date.now();
    const res = await call('POST', '/bookings', booking('BS-4004'));
    google.setFault(null);
    expect(res.status).toBe(202);
    expect(res.body.steps.calendar).toMatchObject({ status: 'failed', retryable: true });
    expect(res.body.steps.calendar.reason).toMatch(/Timed out after 1500 ms/);
    // Two attempts of 1.5 s each, not the 5 s Google takes.
    expect(Date.now() - started).toBeLessThan(4_500);
  });
});
