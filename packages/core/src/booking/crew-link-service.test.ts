import { beforeEach, describe, expect, it } from 'vitest';
import { DependencyUnavailableError, NotFoundError, UnknownCrewError, VersionConflictError } from '../errors';
import type { CrewEvent } from '../schemas/event';
import { CrewLinkService } from './crew-link-service';
import { crewEventOf } from './drafts';
import { MemoryCrew, MemoryEvents, MemoryMailer, MemoryNotifications } from './testing/memory-ports';
import { sunsetBooking } from './testing/sunset-booking';
import type { CrewNoticeView } from './views';

const NOW = new Date('2027-06-01T12:00:00.000Z');
/** The trip ends at 19:00 UTC on 10 June; links lapse 72 hours later. */
const EXPIRES = '2027-06-13T19:00:00.000Z';

const EVENT: CrewEvent = crewEventOf(
  sunsetBooking(
    {
      guest: { name: 'Dana Reyes', count: 4 },
      notes: 'Bring ice',
      crew: [
        { crewId: 'ana', role: 'captain' },
        { crewId: 'ben', role: 'deckhand' },
      ],
      crewTasks: ['Fuel up'],
    },
    { createdAt: '2027-05-01T09:00:00.000Z' },
  ),
);

let events: MemoryEvents;
let crew: MemoryCrew;
let notifications: MemoryNotifications;
let mailer: MemoryMailer;
let views: CrewNoticeView[];
let signed: { eventId: string; crewId: string; expiresAt: string; generation: number | undefined }[];
let now: Date;
let service: CrewLinkService;

beforeEach(async () => {
  events = new MemoryEvents();
  crew = new MemoryCrew();
  notifications = new MemoryNotifications();
  mailer = new MemoryMailer();
  views = [];
  signed = [];
  now = NOW;
  crew.add('ana', 'Ana Lopez');
  crew.add('ben', 'Ben Ortiz');
  await events.create(EVENT);
  service = new CrewLinkService({
    events,
    crew,
    notifications,
    mailer,
    render: {
      crewNotice: (view) => {
        views.push(view);
        return { subject: `Your trip: ${view.title}`, html: `<p>${view.crewPageUrl}</p>`, text: `${view.crewPageUrl}` };
      },
    },
    links: {
      crewPageUrl: async (eventId, crewId, expiresAt, generation) => {
        signed.push({ eventId, crewId, expiresAt: expiresAt.toISOString(), generation });
        return `https://scc.test/c/${eventId}?crew=${crewId}&gen=${generation}`;
      },
    },
    clock: () => now,
  });
});

describe('CrewLinkService.current', () => {
  it("signs each person's link for their current generation, valid until 72 hours after the trip, revoking nothing", async () => {
    // Prepare
    await events.replace({ ...EVENT, linkGenerations: { ben: 3 }, version: 2 }, 1);
    // Act
    const links = await service.current('ev_sunset');
    // Assess
    expect(links).toEqual([
      { crewId: 'ana', name: 'Ana Lopez', url: 'https://scc.test/c/ev_sunset?crew=ana&gen=1', expiresAt: EXPIRES, emailed: false },
      { crewId: 'ben', name: 'Ben Ortiz', url: 'https://scc.test/c/ev_sunset?crew=ben&gen=3', expiresAt: EXPIRES, emailed: false },
    ]);
    expect(signed).toEqual([
      { eventId: 'ev_sunset', crewId: 'ana', expiresAt: EXPIRES, generation: 1 },
      { eventId: 'ev_sunset', crewId: 'ben', expiresAt: EXPIRES, generation: 3 },
    ]);
    expect((await events.get('ev_sunset'))!.version).toBe(2);
    expect(mailer.sent).toEqual([]);
  });

  it("gives one person's link alone", async () => {
    // Act
    const links = await service.current('ev_sunset', 'ben');
    // Assess
    expect(links.map((link) => link.crewId)).toEqual(['ben']);
  });

  it('refuses someone who is not on the crew of the trip', async () => {
    // Act
    const refused = service.current('ev_sunset', 'cai');
    // Assess
    await expect(refused).rejects.toThrow(NotFoundError);
    await expect(refused).rejects.toMatchObject({ message: 'cai is not on the crew of this trip', details: { eventId: 'ev_sunset', crewId: 'cai' } });
  });

  it('refuses a trip that does not exist', async () => {
    // Act
    const refused = service.current('ev_gone');
    // Assess
    await expect(refused).rejects.toThrow(NotFoundError);
    await expect(refused).rejects.toMatchObject({ message: 'No event ev_gone', details: { eventId: 'ev_gone' } });
  });

  it('refuses to sign for someone no longer on the roster', async () => {
    // Prepare
    crew.members.delete('ben');
    // Act
    const refused = service.current('ev_sunset');
    // Assess
    await expect(refused).rejects.toThrow(NotFoundError);
    await expect(refused).rejects.toMatchObject({ message: 'Crew member ben is not on the roster', details: { crewId: 'ben' } });
    // Asked for by name, the same answer.
    await expect(service.current('ev_sunset', 'ben')).rejects.toMatchObject({ message: 'Crew member ben is not on the roster' });
  });
});

