import { NotFoundError, SccError } from '../errors';
import type { Clock, CrewRepository } from '../ports';
import type { CrewEvent } from '../schemas/event';
import type { OperatorSettings } from '../settings/operator-settings';
import type { Mailer, OutgoingEmail } from './ports';
import type { BookingRepository, NotificationRepository } from './repository';
import type { BookingRecord, CrewResponse } from './schema';
import { type TripView, tripOf } from './views';

export type CrewResponseStatus = 'pending' | CrewResponse['status'];

/** One assigned person's answer as the office sees it; `pending` carries no time. */
export interface CrewStatus {
  crewId: string;
  role: string;
  status: CrewResponseStatus;
  at?: string;
  note?: string;
}

/** What a crew member sends from their page. */
export interface CrewAnswer {
  status: CrewResponse['status'];
  note?: string;
}

/** Why an answer can no longer be given: the trip is off, over, or not a booking at all. */
export type ResponseClosedReason = 'cancelled' | 'ended' | 'not_a_booking';

/** A confirm or decline for a trip that is cancelled or over; nothing is stored. */
export class CrewResponseClosedError extends SccError {
  readonly code = 'response_closed';
}

/** To the operator when someone cannot make a trip: no money, only who, which trip and why. */
export interface CrewDeclinedView extends TripView {
  crewName: string;
  role: string;
  note?: string;
  bookingUrl: string;
}

export interface CrewResponseDependencies {
  bookings: Pick<BookingRepository, 'get' | 'setCrewResponse'>;
  crew: Pick<CrewRepository, 'get'>;
  notifications: NotificationRepository;
  mailer: Mailer;
  render: (view: CrewDeclinedView) => Omit<OutgoingEmail, 'to'>;
  settings: () => Promise<OperatorSettings>;
  links: { adminBookingUrl(bookingId: string): string };
  clock: Clock;
}

/** What answering did: the stored answer, and whether the operator was emailed about it now. */
export interface ResponseOutcome {
  response: CrewResponse;
  operatorEmail: 'sent' | 'already_sent' | 'no_address' | 'not_needed' | 'failed';
}

/** Each person's status, in crew order, for the people on the trip now: a removed person's answer is not shown. */
export function crewStatusOf(record: Pick<BookingRecord, 'request' | 'crewResponses'>): CrewStatus[] {
  return record.request.crew.map(({ crewId, role }) => {
    const response = record.crewResponses?.[crewId];
    if (!response) return { crewId, role, status: 'pending' };
    return { crewId, role, status: response.status, at: response.at, ...(response.note ? { note: response.note } : {}) };
  });
}

/** The viewer's own answer, if they are on the trip and gave one. */
export function responseOf(record: Pick<BookingRecord, 'request' | 'crewResponses'>, crewId: string): CrewResponse | undefined {
  if (!record.request.crew.some((a) => a.crewId === crewId)) return undefined;
  return record.crewResponses?.[crewId];
}

const ATTEMPTS = 5;

/**
 * Crew confirm or decline their place on a trip. The answer sits on the booking beside its
 * content (no new version, nobody else is emailed), written only while the booking is still
 * the version the person was checked against, so a swap or a cancel in between is never
 * answered for. A decline emails the operator at once, claimed per decline, so a double tap or
 * a retry sends one email.
 */
export class CrewResponseService {
  constructor(private readonly deps: CrewResponseDependencies) {}

  async respond(event: CrewEvent, crewId: string, answer: CrewAnswer): Promise<ResponseOutcome> {
    const bookingId = event.bookingId;
    if (!bookingId) {
      throw new CrewResponseClosedError('This trip was not booked through SCC, so there is nothing to confirm', {
        details: { reason: 'not_a_booking' satisfies ResponseClosedReason },
      });
    }
    for (let attempt = 1; ; attempt++) {
      const record = await this.deps.bookings.get(bookingId);
      if (!record) throw new NotFoundError(`No booking ${bookingId}`, { details: { bookingId } });
      const now = this.deps.clock();
      this.assertOpen(record, crewId, now);
      const previous = record.crewResponses?.[crewId];
      const note = answer.note?.trim();
      // A repeated decline is the same decline (its time stays, so its email is the same one);
      // a change of mind starts a new answer.
      const same = previous?.status === answer.status;
      const response: CrewResponse = {
        status: answer.status,
        at: same ? previous.at : now.toISOString(),
        ...(note ? { note } : {}),
        version: record.version,
      };
      if (await this.deps.bookings.setCrewResponse(bookingId, crewId, response, previous)) {
        const operatorEmail = response.status === 'declined' ? await this.tellOperator(record, crewId, response) : 'not_needed';
        return { response, operatorEmail };
      }
      // The booking changed (or another answer landed) between the read and the write: look again.
      if (attempt >= ATTEMPTS) throw new CrewResponseClosedError('The trip is changing right now; try again in a moment', { details: { reason: 'busy' } });
    }
  }

  private assertOpen(record: BookingRecord, crewId: string, now: Date): void {
    if (record.status === 'cancelled') {
      throw new CrewResponseClosedError('This trip is cancelled: there is nothing to confirm or decline', {
        details: { reason: 'cancelled' satisfies ResponseClosedReason },
      });
    }
    if (Date.parse(record.request.end) <= now.getTime()) {
      throw new CrewResponseClosedError('This trip is over: there is nothing to confirm or decline', {
        details: { reason: 'ended' satisfies ResponseClosedReason },
      });
    }
    if (!record.request.crew.some((a) => a.crewId === crewId)) {
      throw new NotFoundError('You are not on the crew of this trip', { details: { crewId } });
    }
  }

  private async tellOperator(record: BookingRecord, crewId: string, response: CrewResponse): Promise<ResponseOutcome['operatorEmail']> {
    const to = (await this.deps.settings()).operator.email;
    if (!to) return 'no_address';
    const { notifications, clock } = this.deps;
    const kind = `declined#${response.at}`;
    const claim = await notifications.claim(record.eventId, crewId, kind, clock());
    if (claim !== 'claimed') return 'already_sent';
    try {
      const member = await this.deps.crew.get(crewId);
      const role = record.request.crew.find((a) => a.crewId === crewId)?.role ?? 'crew';
      const email = this.deps.render({
        // The trip as the booking says now (the crew event may lag a step behind).
        ...tripOf(record.request),
        crewName: member?.name ?? crewId,
        role,
        ...(response.note ? { note: response.note } : {}),
        bookingUrl: this.deps.links.adminBookingUrl(record.bookingId),
      });
      const { messageId } = await this.deps.mailer.send({ to, ...email });
      // Sent: a failure to note it leaves the claim unconfirmed, which never sends twice.
      await notifications.markSent(record.eventId, crewId, kind, messageId, clock()).catch(() => undefined);
      return 'sent';
    } catch {
      // The decline is stored and the console shows it; a second tap may send the email again.
      await notifications.release(record.eventId, crewId, kind).catch(() => undefined);
      return 'failed';
    }
  }
}
