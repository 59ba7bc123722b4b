import { bookingBody, expectNoMoneyOrGuestContact, parseIcs, startTestApp, TEST_MAGIC_LINKS, type TestApp } from '@scc/test/support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestApp;
let eventId: string;
let bookingId: string;
const OPERATOR = 'ops@charters.example';
const cookies = new Map<string, string>();

/** Opens a person's emailed link like a browser does: the token becomes the trip's cookie. */
async function cookieOf(crewId: string, event = eventId): Promise<string> {
  const email = [...t.fakes.mailer.sent].reverse().find((e) => e.to === `${crewId}@example.com` && e.text.includes(`/c/${event}?t=`));
  const link = /https:\/\/scc\.test(\/c\/\S+)/.exec(email?.text ?? '')?.[1];
  if (!link) throw new Error(`No link for ${crewId}`);
  const res = await t.app.request(link);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

const asCrew = (cookie: string, method: string, path: string, body?: unknown) =>
  t.app.request(path, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });

const answer = (crewId: string, body: unknown, event = eventId) => asCrew(cookies.get(crewId) ?? '', 'POST', `/c/${event}/response`, body);
const toOperator = () => t.fakes.mailer.sent.filter((e) => e.to === OPERATOR);

beforeAll(async () => {
  t = await startTestApp();
  await t.call('PATCH', '/settings', { operator: { email: OPERATOR } });
  for (const [crewId, name] of [['ana', 'Ana Lopez'], ['ben', 'Ben Ortiz'], ['cy', 'Cy Young'], ['dee', 'Dee Park']]) {
    await t.call('POST', '/crew', { crewId, name, email: `${crewId}@example.com` });
  }
  const created = await (
    await t.call(
      'POST',
      '/bookings',
      bookingBody('BS-ANSWER', {
        crew: [{ crewId: 'ana', role: 'captain' }, { crewId: 'ben', role: 'mate' }, { crewId: 'cy', role: 'deckhand' }],
        crewTasks: ['Stock cooler', 'Check fuel', 'Inspect sails'],
      }),
    )
  ).json();
  ({ eventId, bookingId } = created);
  for (const crewId of ['ana', 'ben', 'cy']) cookies.set(crewId, await cookieOf(crewId));
});
afterAll(() => t.stop());

