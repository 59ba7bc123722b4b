import type { Mailer, OutgoingEmail } from '../booking/ports';
import type { BookingRepository, NotificationRepository } from '../booking/repository';
import type { BookingRecord } from '../booking/schema';
import type { ChannelRepository } from '../channels/channel-repository';
import type { Clock, CrewRepository, EventRepository } from '../ports';
import type { CrewMember } from '../schemas/crew';
import type { InstantRange } from '../schemas/paging';
import type { OperatorSettings } from '../settings/operator-settings';
import { channelIssues, crewIssues, failedStepIssues, feedAlertIssues, tripOf } from './digest-gather';
import { DigestNotSentError } from './errors';
import { addDays, atLocalTime, dateKey, localDateOf } from './local-time';
import type { DigestView } from './views';

/**
 * The digest's slot in the notification claims: one claim per operator date. `#` occurs in no
 * event or crew id, so the slot cannot meet a real one.
 */
export const DIGEST_SLOT = { eventId: '#digest', recipient: '#operator' } as const;

const DAY_MS = 24 * 60 * 60 * 1000;
/** How far ahead failed steps and feed alerts are looked for: a season. */
const AHEAD_MS = 120 * DAY_MS;
const PAGE = 100;
const MAX_PAGES = 50;

export interface DigestDependencies {
  bookings: Pick<BookingRepository, 'listByStart'>;
  events: Pick<EventRepository, 'get'>;
  crew: Pick<CrewRepository, 'getMany'>;
  channels: Pick<ChannelRepository, 'list'>;
  notifications: NotificationRepository;
  mailer: Mailer;
  settings: () => Promise<OperatorSettings>;
  render: (view: DigestView) => Omit<OutgoingEmail, 'to'>;
  adminBookingUrl: (bookingId: string) => string;
  clock: Clock;
}

export type DigestOutcome =
  | { status: 'noRecipient' }
  | { status: 'notDue'; date: string }
  | { status: 'alreadyDone'; date: string }
  | { status: 'nothingToReport'; date: string }
  | { status: 'sent'; date: string; messageId: string };

/**
 * The operator's morning digest. Run often (every 15 minutes in AWS, every minute locally);
 * it sends on the first run at or past `digestAt` in the operator's zone, at most once per
 * local date (the date's claim), and not at all when there is nothing to report.
 */
export class DigestService {
  constructor(private readonly deps: DigestDependencies) {}

  async run(now: Date = this.deps.clock()): Promise<DigestOutcome> {
    const settings = await this.deps.settings();
    const to = settings.operator.email;
    if (!to) return { status: 'noRecipient' };
    const zone = settings.operator.timezone;
    const today = localDateOf(now, zone);
    const date = dateKey(today);
    if (now < atLocalTime(today, settings.notifications.digestAt, zone)) return { status: 'notDue', date };
    const { notifications, clock } = this.deps;
    const key = `digest#${date}`;
    const claim = await notifications.claim(DIGEST_SLOT.eventId, DIGEST_SLOT.recipient, key, clock());
    if (claim !== 'claimed') return { status: 'alreadyDone', date };
    let view: DigestView | undefined;
    let messageId: string;
    try {
      view = await this.gather(now, date, zone);
      if (!view) {
        await notifications.markSent(DIGEST_SLOT.eventId, DIGEST_SLOT.recipient, key, 'nothing-to-report', clock());
        return { status: 'nothingToReport', date };
      }
      ({ messageId } = await this.deps.mailer.send({ to, ...this.deps.render(view) }));
    } catch (error) {
      await notifications.release(DIGEST_SLOT.eventId, DIGEST_SLOT.recipient, key).catch(() => undefined);
      throw new DigestNotSentError(`The digest for ${date} was not sent`, { details: { date }, cause: error });
    }
    await notifications.markSent(DIGEST_SLOT.eventId, DIGEST_SLOT.recipient, key, messageId, clock()).catch(() => undefined);
    return { status: 'sent', date, messageId };
  }

  /** Today's and tomorrow's trips and what needs the operator; undefined when that is nothing. */
  private async gather(now: Date, date: string, zone: string): Promise<DigestView | undefined> {
    const today = localDateOf(now, zone);
    const tomorrowStart = atLocalTime(addDays(today, 1), '00:00', zone);
    const twoDays: InstantRange = {
      from: atLocalTime(today, '00:00', zone).toISOString(),
      to: atLocalTime(addDays(today, 2), '00:00', zone).toISOString(),
    };
    const ahead: InstantRange = { from: new Date(now.getTime() - DAY_MS).toISOString(), to: new Date(now.getTime() + AHEAD_MS).toISOString() };
    const [soon, upcoming, channels] = await Promise.all([this.all(twoDays), this.all(ahead), this.deps.channels.list()]);
    const roster = await this.rosterOf([...soon, ...upcoming]);
    const events = await Promise.all(soon.map((r) => this.deps.events.get(r.eventId)));
    const url = this.deps.adminBookingUrl;
    const view: DigestView = {
      date,
      timezone: zone,
      trips: soon
        .map((record, i) => tripOf(record, Date.parse(record.request.start) < tomorrowStart.getTime() ? 'today' : 'tomorrow', roster, events[i], url))
        .filter((trip) => !trip.cancelled),
      crew: crewIssues(upcoming, roster, now, url),
      failedSteps: failedStepIssues(upcoming, url),
      feedAlerts: feedAlertIssues(upcoming, url),
      channels: channelIssues(channels),
    };
    const empty = [view.trips, view.crew, view.failedSteps, view.feedAlerts, view.channels].every((list) => list.length === 0);
    return empty ? undefined : view;
  }

  private async all(range: InstantRange): Promise<BookingRecord[]> {
    const found: BookingRecord[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await this.deps.bookings.listByStart(range, { limit: PAGE, ...(cursor ? { cursor } : {}) });
      found.push(...result.items);
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    return found;
  }

  private async rosterOf(records: readonly BookingRecord[]): Promise<Map<string, CrewMember>> {
    const ids = [...new Set(records.flatMap((r) => r.request.crew.map((a) => a.crewId)))];
    const members = ids.length > 0 ? await this.deps.crew.getMany(ids) : [];
    return new Map(members.map((m) => [m.crewId, m]));
  }
}
