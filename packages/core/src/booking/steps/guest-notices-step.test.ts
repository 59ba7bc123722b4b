import { beforeEach, describe, expect, it } from 'vitest';
import { sunsetBooking } from '../testing/sunset-booking';
import { DependencyRejectedError, DependencyUnavailableError } from '../../errors';
import { DEFAULT_SETTINGS, type OperatorSettings } from '../../settings/operator-settings';
import type { GuestNoticeView, GuestTold } from '../guest-notices';
import type { Mailer } from '../ports';
import type { BookingRecord, StepMemory } from '../schema';
import { MemoryMailer, MemoryNotifications } from '../testing/memory-ports';
import { GUEST_RECIPIENT, guestNoticesStep } from './guest-notices-step';

const NOW = new Date('2027-06-01T12:00:00.000Z');
const RAN = new Date('2027-06-01T12:00:05.000Z');
const POLICY = { timeoutMs: 1_000, attempts: 2, backoffMs: 0 };
const END_MS = Date.parse('2027-06-10T19:00:00Z');

const recordOf = (overrides: Partial<BookingRecord> = {}, request: Partial<BookingRecord['request']> = {}): BookingRecord =>
  sunsetBooking({ guest: { name: 'Dana  Reyes', email: 'dana@example.com', count: 4 }, whatToBring: 'Hats', crew: [], ...request }, { version: 2, ...overrides });

const TOLD: GuestTold = {
  email: 'dana@example.com',
  title: 'Sunset sail',
  start: '2027-06-10T18:00:00+02:00',
  end: '2027-06-10T21:00:00+02:00',
  timezone: 'Europe/Madrid',
  boat: 'Aurora',
  meetingPoint: 'Pier 4',
  whatToBring: 'Hats',
};
const { email: _e, ...BRIEF } = TOLD;

let notifications: MemoryNotifications;
let mailer: MemoryMailer;
let views: GuestNoticeView[];
let released: string[];
let settings: OperatorSettings;

beforeEach(() => {
  notifications = new MemoryNotifications();
  const release = notifications.release.bind(notifications);
  released = [];
  notifications.release = async (eventId, crewId, kind) => {
    released.push(`${crewId}|${kind}`);
    return release(eventId, crewId, kind);
  };
  mailer = new MemoryMailer();
  views = [];
  settings = { ...DEFAULT_SETTINGS, operator: { timezone: 'UTC', name: 'Blue Bay Charters', phone: '+34 600 000 000' } };
});

function converge(record: BookingRecord, memory?: StepMemory, now = NOW, overrides: Partial<Parameters<typeof guestNoticesStep>[0]> = {}) {
  return guestNoticesStep({
    notifications,
    mailer,
    render: (view) => {
      views.push(view);
      return { subject: `${view.kind}: ${view.title}`, html: '<p>hello</p>', text: 'hello' };
    },
    guestPageUrl: (slug) => `https://scc.test/g/${slug}`,
    settings: async () => settings,
    policy: POLICY,
    sleep: async () => {},
    clock: () => RAN,
    ...overrides,
  }).converge({ record, roster: new Map(), memory, now });
}