describe('CrewLinkService with a deactivated member still on a trip', () => {
  it('leaves them out of the links, since the crew page would refuse theirs', async () => {
    // Prepare
    crew.add('ben', 'Ben Ortiz', false);
    // Act
    const links = await service.current('ev_sunset');
    // Assess
    expect(links.map((link) => link.crewId)).toEqual(['ana']);
    expect(signed.map((s) => s.crewId)).toEqual(['ana']);
  });

  it('refuses their link by name, and emails them nothing on a re-send to everyone', async () => {
    // Prepare
    crew.add('ben', 'Ben Ortiz', false);
    // Act
    const asked = service.current('ev_sunset', 'ben');
    const resent = await service.reissue('ev_sunset', { send: true });
    // Assess
    await expect(asked).rejects.toThrow(UnknownCrewError);
    await expect(asked).rejects.toMatchObject({
      message: 'ben is no longer on the active roster, so their link would not open',
      details: { unknown: [], inactive: ['ben'] },
    });
    await expect(service.reissue('ev_sunset', { crewId: 'ben', send: true })).rejects.toThrow(UnknownCrewError);
    expect(resent.map((link) => link.crewId)).toEqual(['ana']);
    expect(mailer.sent.map((email) => email.to)).toEqual(['ana@example.com']);
  });
});

