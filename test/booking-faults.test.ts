import { CloudFrontClient, CloudFrontServiceException, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { SendEmailCommand, SESv2Client, SESv2ServiceException } from '@aws-sdk/client-sesv2';
import { type BookingRepository, DependencyUnavailableError } from '@scc/core';
import { GoogleCalendar } from '@scc/google';
import { type GoogleStandIn, startGoogleStandIn } from '@scc/test/google-standin';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GUEST, startBookingHarness } from './support';

const s3 = mockClient(S3Client);
const ses = mockClient(SESv2Client);
const cloudfront = mockClient(CloudFrontClient);

const s3Down = () =>
  new S3ServiceException({ name: 'InternalError', $fault: 'server', message: 'We encountered an internal error', $metadata: { httpStatusCode: 500 } });
const sesThrottled = () =>
  new SESv2ServiceException({ name: 'TooManyRequestsException', $fault: 'client', message: 'Maximum sending rate exceeded', $metadata: { httpStatusCode: 429 } });
const cloudfrontThrottled = () =>
  new CloudFrontServiceException({ name: 'TooManyInvalidationsInProgress', $fault: 'client', message: 'Too many invalidations', $metadata: { httpStatusCode: 400 } });

/** Who SES accepted an email for, in order. */
let delivered: string[] = [];
const deliver = (input: { Destination?: { ToAddresses?: string[] } }) => {
  delivered.push(input.Destination?.ToAddresses?.[0] ?? '?');
  return { MessageId: `m-${delivered.length}` };
};

/** The adapters answer as AWS does when healthy; each test breaks one of them. */
function healthy() {
  s3.reset();
  ses.reset();
  cloudfront.reset();
  delivered = [];
  s3.on(PutObjectCommand).resolves({ ETag: '"e"' });
  ses.on(SendEmailCommand).callsFake(async (input) => deliver(input));
  cloudfront.on(CreateInvalidationCommand).callsFake(async (input) => ({
    Invalidation: { Id: `I-${input.InvalidationBatch.CallerReference}`, Status: 'InProgress', CreateTime: new Date(), InvalidationBatch: input.InvalidationBatch },
  }));
}

const deliveredTo = () => [...delivered].sort();
/** The guest's welcome goes beside the crew's invites (it needs no crew event). */
const WITH_GUEST = (...crew: string[]) => [...crew, GUEST.email].sort();

let google: GoogleStandIn;
let calendar: GoogleCalendar;
beforeAll(async () => {
  google = await startGoogleStandIn();
  calendar = new GoogleCalendar({ serviceAccount: google.serviceAccount, calendarId: 'ops@example.com', apiBaseUrl: google.url });
});
afterAll(() => google.close());
beforeEach(healthy);
afterEach(() => google.setFault(null));

