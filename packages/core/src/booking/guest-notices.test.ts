import { describe, expect, it } from 'vitest';
import { DependencyRejectedError } from '../errors';
import { resolveSettings } from '../settings/operator-settings';
import { type GuestTold, guestSilence, planGuestNotice } from './guest-notices';
import { deriveBookingId, deriveEventId } from './ids';
import { GUEST_RECIPIENT } from './steps/guest-notices-step';
import { MemoryNotifications } from './testing/memory-ports';
import { bookingCreateSchema, type BookingInput, type BookingRecord } from './schema';
import { memoryBookingRig } from './testing/booking-service-rig';

const NOW = new Date('2027-06-01T12:00:00Z');

const input = (extra: Partial<BookingInput> = {}): BookingInput => ({
  source: 'boatsetter',
  externalId: 'G-1',
  title: 'Sunset sail',
  start: '2027-07-04T18:00:00-07:00',
  end: '2027-07-04T21:00:00-07:00',
  timezone: 'America/Los_Angeles',
  boat: 'JADA',
  meetingPoint: 'Dock C',
  guest: { name: 'Jane Smith', email: 'jane@example.com', count: 4 },
  whatToBring: 'Sunscreen',
  finance: { revenue: 185000, captainFee: 40000, platformFee: 20000, currency: 'USD' },
  ...extra,
});

const basis = (extra: Partial<BookingInput> = {}, status: BookingRecord['status'] = 'active') => {
  const { finance: _f, ...request } = bookingCreateSchema.parse(input(extra));
  return { bookingId: 'b1', eventId: 'e1', slug: 's1', createdAt: NOW.toISOString(), request, status };
};

const told: GuestTold = {
  email: 'jane@example.com',
  title: 'Sunset sail',
  start: '2027-07-04T18:00:00-07:00',
  end: '2027-07-04T21:00:00-07:00',
  timezone: 'America/Los_Angeles',
  boat: 'JADA',
  meetingPoint: 'Dock C',
  whatToBring: 'Sunscreen',
};

describe('planning the guest’s email', () => {
  it('welcomes a guest who was never told, and says nothing again for the same trip', () => {
    expect(planGuestNotice(undefined, basis())).toMatchObject({ kind: 'welcome', email: 'jane@example.com', after: told });
    expect(planGuestNotice(told, basis())).toBeUndefined();
  });

  it('names what moved, and only what a guest would notice', () => {
    const moved = planGuestNotice(told, basis({ start: '2027-07-05T18:00:00-07:00', end: '2027-07-05T21:00:00-07:00', meetingPoint: 'Dock D' }));
    expect(moved).toMatchObject({ kind: 'changed', changed: ['time', 'meetingPoint'], previous: told });
    // The same instant written in another offset is not a move.
    expect(planGuestNotice(told, basis({ start: '2027-07-05T01:00:00Z', end: '2027-07-05T04:00:00Z' }))).toBeUndefined();
    // Party size, notes and crew are not in a guest email: no new one.
    expect(planGuestNotice(told, basis({ guest: { name: 'Jane Smith', email: 'jane@example.com', count: 9 }, notes: 'VIP' }))).toBeUndefined();
    expect(planGuestNotice(told, basis({ whatToBring: undefined }))).toMatchObject({ changed: ['whatToBring'] });
  });

  it('tells a cancellation once, a reinstatement once, and a new address gets the welcome', () => {
    const cancelled = planGuestNotice(told, basis({}, 'cancelled'));
    expect(cancelled).toMatchObject({ kind: 'cancelled', after: { ...told, cancelled: true } });
    expect(planGuestNotice(cancelled?.after, basis({}, 'cancelled'))).toBeUndefined();
    expect(planGuestNotice(undefined, basis({}, 'cancelled'))).toBeUndefined();
    expect(planGuestNotice(cancelled?.after, basis())).toMatchObject({ kind: 'reinstated', changed: [] });
    expect(planGuestNotice(told, basis({ guest: { name: 'Jane Smith', email: 'JANE@example.com', count: 4 } }))).toBeUndefined();
    expect(planGuestNotice(told, basis({ guest: { name: 'Jane Smith', email: 'other@example.com', count: 4 } }))).toMatchObject({
      kind: 'welcome',
      email: 'other@example.com',
    });
  });

  it('stays silent when asked to, without an address, with unconfirmed guest details, or after the trip', () => {
    expect(guestSilence(basis(), NOW)).toBeUndefined();
    expect(guestSilence(basis({ notifyGuest: false }), NOW)).toMatch(/notifyGuest/);
    expect(guestSilence(basis({ guest: { name: 'Jane', count: 2 } }), NOW)).toMatch(/no email address/);
    expect(guestSilence({ ...basis(), needsDetails: ['guest'] }, NOW)).toMatch(/not confirmed/);
    expect(guestSilence(basis(), new Date('2027-07-05T04:00:00Z'))).toMatch(/ended/);
    expect(guestSilence(basis(), new Date('2027-07-05T03:59:59Z'))).toBeUndefined();
  });
});

