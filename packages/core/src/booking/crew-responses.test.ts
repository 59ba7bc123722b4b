import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../errors';
import { DEFAULT_SETTINGS, type OperatorSettings } from '../settings/operator-settings';
import type { CrewEvent } from '../schemas/event';
import { toCrewPageView } from './crew-page-view';
import { type CrewDeclinedView, CrewResponseClosedError, CrewResponseService, crewStatusOf } from './crew-responses';
import { bookingCreateSchema } from './schema';
import { memoryBookingRig } from './testing/booking-service-rig';
import { MemoryEvents, MemoryMailer, MemoryNotifications } from './testing/memory-ports';

const NOW = new Date('2027-07-01T12:00:00Z');
const OPERATOR: OperatorSettings = { ...DEFAULT_SETTINGS, operator: { ...DEFAULT_SETTINGS.operator, email: 'ops@charters.example' } };

/** A booked trip with Ana (captain) and Ben (mate), and the answer service beside it. */
async function world(settings: OperatorSettings = OPERATOR) {
  const events = new MemoryEvents();
  const notifications = new MemoryNotifications();
  const rig = memoryBookingRig(NOW, { events, notifications });
  rig.crew.add('ana', 'Ana Lopez');
  rig.crew.add('ben', 'Ben Ortiz');
  rig.crew.add('cy', 'Cy Young');
  const operatorMail = new MemoryMailer();
  const rendered: CrewDeclinedView[] = [];
  const responses = new CrewResponseService({
    bookings: rig.bookings,
    crew: rig.crew,
    notifications,
    mailer: operatorMail,
    render: (view) => {
      rendered.push(view);
      return { subject: `declined: ${view.crewName}`, html: '', text: view.note ?? '' };
    },
    settings: async () => settings,
    links: { adminBookingUrl: (id) => `https://scc.test/admin/bookings/${id}` },
    clock: rig.clock,
  });
  const outcome = await rig.service.submit(
    bookingCreateSchema.parse({
      source: 'boatsetter',
      externalId: 'BS-1',
      title: 'Sunset sail',
      start: '2027-07-04T18:00:00-07:00',
      end: '2027-07-04T21:00:00-07:00',
      timezone: 'America/Los_Angeles',
      boat: 'JADA',
      meetingPoint: 'Dock C',
      guest: { name: 'Jane Smith', count: 6 },
      crew: [{ crewId: 'ana', role: 'captain' }, { crewId: 'ben', role: 'mate' }],
      finance: { revenue: 184731, captainFee: 35917, platformFee: 27709, currency: 'USD' },
    }),
  );
  const { bookingId, eventId } = outcome.result;
  const event = async () => (await events.get(eventId)) as CrewEvent;
  return { rig, responses, operatorMail, rendered, bookingId, eventId, event, notifications };
}

