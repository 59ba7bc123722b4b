import { calendarEventId } from '@scc/core';
import type { LocalStack } from '@scc/local';
import { type GoogleStandIn, startGoogleStandIn } from '@scc/test/google-standin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CapturedEmail, crewLinkIn, expectNoMoneyOrGuestContact, FINANCE, GUEST, openCrewLink, outbox, startTestStack, type TestStack } from './support';

/**
 * A booking's life on the local stack, with the Google Calendar stand-in: reschedule, crew
 * swap, finance-only change, cancel and reinstate, each followed into every system once.
 */
const FAST = { timeoutMs: 1_500, attempts: 2, backoffMs: 10 };
const CALENDAR = 'charters@example.com';
let google: GoogleStandIn;
let testStack: TestStack;
let stack: LocalStack;
let now = new Date('2027-06-01T12:00:00Z');
const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { 'X-Service-Key': stack.serviceKey, 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).then(async (res) => ({ status: res.status, body: await res.json() }));

const crew = [
  ['ana', 'Ana Lopez'],
  ['ben', 'Ben Ortiz'],
  ['cai', 'Cai Wong'],
] as const;

const booking = {
  source: 'boatsetter',
  externalId: 'LIFE-1',
  title: 'Sunset sail — Smith party',
  start: '2027-07-04T18:00:00-07:00',
  end: '2027-07-04T21:00:00-07:00',
  timezone: 'America/Los_Angeles',
  boat: 'JADA',
  meetingPoint: 'Harbor Island West Marina, Dock C',
  guest: GUEST,
  crew: [
    { crewId: 'ana', role: 'captain' },
    { crewId: 'ben', role: 'mate' },
  ],
  crewTasks: ['Stock cooler', 'Check fuel'],
  finance: FINANCE,
};

let seen = 0;
/** Emails that arrived since the last call, as "who: subject". */
async function newEmails(): Promise<CapturedEmail[]> {
  const all = await outbox(stack.outboxUrl);
  const fresh = all.slice(seen);
  seen = all.length;
  return fresh;
}
const CREW_ADDRESSES = crew.map(([crewId]) => `${crewId}@example.com`);
const toCrew = (emails: CapturedEmail[]) => emails.filter((e) => CREW_ADDRESSES.includes(e.destination.to[0] ?? ''));
const toGuest = (emails: CapturedEmail[]) => emails.filter((e) => !CREW_ADDRESSES.includes(e.destination.to[0] ?? ''));
/** A guest email: the trip and their page, never money, guest contact or the crew's addresses. */
function expectGuestEmail(email: CapturedEmail | undefined, to: string, subject: string): CapturedEmail {
  expect(email?.destination.to).toEqual([to]);
  expect(email?.subject).toBe(subject);
  const content = `${email?.subject}\n${email?.body.html}\n${email?.body.text}`;
  expectNoMoneyOrGuestContact(`guest email "${subject}"`, content.replaceAll(to, ''));
  for (const address of CREW_ADDRESSES) expect(content).not.toContain(address);
  return email as CapturedEmail;
}
const who = (emails: CapturedEmail[]) => emails.map((e) => `${e.destination.to[0]?.split('@')[0]}: ${e.subject.split(':')[0]}`).sort();

const calendarEvent = (bookingId: string) => google.events(CALENDAR).find((e) => e.id === calendarEventId(bookingId));
const writes = () => google.insertCount + (google as unknown as { updateCount: number }).updateCount + (google as unknown as { patchCount: number }).patchCount;

beforeAll(async () => {
  google = await startGoogleStandIn();
  testStack = await startTestStack(
    { GOOGLE_SERVICE_ACCOUNT_JSON: google.serviceAccountJson, GOOGLE_CALENDAR_ID: CALENDAR, GOOGLE_API_BASE_URL: google.url },
    { stepPolicies: { calendar: FAST, guestPage: FAST, crewNotices: FAST }, clock: () => now },
  );
  stack = testStack.stack;
  for (const [crewId, name] of crew) await call('POST', '/crew', { crewId, name, email: `${crewId}@example.com` });
});
afterAll(async () => {
  await testStack.stop();
  await google.close();
});