describe('POST /c/:eventId/response', () => {
  it('the invite asks for an answer on the page, and holds no link that answers', () => {
    const invite = t.fakes.mailer.sent.find((e) => e.to === 'ana@example.com');

    expect(invite?.text).toContain("Please confirm on your crew page, or tell the operator there that you can't make it.");
    expect(invite?.text).not.toMatch(/\/response|status=/);
  });

  it('a confirm answers 200 with the status and its time; the console sees it', async () => {
    const res = await answer('ana', { status: 'confirmed' });

    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({ response: { status: 'confirmed', at: expect.any(String) } });
    const detail = await (await t.call('GET', `/bookings/${bookingId}`)).json();
    expect(detail.version).toBe(1);
    expect(detail.crewStatus).toEqual([
      { crewId: 'ana', role: 'captain', status: 'confirmed', at: body.response.at },
      { crewId: 'ben', role: 'mate', status: 'pending' },
      { crewId: 'cy', role: 'deckhand', status: 'pending' },
    ]);
    expect(toOperator()).toEqual([]);
  });

  it('a decline with a note emails the operator once, however often it is tapped; the list shows it', async () => {
    const first = await answer('ben', { status: 'declined', note: 'Sick kid <b>' });
    const second = await answer('ben', { status: 'declined', note: 'Sick kid <b>' });

    expect([first.status, second.status]).toEqual([200, 200]);
    expect((await first.json()).response).toMatchObject({ status: 'declined', note: 'Sick kid <b>' });
    const emails = toOperator();
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toContain("Ben Ortiz can't make Sunset sail");
    expect(emails[0]?.text).toContain('Their note: Sick kid <b>');
    expect(emails[0]?.html).toContain('Sick kid &lt;b&gt;');
    expect(emails[0]?.text).toContain(`/admin/bookings/${bookingId}`);
    expectNoMoneyOrGuestContact('decline email', `${emails[0]?.subject}\n${emails[0]?.html}\n${emails[0]?.text}`);
    const list = await (await t.call('GET', '/bookings?from=2027-07-01&to=2027-07-31')).json();
    const row = list.items.find((b: { bookingId: string }) => b.bookingId === bookingId);
    expect(row.crewStatus.map((s: { status: string }) => s.status)).toEqual(['confirmed', 'declined', 'pending']);
  });

  it('a change of mind is stored: confirm after decline', async () => {
    const res = await answer('cy', { status: 'declined' });
    expect(res.status).toBe(200);
    const confirmed = await answer('cy', { status: 'confirmed' });

    expect((await confirmed.json()).response.status).toBe('confirmed');
    const detail = await (await t.call('GET', `/bookings/${bookingId}`)).json();
    expect(detail.crewStatus[2]).toMatchObject({ crewId: 'cy', status: 'confirmed' });
  });

  it('someone taken off and put back is pending again', async () => {
    const before = await (await t.call('GET', `/bookings/${bookingId}`)).json();
    const crew = before.booking.crew as { crewId: string; role: string }[];
    const off = await t.call('PATCH', `/bookings/${bookingId}`, { crew: crew.filter((a) => a.crewId !== 'cy') }, { 'If-Match': `"${before.version}"` });
    const back = await t.call('PATCH', `/bookings/${bookingId}`, { crew }, { 'If-Match': `"${before.version + 1}"` });

    expect([off.status, back.status]).toEqual([200, 200]);
    const detail = await (await t.call('GET', `/bookings/${bookingId}`)).json();
    expect(detail.crewStatus.map((s: { crewId: string; status: string }) => [s.crewId, s.status])).toEqual([['ana', 'confirmed'], ['ben', 'declined'], ['cy', 'pending']]);
    // Put back, Cy has a new link: the old cookie no longer works.
    cookies.set('cy', await cookieOf('cy'));
    expect((await answer('cy', { status: 'confirmed' })).status).toBe(200);
  });

  it.each([
    ['an unknown status', { status: 'maybe' }],
    ['no status', { note: 'hi' }],
    ['a field too many', { status: 'confirmed', extra: 1 }],
    ['a note too long', { status: 'declined', note: 'x'.repeat(501) }],
  ])('%s is 400 with the error shape', async (_, body) => {
    const res = await answer('ana', body);

    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: 'invalid_request', message: expect.any(String), details: expect.any(Object) });
  });

  it('is never a GET: opening the address changes nothing', async () => {
    const res = await asCrew(cookies.get('ana') ?? '', 'GET', `/c/${eventId}/response`);
    expect(res.status).toBe(404);
  });

  it('without a link 401; another trip’s link 403; someone not on the crew cannot answer', async () => {
    expect((await t.app.request(`/c/${eventId}/response`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"status":"confirmed"}' })).status).toBe(401);
    const other = await (await t.call('POST', '/bookings', bookingBody('BS-ANSWER-OTHER', { crew: [{ crewId: 'dee', role: 'captain' }] }))).json();
    const deeToken = await TEST_MAGIC_LINKS.sign({ crewId: 'dee', eventId: other.eventId, generation: 1 }, new Date(Date.now() + 3_600_000));
    const wrongTrip = await t.app.request(`/c/${eventId}/response`, {
      method: 'POST',
      headers: { authorization: `Bearer ${deeToken}`, 'Content-Type': 'application/json' },
      body: '{"status":"confirmed"}',
    });
    expect(wrongTrip.status).toBe(403);
    const notOnCrew = await TEST_MAGIC_LINKS.sign({ crewId: 'dee', eventId, generation: 1 }, new Date(Date.now() + 3_600_000));
    const refused = await t.app.request(`/c/${eventId}/response`, {
      method: 'POST',
      headers: { authorization: `Bearer ${notOnCrew}`, 'Content-Type': 'application/json' },
      body: '{"status":"confirmed"}',
    });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('crew_access_denied');
  });

  it('a cancelled trip: 409 response_closed, nothing stored', async () => {
    const made = await (await t.call('POST', '/bookings', bookingBody('BS-ANSWER-CANCEL', { crew: [{ crewId: 'dee', role: 'captain' }] }))).json();
    cookies.set('dee', await cookieOf('dee', made.eventId));
    await t.call('POST', `/bookings/${made.bookingId}/cancel`, { reason: 'weather' }, { 'If-Match': '"1"' });

    const res = await answer('dee', { status: 'confirmed' }, made.eventId);

    expect(res.status).toBe(409);
    expect((await res.json()).error).toMatchObject({ code: 'response_closed', details: { reason: 'cancelled' } });
    expect((await (await t.call('GET', `/bookings/${made.bookingId}`)).json()).crewStatus[0].status).toBe('pending');
  });

  it('an ended trip: 409 response_closed', async () => {
    const past = await (
      await t.call('POST', '/bookings', bookingBody('BS-ANSWER-PAST', { start: '2025-07-04T18:00:00-07:00', end: '2025-07-04T21:00:00-07:00', allowPast: true, crew: [{ crewId: 'dee', role: 'captain' }] }))
    ).json();
    const token = await TEST_MAGIC_LINKS.sign({ crewId: 'dee', eventId: past.eventId, generation: 1 }, new Date(Date.now() + 3_600_000));

    const res = await t.app.request(`/c/${past.eventId}/response`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{"status":"declined"}',
    });

    expect(res.status).toBe(409);
    expect((await res.json()).error.details.reason).toBe('ended');
  });
});