describe('crew confirm or decline', () => {
  it('a confirm is stored with its time and the booking version, without a new version or an email', async () => {
    const w = await world();

    const outcome = await w.responses.respond(await w.event(), 'ana', { status: 'confirmed' });

    expect(outcome).toEqual({ response: { status: 'confirmed', at: NOW.toISOString(), version: 1 }, operatorEmail: 'not_needed' });
    const record = await w.rig.service.get(w.bookingId);
    expect(record.version).toBe(1);
    expect(crewStatusOf(record)).toEqual([
      { crewId: 'ana', role: 'captain', status: 'confirmed', at: NOW.toISOString() },
      { crewId: 'ben', role: 'mate', status: 'pending' },
    ]);
    expect(w.operatorMail.sent).toEqual([]);
  });

  it('a decline with a note emails the operator once, with the trip, the person, the note and the booking link', async () => {
    const w = await world();

    const first = await w.responses.respond(await w.event(), 'ben', { status: 'declined', note: '  Sick kid  ' });
    w.rig.advance(1000);
    const again = await w.responses.respond(await w.event(), 'ben', { status: 'declined', note: 'Sick kid' });

    expect(first.operatorEmail).toBe('sent');
    expect(again.operatorEmail).toBe('already_sent');
    // A repeated decline is the same decline: its time stays.
    expect(again.response.at).toBe(first.response.at);
    expect(w.operatorMail.sent).toHaveLength(1);
    expect(w.operatorMail.sent[0]).toMatchObject({ to: 'ops@charters.example', subject: 'declined: Ben Ortiz', text: 'Sick kid' });
    expect(w.rendered[0]).toEqual({
      title: 'Sunset sail',
      start: '2027-07-04T18:00:00-07:00',
      end: '2027-07-04T21:00:00-07:00',
      timezone: 'America/Los_Angeles',
      boat: 'JADA',
      meetingPoint: 'Dock C',
      crewName: 'Ben Ortiz',
      role: 'mate',
      note: 'Sick kid',
      bookingUrl: `https://scc.test/admin/bookings/${w.bookingId}`,
    });
    expect(JSON.stringify(w.rendered)).not.toMatch(/184731|35917|27709|1847\.31/);
  });

  it('two taps at once store one decline and send one email', async () => {
    const w = await world();
    const event = await w.event();

    const outcomes = await Promise.all([
      w.responses.respond(event, 'ben', { status: 'declined' }),
      w.responses.respond(event, 'ben', { status: 'declined' }),
    ]);

    expect(outcomes.map((o) => o.operatorEmail).sort()).toEqual(['already_sent', 'sent']);
    expect(w.operatorMail.sent).toHaveLength(1);
  });

  it('a change of mind is kept, and a new decline after a confirm is told again', async () => {
    const w = await world();

    await w.responses.respond(await w.event(), 'ben', { status: 'declined' });
    w.rig.advance(60_000);
    const confirmed = await w.responses.respond(await w.event(), 'ben', { status: 'confirmed' });
    w.rig.advance(60_000);
    const declinedAgain = await w.responses.respond(await w.event(), 'ben', { status: 'declined', note: 'Sorry, really out' });

    expect(confirmed.response.status).toBe('confirmed');
    expect(declinedAgain.operatorEmail).toBe('sent');
    expect(w.operatorMail.sent).toHaveLength(2);
    expect(crewStatusOf(await w.rig.service.get(w.bookingId))[1]).toMatchObject({ status: 'declined', note: 'Sorry, really out' });
  });

  it('without an operator address, a decline is stored and no email goes out', async () => {
    const w = await world(DEFAULT_SETTINGS);

    const outcome = await w.responses.respond(await w.event(), 'ben', { status: 'declined' });

    expect(outcome.operatorEmail).toBe('no_address');
    expect(w.operatorMail.sent).toEqual([]);
    expect(crewStatusOf(await w.rig.service.get(w.bookingId))[1]?.status).toBe('declined');
  });

  it('a failed send is released, so the next tap sends it', async () => {
    const w = await world();
    const send = w.operatorMail.send.bind(w.operatorMail);
    w.operatorMail.send = async () => {
      throw new Error('SES is down');
    };

    const failed = await w.responses.respond(await w.event(), 'ben', { status: 'declined' });
    w.operatorMail.send = send;
    const retried = await w.responses.respond(await w.event(), 'ben', { status: 'declined' });

    expect(failed.operatorEmail).toBe('failed');
    expect(retried.operatorEmail).toBe('sent');
    expect(w.operatorMail.sent).toHaveLength(1);
  });

  it('a cancelled or ended trip takes no answer (409), and nothing is stored', async () => {
    const w = await world();
    await w.rig.service.cancel(w.bookingId, { reason: 'weather' });
    const cancelled = w.responses.respond(await w.event(), 'ana', { status: 'confirmed' });
    await expect(cancelled).rejects.toBeInstanceOf(CrewResponseClosedError);
    await expect(cancelled).rejects.toMatchObject({ code: 'response_closed', details: { reason: 'cancelled' } });

    const ended = await world();
    ended.rig.setNow(new Date('2027-07-05T05:00:00Z'));
    await expect(ended.responses.respond(await ended.event(), 'ana', { status: 'confirmed' })).rejects.toMatchObject({ details: { reason: 'ended' } });
    expect((await w.rig.service.get(w.bookingId)).crewResponses).toBeUndefined();
  });

  it('someone not on the booking cannot answer, and a trip without a booking has nothing to answer', async () => {
    const w = await world();
    const event = await w.event();

    await expect(w.responses.respond(event, 'cy', { status: 'confirmed' })).rejects.toBeInstanceOf(NotFoundError);
    const { bookingId: _, ...standalone } = event;
    await expect(w.responses.respond(standalone, 'ana', { status: 'confirmed' })).rejects.toMatchObject({ details: { reason: 'not_a_booking' } });
  });

  it('a swap shows only the people on the trip now: the one taken off loses their answer with their place', async () => {
    const w = await world();
    await w.responses.respond(await w.event(), 'ana', { status: 'confirmed' });
    await w.responses.respond(await w.event(), 'ben', { status: 'declined', note: 'Away' });

    await w.rig.service.change(w.bookingId, { crew: [{ crewId: 'ana', role: 'captain' }, { crewId: 'cy', role: 'mate' }] }, { expectedVersion: 1 });

    const record = await w.rig.service.get(w.bookingId);
    expect(crewStatusOf(record)).toEqual([
      { crewId: 'ana', role: 'captain', status: 'confirmed', at: NOW.toISOString() },
      { crewId: 'cy', role: 'mate', status: 'pending' },
    ]);
    // Ana's answer, given on version 1, still counts on version 2; Ben can no longer answer.
    await expect(w.responses.respond(await w.event(), 'ben', { status: 'confirmed' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('someone taken off and put back is asked again: their old answer left with them', async () => {
    const w = await world();
    await w.responses.respond(await w.event(), 'ben', { status: 'declined' });
    await w.rig.service.change(w.bookingId, { crew: [{ crewId: 'ana', role: 'captain' }] }, { expectedVersion: 1 });

    await w.rig.service.change(w.bookingId, { crew: [{ crewId: 'ana', role: 'captain' }, { crewId: 'ben', role: 'mate' }] }, { expectedVersion: 2 });

    expect(crewStatusOf(await w.rig.service.get(w.bookingId))[1]).toEqual({ crewId: 'ben', role: 'mate', status: 'pending' });
  });

  it('the crew page shows the viewer their own answer and the others their status, never the note', async () => {
    const w = await world();
    await w.responses.respond(await w.event(), 'ben', { status: 'declined', note: 'Private reason' });
    const event = await w.event();
    const roster = await w.rig.crew.getMany(['ana', 'ben']);
    const booking = await w.rig.service.get(w.bookingId);

    const anaView = toCrewPageView(event, roster[0]!, roster, undefined, { booking, now: NOW });
    const benView = toCrewPageView(event, roster[1]!, roster, undefined, { booking, now: NOW });

    expect(anaView.response).toEqual({ status: 'pending', open: true });
    expect(anaView.crew.map((c) => c.status)).toEqual(['pending', 'declined']);
    expect(JSON.stringify(anaView)).not.toContain('Private reason');
    expect(benView.response).toEqual({ status: 'declined', at: NOW.toISOString(), note: 'Private reason', open: true });
    expect(toCrewPageView(event, roster[0]!, roster, undefined, { booking, now: new Date('2027-07-05T05:00:00Z') }).response?.open).toBe(false);
  });
});