describe('the guestNotices step', () => {
  it('sends the welcome once with the trip, the page and the operator, and never the money', async () => {
    const settings = resolveSettings({ operator: { name: 'Bay Charters', phone: '+1 619 555 0100' } });
    const views: unknown[] = [];
    const seen = memoryBookingRig(NOW, {
      settings: { get: async () => settings, put: async () => {} },
      render: {
        guestPage: () => '<h1></h1>',
        crewNotice: () => ({ subject: '', html: '', text: '' }),
        guestNotice: (view) => (views.push(view), { subject: `guest ${view.kind}`, html: '', text: '' }),
      },
    });

    const created = await seen.service.submit(bookingCreateSchema.parse(input()));
    await seen.service.retry(created.result.bookingId);

    expect(created.result.steps.guestNotices).toMatchObject({ status: 'succeeded', sent: 1, version: 1 });
    expect(seen.mailer.sent.map((m) => `${m.to} ${m.subject}`)).toEqual(['jane@example.com guest welcome']);
    expect(views).toEqual([
      {
        kind: 'welcome',
        guestName: 'Jane',
        title: 'Sunset sail',
        start: '2027-07-04T18:00:00-07:00',
        end: '2027-07-04T21:00:00-07:00',
        timezone: 'America/Los_Angeles',
        boat: 'JADA',
        meetingPoint: 'Dock C',
        whatToBring: 'Sunscreen',
        guestPageUrl: `https://scc.test/g/${created.result.slug}`,
        changed: [],
        operator: { name: 'Bay Charters', phone: '+1 619 555 0100' },
      },
    ]);
    expect(JSON.stringify(views)).not.toMatch(/185000|40000|20000/);
  });

  it('is skipped with its reason for notifyGuest: false, and a later change of mind sends the welcome', async () => {
    const rig = memoryBookingRig(NOW);
    const created = await rig.service.submit(bookingCreateSchema.parse(input({ notifyGuest: false })));
    expect(created.result.steps.guestNotices).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/notifyGuest/) });
    expect(rig.mailer.sent).toEqual([]);

    const changed = await rig.service.change(created.result.bookingId, { notifyGuest: true }, { expectedVersion: 1 });

    expect(changed.result.steps.guestNotices).toMatchObject({ status: 'succeeded', sent: 1, version: 2 });
    expect(rig.mailer.sent.map((m) => m.subject)).toEqual(['guest welcome: Sunset sail']);
  });

  it('a refused email fails the step, not retryable, and frees the claim so the retry after a fix sends it once', async () => {
    const rig = memoryBookingRig(NOW);
    const send = rig.mailer.send.bind(rig.mailer);
    rig.mailer.send = async () => {
      throw new DependencyRejectedError('SES rejected the address');
    };
    const created = await rig.service.submit(bookingCreateSchema.parse(input()));
    expect(created.result.steps.guestNotices).toMatchObject({ status: 'failed', retryable: false, reason: expect.stringMatching(/could not email the guest: .*rejected/) });

    rig.mailer.send = send;
    const retried = await rig.service.retry(created.result.bookingId);
    await rig.service.retry(created.result.bookingId);

    expect(retried.result.steps.guestNotices).toMatchObject({ status: 'succeeded', sent: 1 });
    expect(rig.mailer.sent).toHaveLength(1);
  });

  it('an email a crashed run claimed but never confirmed is reported, never sent a second time blindly', async () => {
    const notifications = new MemoryNotifications();
    const eventId = deriveEventId(deriveBookingId('boatsetter', 'G-1'));
    // A run that died between claiming and confirming the welcome left this behind.
    await notifications.claim(eventId, GUEST_RECIPIENT, 'guest-welcome#v1');
    const rig = memoryBookingRig(NOW, { notifications });

    const created = await rig.service.submit(bookingCreateSchema.parse(input()));

    expect(created.result.steps.guestNotices).toMatchObject({ status: 'failed', retryable: false, reason: expect.stringMatching(/interrupted/) });
    expect(rig.mailer.sent).toEqual([]);
  });

  it('an email sent whose confirmation could not be written still counts as sent', async () => {
    const notifications = new MemoryNotifications();
    notifications.markSent = async () => {
      throw new Error('DynamoDB is throttling');
    };
    const rig = memoryBookingRig(NOW, { notifications });

    const created = await rig.service.submit(bookingCreateSchema.parse(input()));
    const retried = await rig.service.retry(created.result.bookingId);

    expect(created.result.steps.guestNotices).toMatchObject({ status: 'succeeded', sent: 1 });
    expect(retried.result.steps.guestNotices).toMatchObject({ status: 'succeeded' });
    expect(rig.mailer.sent).toHaveLength(1);
  });
});