describe('the crew page with answers', () => {
  it('shows the trip first, then the viewer’s answer with its buttons, then the checklist progress', async () => {
    const html = await (await asCrew(cookies.get('ben') ?? '', 'GET', `/c/${eventId}`)).text();

    const order = ['id="trip"', 'id="answer"', 'id="tasks"', 'id="details"'].map((marker) => html.indexOf(marker));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain('aria-pressed="true" aria-expanded="false" aria-controls="decline-note" disabled>Can\'t make it</button>');
    expect(html).toContain('You can&#39;t make it');
    expect(html).toContain('0 of 3 done');
    expect(html).toContain(`href="/c/${eventId}/trip.ics"`);
    // Others see that Ben can't make it, never why.
    const anaHtml = await (await asCrew(cookies.get('ana') ?? '', 'GET', `/c/${eventId}`)).text();
    expect(anaHtml).toContain('can&#39;t make it');
    expect(anaHtml).not.toContain('Sick kid');
    expect(anaHtml).toContain('aria-pressed="true" disabled>Confirm</button>');
  });
});

describe('GET /c/:eventId/trip.ics', () => {
  it('gives the one trip for a calendar, through the cookie or ?t=, without money or guest contact', async () => {
    const byCookie = await asCrew(cookies.get('ana') ?? '', 'GET', `/c/${eventId}/trip.ics`);
    const token = /\?t=(\S+)/.exec(t.fakes.mailer.sent.find((e) => e.to === 'ana@example.com' && e.text.includes(`/c/${eventId}?t=`))?.text ?? '')?.[1];
    const byQuery = await t.app.request(`/c/${eventId}/trip.ics?t=${token}`);

    for (const res of [byCookie, byQuery]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/calendar');
      const body = await res.text();
      const [entry, ...rest] = parseIcs(body);
      expect(rest).toEqual([]);
      expect(entry).toMatchObject({ uid: `${eventId}@shipcaptaincrew`, summary: 'Sunset sail', location: 'Dock C', start: '2027-07-05T01:00:00.000Z' });
      expect(entry?.description).toContain('Role: captain');
      expectNoMoneyOrGuestContact('trip.ics', body);
      expect(body).not.toContain('Jane Smith');
    }
    expect((await t.app.request(`/c/${eventId}/trip.ics`)).status).toBe(401);
    expect((await t.app.request(`/c/${eventId}/trip.ics?t=nonsense`)).status).toBe(401);
  });
});