describe('one dependency failing at a time', () => {
  it('S3 down: the page step fails and says why, the rest completes, a retry publishes once', async () => {
    const h = await startBookingHarness({ calendar });
    try {
      s3.on(PutObjectCommand).rejects(s3Down());
      const first = await h.service.submit(h.request('S3-1'));
      expect(first.result.steps.guestPage).toMatchObject({ status: 'failed', retryable: true, attempts: 2 });
      expect((first.result.steps.guestPage as { reason: string }).reason).toMatch(/S3/);
      expect(first.result.steps).toMatchObject({ event: { status: 'succeeded' }, calendar: { status: 'succeeded' }, crewNotices: { status: 'succeeded', sent: 2 } });
      expect(cloudfront.commandCalls(CreateInvalidationCommand)).toHaveLength(0);

      s3.on(PutObjectCommand).resolves({});
      const retried = await h.service.retry(first.result.bookingId);
      expect(retried.result.steps.guestPage.status).toBe('succeeded');
      expect(cloudfront.commandCalls(CreateInvalidationCommand)).toHaveLength(1);
      expect(deliveredTo()).toEqual(WITH_GUEST('ana@example.com', 'ben@example.com'));
      expect(google.events().filter((e) => e.summary === 'Sunset sail')).toHaveLength(1);
    } finally {
      await h.stop();
    }
  });

  it('CloudFront throttling: the page step fails retryably; the retry reuses the same caller reference', async () => {
    const h = await startBookingHarness();
    try {
      cloudfront.on(CreateInvalidationCommand).rejects(cloudfrontThrottled());
      const first = await h.service.submit(h.request('CF-1'));
      expect(first.result.steps.guestPage).toMatchObject({ status: 'failed', retryable: true });
      expect(first.result.steps.crewNotices.status).toBe('succeeded');

      healthy();
      const retried = await h.service.retry(first.result.bookingId);
      expect(retried.result.steps.guestPage.status).toBe('succeeded');
      const references = cloudfront.commandCalls(CreateInvalidationCommand).map((c) => c.args[0].input.InvalidationBatch?.CallerReference);
      // Every attempt, the failed ones and the retry's, asked for the same invalidation.
      expect(new Set(references).size).toBe(1);
      expect(references[0]).toMatch(new RegExp(`^${first.result.bookingId}-page-[0-9a-f]{24}$`));
      expect(deliveredTo()).toEqual([]);
    } finally {
      await h.stop();
    }
  });

  it('SES throttling one recipient: the other is emailed once, the retry emails only the missing one', async () => {
    const h = await startBookingHarness();
    try {
      ses.on(SendEmailCommand).callsFake(async (input) => {
        if (input.Destination?.ToAddresses?.[0] === 'ben@example.com') throw sesThrottled();
        return deliver(input);
      });
      const first = await h.service.submit(h.request('SES-1'));
      expect(first.result.steps.crewNotices).toMatchObject({ status: 'failed', retryable: true, sent: 1 });
      expect((first.result.steps.crewNotices as { reason: string }).reason).toMatch(/Ben Ortiz/);
      expect(first.result.steps.guestPage.status).toBe('succeeded');
      expect(deliveredTo()).toEqual(WITH_GUEST('ana@example.com'));

      healthy();
      const retried = await h.service.retry(first.result.bookingId);
      // `sent` counts what this run sent: only Ben was still due.
      expect(retried.result.steps.crewNotices).toMatchObject({ status: 'succeeded', sent: 1 });
      expect(deliveredTo()).toEqual(['ben@example.com']);
      expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    } finally {
      await h.stop();
    }
  });

  it.each([
    ['429', 'CAL-429', { status: 429 as const }],
    ['a dropped connection', 'CAL-reset', { reset: true as const }],
  ])('Google answering %s: the calendar step fails, a retry creates one event', async (_, externalId, fault) => {
    const h = await startBookingHarness({ calendar });
    try {
      google.setFault(fault);
      const first = await h.service.submit(h.request(externalId));
      expect(first.result.steps.calendar).toMatchObject({ status: 'failed', retryable: true });
      expect(first.result.steps.guestPage.status).toBe('succeeded');
      google.setFault(null);
      const retried = await h.service.retry(first.result.bookingId);
      expect(retried.result.steps.calendar.status).toBe('succeeded');
      expect(google.events().filter((e) => e.description?.includes(first.result.bookingId))).toHaveLength(1);
    } finally {
      await h.stop();
    }
  });

  it('DynamoDB throttling on a step update: the step says so, the others complete, a retry confirms it without repeating', async () => {
    let throttleOnce = true;
    const h = await startBookingHarness({
      calendar,
      wrapBookings: (repo): BookingRepository =>
        Object.assign(Object.create(repo), {
          recordStep: (...args: Parameters<BookingRepository['recordStep']>) => {
            const [, step, state] = args;
            if (step === 'calendar' && state.status === 'succeeded' && throttleOnce) {
              throttleOnce = false;
              return Promise.reject(new DependencyUnavailableError('The database is busy or unavailable; try again shortly'));
            }
            return repo.recordStep(...args);
          },
        }),
    });
    try {
      const first = await h.service.submit(h.request('DDB-1'));
      expect(first.result.steps.calendar).toMatchObject({ status: 'failed', retryable: true });
      expect((first.result.steps.calendar as { reason: string }).reason).toMatch(/could not be saved/);
      expect(first.result.steps).toMatchObject({ guestPage: { status: 'succeeded' }, crewNotices: { status: 'succeeded', sent: 2 } });
      expect((await h.bookings.get(first.result.bookingId))?.steps.calendar.status).toBe('failed');

      const inserts = google.insertCount;
      const retried = await h.service.retry(first.result.bookingId);
      expect(retried.result.steps.calendar.status).toBe('succeeded');
      // The retry's insert was answered 409: the event already existed, and still exists once.
      expect(google.insertCount - inserts).toBe(1);
      expect(google.events().filter((e) => e.description?.includes(first.result.bookingId))).toHaveLength(1);
      expect(deliveredTo()).toEqual(WITH_GUEST('ana@example.com', 'ben@example.com'));
    } finally {
      await h.stop();
    }
  });
});
