import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { createLinks } from '@scc/api';
import {
  CloudFrontInvalidator,
  DynamoBookingRepository,
  DynamoCrewRepository,
  DynamoEventRepository,
  DynamoNotificationRepository,
  S3GuestPageStore,
  SesMailer,
} from '@scc/aws';
import {
  type BookingInput,
  type BookingRepository,
  BookingService,
  bookingCreateSchema,
  type CalendarPort,
  type Clock,
  CrewService,
} from '@scc/core';
import { renderCrewNotice, renderGuestNotice, renderGuestPage } from '@scc/pages';
import { TEST_MAGIC_LINKS } from './fake-outside';
import { bookingBody } from './money-scan';
import { startTestTable } from './dynamo';

const CLIENT = { region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };
export const FAST_STEPS = { timeoutMs: 500, attempts: 2, backoffMs: 1 };

/**
 * The booking workflow as production assembles it (real DynamoDB store on dynalite, the real
 * S3, SES and CloudFront adapters on AWS SDK clients), for tests that put faults in with
 * aws-sdk-client-mock or by wrapping a repository.
 */
export async function startBookingHarness(
  options: {
    calendar?: CalendarPort;
    wrapBookings?: (repo: BookingRepository) => BookingRepository;
    clock?: Clock;
  } = {},
) {
  const table = await startTestTable();
  const crewRepo = new DynamoCrewRepository(table.db, table.tableName);
  const crew = new CrewService(crewRepo);
  const ana = await crew.create({ name: 'Ana Lopez', email: 'ana@example.com' });
  const ben = await crew.create({ name: 'Ben Ortiz', email: 'ben@example.com' });
  const realBookings = new DynamoBookingRepository(table.db, table.tableName);
  const bookings = options.wrapBookings ? options.wrapBookings(realBookings) : realBookings;
  const events = new DynamoEventRepository(table.db, table.tableName);
  const notifications = new DynamoNotificationRepository(table.db, table.tableName);

  /** Another "process" on the same table; a restarted one passes the unwrapped repository. */
  const build = (overrides: { calendar?: CalendarPort; clock?: Clock; bookings?: BookingRepository } = {}) => {
    const calendar = overrides.calendar ?? options.calendar;
    const clock = overrides.clock ?? options.clock;
    return new BookingService({
      bookings: overrides.bookings ?? bookings,
      notifications,
      events,
      crew: crewRepo,
      ...(calendar ? { calendar } : {}),
      guestPages: new S3GuestPageStore(new S3Client(CLIENT), 'scc-media'),
      cdn: new CloudFrontInvalidator(new CloudFrontClient(CLIENT), 'E2EXAMPLE'),
      mailer: new SesMailer(new SESv2Client(CLIENT), { from: 'crew@example.com' }),
      render: { guestPage: renderGuestPage, crewNotice: renderCrewNotice, guestNotice: renderGuestNotice },
      links: createLinks('https://scc.test', TEST_MAGIC_LINKS),
      policies: { event: FAST_STEPS, calendar: FAST_STEPS, guestPage: FAST_STEPS, crewNotices: FAST_STEPS, guestNotices: FAST_STEPS, reminders: FAST_STEPS },
      sleep: async () => {},
      ...(clock ? { clock } : {}),
    });
  };

  const request = (externalId: string, extra: Partial<BookingInput> = {}) =>
    bookingCreateSchema.parse(
      bookingBody(externalId, {
        crew: [
          { crewId: ana.crewId, role: 'captain' },
          { crewId: ben.crewId, role: 'mate' },
        ],
        crewTasks: ['Check fuel'],
        ...extra,
      }),
    );

  return { table, bookings: realBookings, events, service: build(), build, request, crew: [ana, ben], stop: () => table.stop() };
}
