import type { CrewMember } from '../schemas/crew';
import type { CrewEvent } from '../schemas/event';
import type { Clock, CrewRepository, EventRepository } from '../ports';
import { crewLinkExpiry } from '../booking/crew-notices';
import type { Mailer, OutgoingEmail } from '../booking/ports';
import type { BookingRepository, NotificationRepository } from '../booking/repository';
import type { BookingRecord } from '../booking/schema';
import { GUEST_RECIPIENT } from '../booking/steps/guest-notices-step';
import { firstName, tripOf } from '../booking/views';
import type { OperatorSettings } from '../settings/operator-settings';
import { ReminderNotSentError } from './errors';
import { guestIsWritten, uploadsCloseOf } from './plan';
import type { ReminderKind, ReminderPayload } from './ports';
import type { AfterTripView, CrewReminderView, GuestReminderView, OperatorContact } from './views';


type Rendered = Omit<OutgoingEmail, 'to'>;

export interface ReminderRenderers {
  crewReminder(view: CrewReminderView): Rendered;
  guestReminder(view: GuestReminderView): Rendered;
  afterTrip(view: AfterTripView): Rendered;
}

export interface ReminderLinks {
  guestPageUrl(slug: string): string;
  crewPageUrl(eventId: string, crewId: string, expiresAt: Date, generation?: number): Promise<string>;
}

export interface ReminderDependencies {
  bookings: Pick<BookingRepository, 'get'>;
  events: Pick<EventRepository, 'get'>;
  crew: Pick<CrewRepository, 'getMany'>;
  notifications: NotificationRepository;
  mailer: Mailer;
  settings: () => Promise<OperatorSettings>;
  render: ReminderRenderers;
  links: ReminderLinks;
  clock: Clock;
}

/** What one firing did: emails sent now, copies sent by an earlier firing, or why nothing. */
export interface FireOutcome {
  sent: number;
  alreadySent: number;
  /** Copies an earlier firing claimed and may or may not have sent: not sent again. */
  unconfirmed: number;
  skipped?: string;
}

/** One recipient's copy: who, where, and how to draw it (called only once it is claimed). */
interface Copy {
  recipient: string;
  to: string;
  draw: () => Promise<Rendered>;
}

const NOTHING = { sent: 0, alreadySent: 0, unconfirmed: 0 };

/**
 * Sends a scheduled message when its schedule fires. The booking is read afresh: a firing
 * planned for an older version, or for a cancelled trip, sends nothing (the step has planned
 * the current version's own). Each recipient's copy is claimed per (booking, kind, version,
 * recipient) before it is sent, so a retried or duplicated firing never sends it twice.
 */
export class ReminderService {
  constructor(private readonly deps: ReminderDependencies) {}

  async fire(payload: ReminderPayload): Promise<FireOutcome> {
    const record = await this.deps.bookings.get(payload.bookingId);
    if (!record) return { ...NOTHING, skipped: 'the booking does not exist' };
    if (record.version !== payload.version) {
      return { ...NOTHING, skipped: `planned for version ${payload.version}; the booking is at version ${record.version}` };
    }
    if (record.status === 'cancelled') return { ...NOTHING, skipped: 'the trip is cancelled' };
    const now = this.deps.clock();
    const settings = await this.deps.settings();
    const copies = await this.copiesOf(payload.kind, record, settings, now);
    if (typeof copies === 'string') return { ...NOTHING, skipped: copies };
    return this.sendAll(record, payload.kind, copies);
  }

  private async copiesOf(kind: ReminderKind, record: BookingRecord, settings: OperatorSettings, now: Date): Promise<Copy[] | string> {
    const { request } = record;
    if (kind === 'afterTrip') {
      const until = uploadsCloseOf(record, settings);
      if (!guestIsWritten(record)) return 'the guest is not written to';
      if (now >= until) return 'uploads have closed';
      const view: AfterTripView = {
        title: request.title,
        timezone: request.timezone,
        guestName: firstName(request.guest.name),
        guestPageUrl: this.deps.links.guestPageUrl(record.slug),
        uploadsUntil: until.toISOString(),
        operator: contactOf(settings),
      };
      return [this.guestCopy(record, async () => this.deps.render.afterTrip(view))];
    }
    if (now.getTime() >= Date.parse(request.start)) return 'the trip has started';
    if (kind === 'guestReminder') {
      if (!guestIsWritten(record)) return 'the guest is not written to';
      const view: GuestReminderView = {
        ...tripOf(record.request),
        guestName: firstName(request.guest.name),
        ...(request.whatToBring ? { whatToBring: request.whatToBring } : {}),
        guestPageUrl: this.deps.links.guestPageUrl(record.slug),
        operator: contactOf(settings),
      };
      return [this.guestCopy(record, async () => this.deps.render.guestReminder(view))];
    }
    return this.crewCopies(record);
  }