describe('the guest notices step', () => {
  it('is the guestNotices step, claiming in the guest’s own slot', () => {
    // Act / Assess
    expect(guestNoticesStep({} as Parameters<typeof guestNoticesStep>[0]).name).toBe('guestNotices');
    expect(GUEST_RECIPIENT).toBe('guest');
  });

  it('welcomes the guest by first name with their page and the operator to call, once, and remembers what they were told', async () => {
    // Act
    const outcome = await converge(recordOf());
    // Assess
    expect(views).toEqual([
      { ...BRIEF, kind: 'welcome', guestName: 'Dana', guestPageUrl: 'https://scc.test/g/sunset-sail', changed: [], operator: { name: 'Blue Bay Charters', phone: '+34 600 000 000' } },
    ]);
    expect(mailer.sent).toEqual([{ to: 'dana@example.com', subject: 'welcome: Sunset sail', html: '<p>hello</p>', text: 'hello' }]);
    expect([...notifications.items]).toEqual([[`ev_sunset|${GUEST_RECIPIENT}|guest-welcome#v2`, 'sent']]);
    expect(outcome).toEqual({ state: { status: 'succeeded', at: RAN.toISOString(), sent: 1 }, memory: { guest: TOLD } });
  });

  it('names no operator the settings leave out', async () => {
    // Prepare
    settings = DEFAULT_SETTINGS;
    // Act
    await converge(recordOf());
    // Assess
    expect(views[0]!.operator).toEqual({});
  });

  it('tells the guest what moved, showing what it was without their address', async () => {
    // Act
    const outcome = await converge(recordOf({}, { meetingPoint: 'Pier 9' }), { version: 1, guest: TOLD });
    // Assess
    expect(views).toEqual([
      expect.objectContaining({ kind: 'changed', meetingPoint: 'Pier 9', changed: ['meetingPoint'], previous: BRIEF }),
    ]);
    expect(outcome.memory).toEqual({ guest: { ...TOLD, meetingPoint: 'Pier 9' } });
  });

  it('tells a cancellation without the cancelled mark in what they knew', async () => {
    // Act
    const outcome = await converge(recordOf({ status: 'cancelled' }), { version: 1, guest: TOLD });
    // Assess
    expect(views.map((view) => [view.kind, view.previous])).toEqual([['cancelled', BRIEF]]);
    expect(outcome.memory).toEqual({ guest: { ...TOLD, cancelled: true } });
  });

  it('sends nothing when nothing they see changed, keeping what they were told', async () => {
    // Act
    const outcome = await converge(recordOf({}, { notes: 'crew only' }), { version: 1, guest: TOLD });
    // Assess
    expect(mailer.sent).toEqual([]);
    expect(outcome).toEqual({ state: { status: 'succeeded', at: RAN.toISOString(), sent: 0 }, memory: { guest: TOLD } });
  });

  it('sends nothing to a cancelled booking the guest never heard of, and keeps no memory', async () => {
    // Act
    const outcome = await converge(recordOf({ status: 'cancelled' }));
    // Assess
    expect(outcome).toEqual({ state: { status: 'succeeded', at: RAN.toISOString(), sent: 0 } });
  });

  it('is skipped, saying why, for a guest the booking asks not to email, keeping what they were told', async () => {
    // Act
    const outcome = await converge(recordOf({}, { notifyGuest: false }), { version: 1, guest: TOLD });
    // Assess
    expect(outcome).toEqual({ state: { status: 'skipped', at: RAN.toISOString(), reason: 'the booking asks for no guest email (notifyGuest: false)' }, memory: { guest: TOLD } });
    expect(mailer.sent).toEqual([]);
  });

  it('is skipped once the trip has ended, to the millisecond, with no memory when none was kept', async () => {
    // Act
    const outcome = await converge(recordOf(), undefined, new Date(END_MS));
    // Assess
    expect(outcome).toEqual({ state: { status: 'skipped', at: RAN.toISOString(), reason: 'the trip has ended' } });
  });

  it('counts a welcome an earlier run sent without sending it again', async () => {
    // Prepare
    await notifications.claim('ev_sunset', GUEST_RECIPIENT, 'guest-welcome#v2');
    await notifications.markSent('ev_sunset', GUEST_RECIPIENT, 'guest-welcome#v2');
    // Act
    const outcome = await converge(recordOf());
    // Assess
    expect(mailer.sent).toEqual([]);
    expect(outcome).toEqual({ state: { status: 'succeeded', at: RAN.toISOString(), sent: 1 }, memory: { guest: TOLD } });
  });

  it('leaves an interrupted email claimed, as final, keeping what they were told before', async () => {
    // Prepare
    await notifications.claim('ev_sunset', GUEST_RECIPIENT, 'guest-changed#v2');
    // Act
    const outcome = await converge(recordOf({}, { boat: 'Borealis' }), { version: 1, guest: TOLD });
    // Assess
    expect(mailer.sent).toEqual([]);
    expect(released).toEqual([]);
    expect(notifications.items.get(`ev_sunset|${GUEST_RECIPIENT}|guest-changed#v2`)).toBe('sending');
    expect(outcome).toEqual({
      state: { status: 'failed', at: RAN.toISOString(), reason: 'the email to the guest was interrupted and may not have arrived', retryable: false, attempts: 1 },
      memory: { guest: TOLD },
    });
  });

  it('keeps no memory for an interrupted welcome', async () => {
    // Prepare
    await notifications.claim('ev_sunset', GUEST_RECIPIENT, 'guest-welcome#v2');
    // Act
    const outcome = await converge(recordOf());
    // Assess
    expect(outcome).not.toHaveProperty('memory');
  });

  it('records a refused email as final after one attempt, and frees the claim', async () => {
    // Prepare
    let sends = 0;
    const refusing: Mailer = {
      send: async () => {
        sends++;
        throw new DependencyRejectedError('address is on the suppression list');
      },
    };
    // Act
    const outcome = await converge(recordOf({}, { boat: 'Borealis' }), { version: 1, guest: TOLD }, NOW, { mailer: refusing });
    // Assess
    expect(sends).toBe(1);
    expect(released).toEqual([`${GUEST_RECIPIENT}|guest-changed#v2`]);
    expect(outcome).toEqual({
      state: { status: 'failed', at: RAN.toISOString(), reason: 'could not email the guest: address is on the suppression list', retryable: false, attempts: 1 },
      memory: { guest: TOLD },
    });
  });

  it('records an email that kept failing for a while as retryable, with the attempts it took', async () => {
    // Prepare
    const busy: Mailer = {
      send: async () => {
        throw new DependencyUnavailableError('SES is throttling');
      },
    };
    // Act
    const outcome = await converge(recordOf(), undefined, NOW, { mailer: busy });
    // Assess
    expect(outcome).toEqual({ state: { status: 'failed', at: RAN.toISOString(), reason: 'could not email the guest: SES is throttling', retryable: true, attempts: 2 } });
  });

  it('counts an email as sent when noting it fails', async () => {
    // Prepare
    notifications.markSent = async () => {
      throw new Error('throttled');
    };
    // Act
    const outcome = await converge(recordOf());
    // Assess
    expect(outcome.state).toEqual({ status: 'succeeded', at: RAN.toISOString(), sent: 1 });
    expect(released).toEqual([]);
  });

  it('frees the claim and says a retry may help when the email could not be made', async () => {
    // Act
    const outcome = await converge(recordOf({}, { boat: 'Borealis' }), { version: 1, guest: TOLD }, NOW, {
      settings: async () => {
        throw new Error('settings table is missing');
      },
    });
    // Assess
    expect(mailer.sent).toEqual([]);
    expect(released).toEqual([`${GUEST_RECIPIENT}|guest-changed#v2`]);
    expect(outcome).toEqual({
      state: { status: 'failed', at: RAN.toISOString(), reason: 'could not email the guest: settings table is missing', retryable: true, attempts: 1 },
      memory: { guest: TOLD },
    });
  });

  it('names a thrown non-error by its text, survives a failing release, and keeps no memory it did not have', async () => {
    // Prepare
    notifications.release = async () => {
      throw new Error('throttled');
    };
    // Act
    const outcome = await converge(recordOf(), undefined, NOW, {
      render: () => {
        throw 'template missing';
      },
    });
    // Assess
    expect(outcome).toEqual({ state: { status: 'failed', at: RAN.toISOString(), reason: 'could not email the guest: template missing', retryable: true, attempts: 1 } });
  });

  it('keeps no memory after a refused welcome', async () => {
    // Act
    const outcome = await converge(recordOf(), undefined, NOW, {
      mailer: {
        send: async () => {
          throw new DependencyRejectedError('bad address');
        },
      },
    });
    // Assess
    expect(outcome).not.toHaveProperty('memory');
  });
});