describe('CrewLinkService.reissue', () => {
  it('moves everyone to a new generation, so the links before stop working, without emailing by default', async () => {
    // Prepare
    await events.replace({ ...EVENT, linkGenerations: { ben: 3 }, version: 2 }, 1);
    now = new Date('2027-06-02T08:00:00.000Z');
    // Act
    const links = await service.reissue('ev_sunset');
    // Assess
    expect(links.map(({ crewId, url, expiresAt, emailed }) => ({ crewId, url, expiresAt, emailed }))).toEqual([
      { crewId: 'ana', url: 'https://scc.test/c/ev_sunset?crew=ana&gen=2', expiresAt: EXPIRES, emailed: false },
      { crewId: 'ben', url: 'https://scc.test/c/ev_sunset?crew=ben&gen=4', expiresAt: EXPIRES, emailed: false },
    ]);
    const stored = (await events.get('ev_sunset'))!;
    expect(stored).toEqual({ ...EVENT, linkGenerations: { ana: 2, ben: 4 }, version: 3, updatedAt: '2027-06-02T08:00:00.000Z' });
    expect(mailer.sent).toEqual([]);
  });

  it("moves one person's generation alone when named", async () => {
    // Act
    const links = await service.reissue('ev_sunset', { crewId: 'ana' });
    // Assess
    expect(links.map((link) => link.url)).toEqual(['https://scc.test/c/ev_sunset?crew=ana&gen=2']);
    expect((await events.get('ev_sunset'))!.linkGenerations).toEqual({ ana: 2 });
  });

  it('refuses someone not on the trip and changes nothing', async () => {
    // Act
    const refused = service.reissue('ev_sunset', { crewId: 'cai' });
    // Assess
    await expect(refused).rejects.toThrow(NotFoundError);
    expect((await events.get('ev_sunset'))!.version).toBe(1);
  });

  it('emails the new link as an invite when asked, and records each send as its own message', async () => {
    // Act
    const links = await service.reissue('ev_sunset', { crewId: 'ben', send: true });
    // Assess
    expect(links).toEqual([{ crewId: 'ben', name: 'Ben Ortiz', url: 'https://scc.test/c/ev_sunset?crew=ben&gen=2', expiresAt: EXPIRES, emailed: true }]);
    expect(views).toEqual([
      {
        title: 'Sunset sail',
        start: '2027-06-10T18:00:00+02:00',
        end: '2027-06-10T21:00:00+02:00',
        timezone: 'Europe/Madrid',
        boat: 'Aurora',
        meetingPoint: 'Pier 4',
        guestCount: 4,
        notes: 'Bring ice',
        tasks: ['Fuel up'],
        role: 'deckhand',
        kind: 'invite',
        crewName: 'Ben Ortiz',
        changed: [],
        crewPageUrl: 'https://scc.test/c/ev_sunset?crew=ben&gen=2',
      },
    ]);
    expect(mailer.sent).toEqual([
      {
        to: 'ben@example.com',
        subject: 'Your trip: Sunset sail',
        html: '<p>https://scc.test/c/ev_sunset?crew=ben&gen=2</p>',
        text: 'https://scc.test/c/ev_sunset?crew=ben&gen=2',
      },
    ]);
    expect([...notifications.items]).toEqual([['ev_sunset|ben|resend-2027-06-01T12:00:00.000Z', 'sent']]);
  });

  it('bumps on top of a change that got in between, reading the event again', async () => {
    // Prepare: a tick lands between the read and the write, twice
    const replace = events.replace.bind(events);
    let conflicts = 0;
    events.replace = async (event, expectedVersion) => {
      if (conflicts < 2) {
        conflicts++;
        const stored = (await events.get('ev_sunset'))!;
        await replace({ ...stored, linkGenerations: { ...stored.linkGenerations, ben: 5 + conflicts }, version: stored.version + 1 }, stored.version);
      }
      return replace(event, expectedVersion);
    };
    // Act
    const links = await service.reissue('ev_sunset');
    // Assess
    expect(links.map((link) => link.url)).toEqual(['https://scc.test/c/ev_sunset?crew=ana&gen=2', 'https://scc.test/c/ev_sunset?crew=ben&gen=8']);
    expect((await events.get('ev_sunset'))!).toMatchObject({ linkGenerations: { ana: 2, ben: 8 }, version: 4 });
  });

  it('tries five times in all against changes that keep getting in between, then gives up', async () => {
    // Prepare
    let writes = 0;
    events.replace = async () => {
      writes++;
      throw new VersionConflictError('changed');
    };
    // Act
    const refused = service.reissue('ev_sunset');
    // Assess
    await expect(refused).rejects.toThrow(VersionConflictError);
    expect(writes).toBe(5);
  });

  it('succeeds on the fifth try', async () => {
    // Prepare
    const replace = events.replace.bind(events);
    let writes = 0;
    events.replace = async (event, expectedVersion) => {
      writes++;
      if (writes < 5) throw new VersionConflictError('changed');
      return replace(event, expectedVersion);
    };
    // Act
    const links = await service.reissue('ev_sunset');
    // Assess
    expect(writes).toBe(5);
    expect(links).toHaveLength(2);
  });

  it('does not retry a failure other than a conflict', async () => {
    // Prepare
    let writes = 0;
    events.replace = async () => {
      writes++;
      throw new DependencyUnavailableError('throttled');
    };
    // Act
    const refused = service.reissue('ev_sunset');
    // Assess
    await expect(refused).rejects.toThrow(DependencyUnavailableError);
    expect(writes).toBe(1);
  });
});
