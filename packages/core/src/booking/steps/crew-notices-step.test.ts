import { beforeEach, describe, expect, it } from 'vitest';
import { sunsetBooking } from '../testing/sunset-booking';
import { DependencyRejectedError, DependencyUnavailableError } from '../../errors';
import type { CrewMember } from '../../schemas/crew';
import { briefOf } from '../crew-notices';
import { crewEventOf } from '../drafts';
import type { Mailer, OutgoingEmail } from '../ports';
import type { NotificationClaim } from '../repository';
import type { BookingRecord, StepMemory, ToldBrief } from '../schema';
import { MemoryEvents, MemoryMailer, MemoryNotifications } from '../testing/memory-ports';
import type { CrewNoticeView } from '../views';
import { crewNoticesStep } from './crew-notices-step';

const NOW = new Date('2027-06-01T12:00:00.000Z');
const RAN = new Date('2027-06-01T12:00:05.000Z');
const POLICY = { timeoutMs: 1_000, attempts: 1, backoffMs: 0 };
/** The trip ends at 19:00 UTC on 10 June; links last 72 hours more. */
const END_MS = Date.parse('2027-06-10T19:00:00Z');
const LINK_EXPIRY = '2027-06-13T19:00:00.000Z';

const recordOf = (overrides: Partial<BookingRecord> = {}, crew = [{ crewId: 'ana', role: 'captain' }, { crewId: 'ben', role: 'deckhand' }]): BookingRecord =>
  sunsetBooking({ guest: { name: 'Dana Reyes', count: 4 }, notes: 'Bring ice', crew, crewTasks: ['Fuel up'] }, { version: 3, ...overrides });

const member = (crewId: string, name: string): CrewMember => ({ crewId, name, email: `${crewId}@example.com`, active: true, version: 1, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() });
const ROSTER = new Map([
  ['ana', member('ana', 'Ana Lopez')],
  ['ben', member('ben', 'Ben Ortiz')],
]);

let notifications: MemoryNotifications;
let events: MemoryEvents;
let mailer: Mailer & { sent: OutgoingEmail[] };
let views: CrewNoticeView[];
let links: unknown[][];
let released: string[];

beforeEach(async () => {
  notifications = new MemoryNotifications();
  const release = notifications.release.bind(notifications);
  released = [];
  notifications.release = async (eventId, crewId, kind) => {
    released.push(`${crewId}|${kind}`);
    return release(eventId, crewId, kind);
  };
  events = new MemoryEvents();
  await events.create(crewEventOf(recordOf()));
  mailer = new MemoryMailer();
  views = [];
  links = [];
});

function step(overrides: Partial<Parameters<typeof crewNoticesStep>[0]> = {}) {
  return crewNoticesStep({
    notifications,
    events,
    mailer,
    render: (view) => {
      views.push(view);
      return { subject: `${view.kind}: ${view.title}`, html: '<p>hi</p>', text: 'hi' };
    },
    crewPageUrl: async (eventId, crewId, expiresAt, generation) => {
      links.push([eventId, crewId, expiresAt.toISOString(), generation]);
      return `https://scc.test/c/${eventId}?crew=${crewId}&gen=${generation}`;
    },
    policy: POLICY,
    sleep: async () => {},
    clock: () => RAN,
    ...overrides,
  });
}

const converge = (record: BookingRecord, memory?: StepMemory, now = NOW, overrides = {}) => step(overrides).converge({ record, roster: ROSTER, memory, now });
const toldOf = (record: BookingRecord, role: string, cancelled?: boolean): ToldBrief => ({ ...briefOf(record, role), ...(cancelled ? { cancelled } : {}) });

