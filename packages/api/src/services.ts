import {
  type BookingLinks,
  BookingService,
  type CalendarPort,
  type CdnInvalidator,
  type Clock,
  CrewService,
  EventService,
  type GuestPageStore,
  type Mailer,
  type StepName,
  type StepPolicy,
  systemClock,
} from '@scc/core';
import {
  type createDocumentClient,
  DynamoBookingRepository,
  DynamoCrewRepository,
  DynamoEventRepository,
  DynamoNotificationRepository,
} from '@scc/aws';
import { renderCrewInvite, renderGuestPage } from '@scc/pages';
import { createLinks } from './links';
import type { MagicLinks } from './magic-links';

/** What differs between AWS, the local stack and tests: the outside world. */
export interface Outside {
  guestPages: GuestPageStore;
  cdn: CdnInvalidator;
  mailer: Mailer;
  /** Undefined when Google Calendar is not configured. */
  calendar?: CalendarPort;
  magicLinks: MagicLinks;
  /** Where guests and crew reach SCC, e.g. the CloudFront domain. */
  publicBaseUrl: string;
  stepPolicies?: Partial<Record<StepName, StepPolicy>>;
}

export interface Services {
  crew: CrewService;
  events: EventService;
  bookings: BookingService;
  magicLinks: MagicLinks;
  links: BookingLinks;
}

/** Wires the domain services to the table and the outside world; shared by every entry point. */
export function createServices(
  db: ReturnType<typeof createDocumentClient>,
  tableName: string,
  outside: Outside,
  clock: Clock = systemClock,
): Services {
  const crewRepo = new DynamoCrewRepository(db, tableName);
  const links = createLinks(outside.publicBaseUrl, outside.magicLinks);
  const eventRepo = new DynamoEventRepository(db, tableName);
  return {
    crew: new CrewService(crewRepo, clock),
    events: new EventService(eventRepo, crewRepo, clock),
    bookings: new BookingService({
      bookings: new DynamoBookingRepository(db, tableName),
      notifications: new DynamoNotificationRepository(db, tableName),
      events: eventRepo,
      crew: crewRepo,
      ...(outside.calendar ? { calendar: outside.calendar } : {}),
      guestPages: outside.guestPages,
      cdn: outside.cdn,
      mailer: outside.mailer,
      render: { guestPage: renderGuestPage, crewInvite: renderCrewInvite },
      links,
      clock,
      ...(outside.stepPolicies ? { policies: outside.stepPolicies } : {}),
    }),
    magicLinks: outside.magicLinks,
    links,
  };
}