  private guestCopy(record: BookingRecord, draw: () => Promise<Rendered>): Copy {
    return { recipient: GUEST_RECIPIENT, to: record.request.guest.email as string, draw };
  }

  private async crewCopies(record: BookingRecord): Promise<Copy[] | string> {
    // Someone who said they cannot make it is not reminded to come.
    const assigned = record.request.crew.filter((a) => record.crewResponses?.[a.crewId]?.status !== 'declined');
    if (assigned.length === 0) return 'nobody on the crew is expected';
    const [event, members] = await Promise.all([
      this.deps.events.get(record.eventId),
      this.deps.crew.getMany(assigned.map((a) => a.crewId)),
    ]);
    // The crew page this reminder links to is not there yet: worth a retry once it is.
    if (!event) throw new ReminderNotSentError(`The crew event of ${record.bookingId} is missing`, { details: { bookingId: record.bookingId } });
    const roster = new Map(members.map((m) => [m.crewId, m]));
    return assigned.flatMap(({ crewId, role }): Copy[] => {
      const member = roster.get(crewId);
      if (!member?.active) return [];
      return [{ recipient: crewId, to: member.email, draw: () => this.crewEmail(record, event, member, role) }];
    });
  }

  private async crewEmail(record: BookingRecord, event: CrewEvent, member: CrewMember, role: string): Promise<Rendered> {
    const generation = event.linkGenerations?.[member.crewId] ?? 1;
    const url = await this.deps.links.crewPageUrl(record.eventId, member.crewId, crewLinkExpiry(record.request.end), generation);
    return this.deps.render.crewReminder({
      ...tripOf(record.request),
      crewName: member.name,
      role,
      guestCount: record.request.guest.count,
      checklist: { done: event.crewTasks.filter((t) => t.done).length, total: event.crewTasks.length },
      crewPageUrl: url,
    });
  }

  private async sendAll(record: BookingRecord, kind: ReminderKind, copies: readonly Copy[]): Promise<FireOutcome> {
    const results = await Promise.all(copies.map((copy) => this.sendOnce(record, kind, copy)));
    const failures = results.flatMap((r) => (r.status === 'failed' ? [r] : []));
    const outcome: FireOutcome = {
      sent: results.filter((r) => r.status === 'sent').length,
      alreadySent: results.filter((r) => r.status === 'alreadySent').length,
      unconfirmed: results.filter((r) => r.status === 'unconfirmed').length,
    };
    if (failures.length > 0) {
      throw new ReminderNotSentError(`${failures.length} of ${copies.length} ${kind} emails were not sent`, {
        details: { bookingId: record.bookingId, kind, version: record.version, ...outcome, recipients: failures.map((f) => f.recipient) },
        cause: failures[0]?.error,
      });
    }
    return outcome;
  }

  private async sendOnce(
    record: BookingRecord,
    kind: ReminderKind,
    copy: Copy,
  ): Promise<{ status: 'sent' | 'alreadySent' | 'unconfirmed' } | { status: 'failed'; recipient: string; error: unknown }> {
    const { notifications, clock } = this.deps;
    const key = `${kind}#v${record.version}`;
    const claim = await notifications.claim(record.eventId, copy.recipient, key, clock());
    if (claim === 'sent') return { status: 'alreadySent' };
    if (claim === 'unconfirmed') return { status: 'unconfirmed' };
    let messageId: string;
    try {
      const email = await copy.draw();
      ({ messageId } = await this.deps.mailer.send({ to: copy.to, ...email }));
    } catch (error) {
      // Certainly not sent (drawing or the send itself failed): a retry may claim it again.
      await notifications.release(record.eventId, copy.recipient, key).catch(() => undefined);
      return { status: 'failed', recipient: copy.recipient, error };
    }
    // Sent: if this bookkeeping fails the claim stays taken, so no retry sends it again.
    await notifications.markSent(record.eventId, copy.recipient, key, messageId, clock()).catch(() => undefined);
    return { status: 'sent' };
  }
}

function contactOf(settings: OperatorSettings): OperatorContact {
  const { name, phone } = settings.operator;
  return { ...(name ? { name } : {}), ...(phone ? { phone } : {}) };
}