describe('the crew notices step', () => {
  it('is the crewNotices step', () => {
    // Act / Assess
    expect(step().name).toBe('crewNotices');
  });

  it('invites everyone on a new trip with a link of their generation that lasts until 72 h after the trip, and remembers what each was told', async () => {
    // Prepare
    await events.replace({ ...(await events.get('ev_sunset'))!, linkGenerations: { ben: 3 }, version: 2 }, 1);
    const record = recordOf();
    // Act
    const outcome = await converge(record);
    // Assess
    expect(links).toEqual([
      ['ev_sunset', 'ana', LINK_EXPIRY, 1],
      ['ev_sunset', 'ben', LINK_EXPIRY, 3],
    ]);
    expect(mailer.sent).toEqual([
      { to: 'ana@example.com', subject: 'invite: Sunset sail', html: '<p>hi</p>', text: 'hi' },
      { to: 'ben@example.com', subject: 'invite: Sunset sail', html: '<p>hi</p>', text: 'hi' },
    ]);
    expect(views[0]).toEqual({ ...briefOf(record, 'captain'), kind: 'invite', crewName: 'Ana Lopez', changed: [], crewPageUrl: 'https://scc.test/c/ev_sunset?crew=ana&gen=1' });
    expect([...notifications.items]).toEqual([
      ['ev_sunset|ana|invite#v3', 'sent'],
      ['ev_sunset|ben|invite#v3', 'sent'],
    ]);
    expect(outcome).toEqual({
      state: { status: 'succeeded', at: RAN.toISOString(), sent: 2 },
      memory: { told: { ana: toldOf(record, 'captain'), ben: toldOf(record, 'deckhand') } },
    });
  });

  it('tells what changed, showing what it was, with a link', async () => {
    // Prepare
    const before = recordOf();
    const after = recordOf({ request: { ...before.request, boat: 'Borealis' } });
    // Act
    const outcome = await converge(after, { version: 2, told: { ana: toldOf(before, 'captain'), ben: toldOf(before, 'deckhand') } });
    // Assess
    expect(views.map((view) => [view.kind, view.changed, view.previous?.boat, view.boat, view.crewPageUrl])).toEqual([
      ['changed', ['boat'], 'Aurora', 'Borealis', 'https://scc.test/c/ev_sunset?crew=ana&gen=1'],
      ['changed', ['boat'], 'Aurora', 'Borealis', 'https://scc.test/c/ev_sunset?crew=ben&gen=1'],
    ]);
    expect(outcome.state).toEqual({ status: 'succeeded', at: RAN.toISOString(), sent: 2 });
  });

  it('tells someone taken off the trip, as they knew it, without a link, and forgets them', async () => {
    // Prepare
    const before = recordOf();
    const after = recordOf({}, [{ crewId: 'ana', role: 'captain' }]);
    // Act
    const outcome = await converge(after, { version: 2, told: { ana: toldOf(before, 'captain'), ben: toldOf(before, 'deckhand') } });
    // Assess
    expect(links).toEqual([]);
    expect(views).toEqual([{ ...briefOf(before, 'deckhand'), kind: 'removed', crewName: 'Ben Ortiz', changed: [], previous: briefOf(before, 'deckhand') }]);
    expect(outcome.memory).toStrictEqual({ told: { ana: toldOf(before, 'captain') } });
  });

  it('tells of a cancellation without a link, showing the trip without the cancelled mark', async () => {
    // Prepare
    const before = recordOf();
    // Act
    const outcome = await converge(recordOf({ status: 'cancelled' }), { version: 2, told: { ana: toldOf(before, 'captain') } });
    // Assess
    expect(links).toEqual([]);
    expect(views).toEqual([{ ...briefOf(before, 'captain'), kind: 'cancelled', crewName: 'Ana Lopez', changed: [], previous: briefOf(before, 'captain') }]);
    expect(notifications.items.get('ev_sunset|ana|cancelled#v3')).toBe('sent');
    expect(outcome.memory).toEqual({ told: { ana: toldOf(before, 'captain', true) } });
  });

  it('tells those who heard of the cancellation that the trip is back on, with a link', async () => {
    // Prepare
    const before = recordOf();
    // Act
    await converge(recordOf({}, [{ crewId: 'ana', role: 'captain' }]), { version: 2, told: { ana: toldOf(before, 'captain', true) } });
    // Assess
    expect(views.map((view) => [view.kind, view.crewPageUrl, 'cancelled' in view.previous!])).toEqual([['reinstated', 'https://scc.test/c/ev_sunset?crew=ana&gen=1', false]]);
  });

  it('reads the link generations when anyone is due a message, even beside someone who is not', async () => {
    // Prepare: ana is new on the trip; ben, off it, only knew it as cancelled
    await events.replace({ ...(await events.get('ev_sunset'))!, linkGenerations: { ana: 4 }, version: 2 }, 1);
    const before = recordOf();
    // Act
    const outcome = await converge(recordOf({}, [{ crewId: 'ana', role: 'captain' }]), { version: 2, told: { ben: toldOf(before, 'deckhand', true) } });
    // Assess
    expect(links).toEqual([['ev_sunset', 'ana', LINK_EXPIRY, 4]]);
    expect(outcome.memory).toStrictEqual({ told: { ana: toldOf(before, 'captain') } });
  });

  it('sends nothing, reads nothing, and forgets someone taken off a trip they only know as cancelled', async () => {
    // Prepare
    const before = recordOf();
    let reads = 0;
    const get = events.get.bind(events);
    events.get = async (id) => (reads++, get(id));
    // Act
    const outcome = await converge(recordOf({}, []), { version: 2, told: { ben: toldOf(before, 'deckhand', true) } });
    // Assess
    expect(reads).toBe(0);
    expect(mailer.sent).toEqual([]);
    expect(outcome).toEqual({ state: { status: 'succeeded', at: RAN.toISOString(), sent: 0 }, memory: { told: {} } });
  });

  it('emails nobody about a trip that has ended, to the millisecond, but keeps the record', async () => {
    // Prepare
    const record = recordOf();
    // Act
    const outcome = await converge(record, undefined, new Date(END_MS));
    // Assess
    expect(mailer.sent).toEqual([]);
    expect(outcome).toEqual({
      state: { status: 'succeeded', at: RAN.toISOString(), sent: 0, note: 'the trip has ended; nobody was emailed' },
      memory: { told: { ana: toldOf(record, 'captain'), ben: toldOf(record, 'deckhand') } },
    });
  });

  it('still emails in the last millisecond of the trip', async () => {
    // Act
    const outcome = await converge(recordOf(), undefined, new Date(END_MS - 1));
    // Assess
    expect(outcome.state).toMatchObject({ status: 'succeeded', sent: 2 });
  });

  it('forgets someone off an ended trip', async () => {
    // Prepare
    const before = recordOf();
    // Act
    const outcome = await converge(recordOf({}, [{ crewId: 'ana', role: 'captain' }]), { version: 2, told: { ana: toldOf(before, 'captain'), ben: toldOf(before, 'deckhand') } }, new Date(END_MS + 1));
    // Assess
    expect(outcome.memory).toStrictEqual({ told: { ana: toldOf(before, 'captain') } });
  });

  it('counts a message already sent by an earlier run as delivered, without sending it again', async () => {
    // Prepare
    await notifications.claim('ev_sunset', 'ana', 'invite#v3');
    await notifications.markSent('ev_sunset', 'ana', 'invite#v3');
    // Act
    const outcome = await converge(recordOf());
    // Assess
    expect(mailer.sent.map((email) => email.to)).toEqual(['ben@example.com']);
    expect(outcome.state).toEqual({ status: 'succeeded', at: RAN.toISOString(), sent: 2 });
  });

  it('records a refused email as final, frees its claim for a later try, and remembers only who was told', async () => {
    // Prepare
    const record = recordOf();
    const refusing: Mailer = {
      send: async (email) => {
        if (email.to === 'ben@example.com') throw new DependencyRejectedError('address is on the suppression list');
        return mailer.send(email);
      },
    };
    // Act
    const outcome = await converge(record, undefined, NOW, { mailer: refusing });
    // Assess
    expect(outcome).toEqual({
      state: { status: 'failed', at: RAN.toISOString(), reason: 'could not email Ben Ortiz: address is on the suppression list', retryable: false, attempts: 1, sent: 1 },
      memory: { told: { ana: toldOf(record, 'captain') } },
    });
    expect(released).toEqual(['ben|invite#v3']);
    expect(notifications.items.get('ev_sunset|ben|invite#v3')).toBe('released');
  });

  it('says a retry may help when one email of several failed for a while, naming every problem', async () => {
    // Prepare
    const failing: Mailer = {
      send: async (email) => {
        if (email.to === 'ana@example.com') throw new DependencyUnavailableError('SES is throttling');
        throw new DependencyRejectedError('bad address');
      },
    };
    // Act
    const outcome = await converge(recordOf(), undefined, NOW, { mailer: failing });
    // Assess
    expect(outcome.state).toEqual({
      status: 'failed',
      at: RAN.toISOString(),
      reason: 'could not email Ana Lopez: SES is throttling; could not email Ben Ortiz: bad address',
      retryable: true,
      attempts: 1,
      sent: 0,
    });
  });

  it('leaves an interrupted email claimed, as final, asking for a new link', async () => {
    // Prepare: an earlier run claimed Ben's invite and never said how it went
    await notifications.claim('ev_sunset', 'ben', 'invite#v3');
    // Act
    const outcome = await converge(recordOf());
    // Assess
    expect(mailer.sent.map((email) => email.to)).toEqual(['ana@example.com']);
    expect(released).toEqual([]);
    expect(notifications.items.get('ev_sunset|ben|invite#v3')).toBe('sending');
    expect(outcome.state).toEqual({
      status: 'failed',
      at: RAN.toISOString(),
      reason: 'the email to Ben Ortiz was interrupted and may not have arrived; send them a new link',
      retryable: false,
      attempts: 1,
      sent: 1,
    });
  });

  it('counts an email as sent when noting it fails, leaving the claim unconfirmed rather than free', async () => {
    // Prepare
    notifications.markSent = async () => {
      throw new DependencyUnavailableError('throttled');
    };
    // Act
    const outcome = await converge(recordOf());
    // Assess
    expect(outcome.state).toEqual({ status: 'succeeded', at: RAN.toISOString(), sent: 2 });
    expect(released).toEqual([]);
    expect((await notifications.claim('ev_sunset', 'ana', 'invite#v3')) satisfies NotificationClaim).toBe('unconfirmed');
  });

  it('frees the claim and says a retry may help when the email could not be made', async () => {
    // Prepare
    const outcome = await converge(recordOf(), undefined, NOW, {
      crewPageUrl: async () => {
        throw new Error('no signing key');
      },
    });
    // Assess
    expect(mailer.sent).toEqual([]);
    expect(released).toEqual(['ana|invite#v3', 'ben|invite#v3']);
    expect(outcome.state).toMatchObject({ status: 'failed', reason: 'could not email Ana Lopez: no signing key; could not email Ben Ortiz: no signing key', retryable: true, sent: 0 });
  });

  it('names a thrown non-error by its text, and survives a release that fails too', async () => {
    // Prepare
    notifications.release = async () => {
      throw new Error('throttled');
    };
    // Act
    const outcome = await converge(recordOf({}, [{ crewId: 'ana', role: 'captain' }]), undefined, NOW, {
      render: () => {
        throw 'template missing';
      },
    });
    // Assess
    expect(outcome.state).toMatchObject({ status: 'failed', reason: 'could not email Ana Lopez: template missing', retryable: true });
  });

  it('fails for good for someone not on the roster', async () => {
    // Act
    const outcome = await converge(recordOf({}, [{ crewId: 'ana', role: 'captain' }, { crewId: 'zed', role: 'cook' }]));
    // Assess
    expect(outcome.state).toEqual({ status: 'failed', at: RAN.toISOString(), reason: 'crew member zed is not on the roster', retryable: false, attempts: 1, sent: 1 });
    expect(Object.keys(outcome.memory!.told!)).toEqual(['ana']);
  });
});