describe('a booking that changes, on the local stack', () => {
  let bookingId: string;
  let guestUrl: string;
  let slug: string;
  const links = new Map<string, string>();

  it('is created: one calendar event, a page, an invite each', async () => {
    const created = await call('POST', '/bookings', booking);
    expect(created.status).toBe(201);
    ({ bookingId, guestUrl, slug } = created.body);
    const emails = await newEmails();
    const invites = toCrew(emails);
    const [welcome, ...more] = toGuest(emails);
    expect(more).toEqual([]);
    expectGuestEmail(welcome, GUEST.email, 'Your trip: Sunset sail — Smith party — Sunday, July 4, 2027');
    expect(welcome?.body.text).toContain('Meeting point: Harbor Island West Marina, Dock C');
    expect(welcome?.body.text).toContain('https://www.google.com/maps/search/?api=1&query=Harbor%20Island%20West%20Marina%2C%20Dock%20C');
    expect(welcome?.body.text).toContain(guestUrl);
    expect(welcome?.body.html).toContain(`href="${guestUrl}"`);
    expect(who(invites)).toEqual(['ana: Sunset sail — Smith party — Sunday, July 4, 2027 on JADA', 'ben: Sunset sail — Smith party — Sunday, July 4, 2027 on JADA']);
    for (const email of invites) links.set(email.destination.to[0]?.split('@')[0] ?? '', crewLinkIn(email));
    expect(calendarEvent(bookingId)?.status).toBe('confirmed');
  });

  it('rescheduled with a crew swap: the one calendar event moves, the page and upload window follow, everyone hears once', async () => {
    const inserts = google.insertCount;
    const res = await call(
      'PATCH',
      `/bookings/${bookingId}`,
      { start: '2027-07-05T18:00:00-07:00', end: '2027-07-05T21:00:00-07:00', crew: [{ crewId: 'ana', role: 'captain' }, { crewId: 'cai', role: 'mate' }] },
      { 'If-Match': '"1"' },
    );
    expect(res.status).toBe(200);
    expect(res.body.steps).toMatchObject({
      event: { status: 'succeeded', version: 2 },
      calendar: { status: 'succeeded', version: 2 },
      guestPage: { status: 'succeeded', version: 2 },
      crewNotices: { status: 'succeeded', version: 2, sent: 3 },
    });
    // Updated, not duplicated.
    expect(google.insertCount).toBe(inserts);
    expect(google.events(CALENDAR).filter((e) => e.id === calendarEventId(bookingId))).toHaveLength(1);
    expect(calendarEvent(bookingId)?.start).toMatchObject({ dateTime: '2027-07-05T18:00:00-07:00' });
    expect(calendarEvent(bookingId)?.description).toContain('Cai Wong (mate)');

    const page = await (await fetch(guestUrl)).text();
    expect(page).toContain('Monday, July 5, 2027');
    expect(stack.invalidations().at(-1)?.paths).toEqual([`/g/${slug}`, `/g/${slug}/`, `/g/${slug}.html`]);

    const all = await newEmails();
    const moved = expectGuestEmail(toGuest(all)[0], GUEST.email, 'Your trip has moved: Sunset sail — Smith party — Monday, July 5, 2027');
    expect(toGuest(all)).toHaveLength(1);
    expect(moved.body.text).toContain('When: Monday, July 5, 2027, 6:00 PM – 9:00 PM PDT (was Sunday, July 4, 2027, 6:00 PM – 9:00 PM PDT)');
    const emails = toCrew(all);
    expect(emails).toHaveLength(3);
    expect(emails.map((e) => e.destination.to[0]).sort()).toEqual(['ana@example.com', 'ben@example.com', 'cai@example.com']);
    for (const email of emails) expectNoMoneyOrGuestContact(`email to ${email.destination.to[0]}`, `${email.subject}\n${email.body.html}\n${email.body.text}`);
    const toCai = emails.find((e) => e.destination.to[0] === 'cai@example.com') as CapturedEmail;
    links.set('cai', crewLinkIn(toCai));

    // Ben is off the trip: his link stops at once. Ana's still works and shows the new day.
    expect((await openCrewLink(links.get('ben') ?? '')).status).toBe(403);
    const ana = await openCrewLink(links.get('ana') ?? '');
    expect(ana.status).toBe(200);
    expect(ana.html).toContain('Monday, July 5, 2027');
    expect((await openCrewLink(links.get('cai') ?? '')).status).toBe(200);

    // Uploads follow the new end: after the old end, before the new one, still open.
    now = new Date('2027-07-05T06:00:00Z');
    const upload = await fetch(`${stack.apiUrl}/g/${slug}/photos`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ filename: 'dolphins.jpg', contentType: 'image/jpeg', size: 1000 }),
    });
    expect(upload.status).toBe(201);
    now = new Date('2027-06-01T12:00:00Z');
  });

  it('a change of finance or guest contact only: no crew email, no calendar write; the new guest address gets the welcome', async () => {
    const before = writes();
    const res = await call(
      'PATCH',
      `/bookings/${bookingId}`,
      { finance: { ...FINANCE, revenue: 199900 }, guest: { ...GUEST, email: 'smith.new@example.com' } },
      { 'If-Match': '"2"' },
    );
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(3);
    expect(writes()).toBe(before);
    const emails = await newEmails();
    expect(toCrew(emails)).toEqual([]);
    expect(emails).toHaveLength(1);
    expectGuestEmail(emails[0], 'smith.new@example.com', 'Your trip: Sunset sail — Smith party — Monday, July 5, 2027');
  });

  it('cancelled: calendar event cancelled, page says so and refuses uploads, crew page says so, one email each', async () => {
    const res = await call('POST', `/bookings/${bookingId}/cancel`, { reason: 'weather', note: 'Small craft advisory' });
    expect(res.status).toBe(200);
    expect(calendarEvent(bookingId)?.status).toBe('cancelled');
    expect(google.events(CALENDAR).filter((e) => e.id === calendarEventId(bookingId))).toHaveLength(1);
    expect(await (await fetch(guestUrl)).text()).toMatch(/cancelled/i);
    const upload = await fetch(`${stack.apiUrl}/g/${slug}/photos`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ filename: 'a.jpg', contentType: 'image/jpeg', size: 1000 }),
    });
    expect(upload.status).toBe(403);
    expect((await upload.json()).error.code).toBe('upload_closed');
    expect((await openCrewLink(links.get('ana') ?? '')).html).toMatch(/cancelled/i);
    const emails = await newEmails();
    expect(toCrew(emails).map((e) => e.destination.to[0]).sort()).toEqual(['ana@example.com', 'cai@example.com']);
    expect(toGuest(emails)).toHaveLength(1);
    const cancelled = expectGuestEmail(toGuest(emails)[0], 'smith.new@example.com', 'Cancelled: Sunset sail — Smith party — Monday, July 5, 2027');
    expect(cancelled.body.text).not.toContain(guestUrl);
  });

  it('reinstated: everything comes back, and each person hears once', async () => {
    const res = await call('POST', `/bookings/${bookingId}/reinstate`, {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'active', version: 5 });
    expect(calendarEvent(bookingId)?.status).toBe('confirmed');
    expect(await (await fetch(guestUrl)).text()).not.toMatch(/has been cancelled/i);
    expect((await openCrewLink(links.get('ana') ?? '')).html).not.toMatch(/Cancelled —/);
    const emails = await newEmails();
    expect(toCrew(emails).map((e) => e.destination.to[0]).sort()).toEqual(['ana@example.com', 'cai@example.com']);
    expect(toGuest(emails)).toHaveLength(1);
    expectGuestEmail(toGuest(emails)[0], 'smith.new@example.com', 'Back on: Sunset sail — Smith party — Monday, July 5, 2027');

    const history = await call('GET', `/bookings/${bookingId}/history`);
    expect(history.body.items.filter((h: { kind: string }) => h.kind !== 'step').map((h: { kind: string }) => h.kind)).toEqual([
      'reinstated',
      'cancelled',
      'changed',
      'changed',
      'created',
    ]);
  });

  it('a change made while the calendar fails: the retry converges to the latest version', async () => {
    google.setFault({ status: 500 });
    const first = await call('PATCH', `/bookings/${bookingId}`, { meetingPoint: 'Dock D' }, { 'If-Match': '"5"' });
    expect(first.status).toBe(202);
    expect(first.body.steps.calendar.status).toBe('failed');
    const second = await call('PATCH', `/bookings/${bookingId}`, { meetingPoint: 'Dock E' }, { 'If-Match': '"6"' });
    expect(second.body.steps.calendar.status).toBe('failed');
    google.setFault(null);
    const retried = await call('POST', `/bookings/${bookingId}/retry`);
    expect(retried.body.steps.calendar).toMatchObject({ status: 'succeeded', version: 7 });
    expect(calendarEvent(bookingId)?.location).toBe('Dock E');
    expect(google.events(CALENDAR).filter((e) => e.id === calendarEventId(bookingId))).toHaveLength(1);
  });
});
