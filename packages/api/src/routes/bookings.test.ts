import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '@scc/test/support';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await t.call('POST', '/crew', { crewId: 'ana', name: 'Ana Lopez', email: 'ana@example.com', phone: '+16195550101' });
  await t.call('POST', '/crew', { crewId: 'ben', name: 'Ben Ortiz', email: 'ben@example.com' });
});
afterAll(() => t.stop());

const smithBooking = (externalId = 'BS-4821337') => ({
  source: 'boatsetter',
  externalId,
  title: 'Sunset sail — Smith party',
  start: '2027-07-04T18:00:00-07:00',
  end: '2027-07-04T21:00:00-07:00',
  timezone: 'America/Los_Angeles',
  boat: 'JADA',
  meetingPoint: 'Harbor Island West Marina, Dock C',
  guest: { name: 'Jane Smith', email: 'jane@example.com', phone: '+16195550123', count: 6 },
  notes: 'Birthday; bring the cake plates',
  crew: [
    { crewId: 'ana', role: 'captain' },
    { crewId: 'ben', role: 'mate' },
  ],
  crewTasks: ['Stock cooler', 'Check fuel', 'Inspect sails'],
  finance: { revenue: 185000, captainFee: 35000, platformFee: 27750, currency: 'USD' },
});

describe('POST /bookings', () => {
  it('creates the event, page and emails in one call, and answers 201 with every step', async () => {
    const res = await t.call('POST', '/bookings', smithBooking());
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({
      bookingId: expect.stringMatching(/^bk_/),
      eventId: expect.stringMatching(/^evt_/),
      slug: expect.stringMatching(/^sunset-sail-smith-party-[a-z0-9]{18}$/),
      steps: {
        event: { status: 'succeeded' },
        calendar: { status: 'skipped', reason: 'Google Calendar is not configured' },
        guestPage: { status: 'succeeded' },
        crewNotices: { status: 'succeeded', sent: 2 },
      },
    });
    expect(body.guestUrl).toBe(`https://scc.test/g/${body.slug}`);

    const event = await (await t.call('GET', `/events/${body.eventId}`)).json();
    expect(event).toMatchObject({ title: 'Sunset sail — Smith party', guestCount: 6, partyName: 'Jane Smith', slug: body.slug });
    expect(event.crewTasks.map((task: { label: string }) => task.label)).toEqual(['Stock cooler', 'Check fuel', 'Inspect sails']);

    expect(t.fakes.guestPages.pages.get(body.slug)).toContain('Sunset sail — Smith party');
    expect(t.fakes.cdn.calls).toEqual([
      { paths: [`/g/${body.slug}`, `/g/${body.slug}/`, `/g/${body.slug}.html`], callerReference: expect.stringMatching(new RegExp(`^${body.bookingId}-page-`)) },
    ]);
    // One invite per crew member and the guest's welcome with their page.
    expect(t.fakes.mailer.sent.map((m) => m.to).sort()).toEqual(['ana@example.com', 'ben@example.com', 'jane@example.com']);
    expect(t.fakes.mailer.sent.find((m) => m.to === 'jane@example.com')?.text).toContain(body.guestUrl);
    const invite = t.fakes.mailer.sent.find((m) => m.to === 'ana@example.com');
    const link = /https:\/\/scc\.test\/c\/(evt_[a-z0-9]+)\?t=([\w.-]+)/.exec(invite?.text ?? '');
    expect(link?.[1]).toBe(body.eventId);
  });

  it('replays the same booking with 200, the stored result, and no side effect', async () => {
    const before = { pages: t.fakes.guestPages.puts, mails: t.fakes.mailer.sent.length, cdn: t.fakes.cdn.calls.length };
    const first = await (await t.call('POST', '/bookings', smithBooking())).json();
    const res = await t.call('POST', '/bookings', smithBooking());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(first);
    expect({ pages: t.fakes.guestPages.puts, mails: t.fakes.mailer.sent.length, cdn: t.fakes.cdn.calls.length }).toEqual(before);
  });

  it('answers 409 booking_conflict naming the fields that differ', async () => {
    const changed = { ...smithBooking(), title: 'Moonlight sail', finance: { ...smithBooking().finance, revenue: 199000 } };
    const res = await t.call('POST', '/bookings', changed);
    expect(res.status).toBe(409);
    const { error } = await res.json();
    expect(error.code).toBe('booking_conflict');
    expect(error.details.fields).toEqual(['finance.revenue', 'title']);
  });

  it('refuses unknown crew before recording anything', async () => {
    const res = await t.call('POST', '/bookings', { ...smithBooking('BS-unknown'), crew: [{ crewId: 'ghost', role: 'captain' }] });
    expect(res.status).toBe(422);
    const list = await (await t.call('GET', '/bookings?from=2027-07-01&to=2027-07-31')).json();
    expect(list.items.map((b: { externalId: string }) => b.externalId)).not.toContain('BS-unknown');
  });

  it('validates money as whole minor units and the rest like events', async () => {
    const res = await t.call('POST', '/bookings', {
      ...smithBooking('BS-bad'),
      finance: { revenue: 1850.5, captainFee: -1, platformFee: 0, currency: 'usd' },
      guest: { name: 'X', count: 0 },
    });
    expect(res.status).toBe(400);
    const paths = (await res.json()).error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['finance.revenue', 'finance.captainFee', 'finance.currency', 'guest.count']));
  });
});

describe('reading bookings', () => {
  it('GET /bookings/:id shows finance and guest contact to the office', async () => {
    const { bookingId } = await (await t.call('POST', '/bookings', smithBooking())).json();
    const res = await t.call('GET', `/bookings/${bookingId}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.finance).toEqual({ revenue: 185000, captainFee: 35000, platformFee: 27750, currency: 'USD' });
    expect(body.booking.guest).toEqual({ name: 'Jane Smith', email: 'jane@example.com', phone: '+16195550123', count: 6 });
    expect(body.health).toBe('ok');
  });

  it('GET /bookings lists by trip start with a health mark', async () => {
    const list = await (await t.call('GET', '/bookings?from=2027-07-04&to=2027-07-05')).json();
    expect(list.items).toEqual([expect.objectContaining({ externalId: 'BS-4821337', health: 'ok', guestName: 'Jane Smith' })]);
    expect((await (await t.call('GET', '/bookings?from=2027-08-01&to=2027-08-31')).json()).items).toEqual([]);
  });

  it('answers 404 for an unknown booking and its retry', async () => {
    expect((await t.call('GET', '/bookings/bk_nope')).status).toBe(404);
    expect((await t.call('POST', '/bookings/bk_nope/retry')).status).toBe(404);
  });

  it('needs the service key', async () => {
    expect((await t.app.request('/bookings')).status).toBe(401);
    expect((await t.app.request('/bookings', { method: 'POST' })).status).toBe(401);
  });
});
