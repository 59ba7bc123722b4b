import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { type BookingRepository, deriveBookingId } from '@scc/core';
import { mockClient } from 'aws-sdk-client-mock';
import type { InitializeMiddleware } from '@smithy/types';
import type { ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { GUEST, startBookingHarness } from './support';

const s3 = mockClient(S3Client);
const ses = mockClient(SESv2Client);
const sentTo = (guest: boolean) =>
  ses.commandCalls(SendEmailCommand).filter((call) => (call.args[0].input.Destination?.ToAddresses?.[0] === GUEST.email) === guest);
const crewEmails = () => sentTo(false);
const guestEmails = () => sentTo(true);
const cloudfront = mockClient(CloudFrontClient);
s3.on(PutObjectCommand).resolves({});
ses.on(SendEmailCommand).callsFake(async (input) => ({ MessageId: `m-${input.Destination?.ToAddresses?.[0]}` }));
cloudfront.on(CreateInvalidationCommand).resolves({ Invalidation: { Id: 'I1', Status: 'InProgress', CreateTime: new Date(), InvalidationBatch: undefined } });
afterEach(() => {
  s3.resetHistory();
  ses.resetHistory();
  cloudfront.resetHistory();
});

class ProcessKilled extends Error {}

/**
 * The repository of a process that dies right after writing the crew event: from the moment
 * it would record the event step, nothing it does reaches the table any more.
 */
function dyingAfterEventWrite(repo: BookingRepository): BookingRepository {
  let dead = false;
  const guard = <T extends unknown[], R>(fn: (...args: T) => Promise<R>) =>
    (...args: T): Promise<R> => (dead ? Promise.reject(new ProcessKilled()) : fn(...args));
  return {
    createOrGet: guard((...a) => repo.createOrGet(...a)),
    get: guard((id) => repo.get(id)),
    listByStart: guard((range, page) => repo.listByStart(range, page)),
    saveChange: guard((...a) => repo.saveChange(...a)),
    claimStep: guard((...a) => repo.claimStep(...a)),
    extendClaim: guard((...a) => repo.extendClaim(...a)),
    recordStep: (_bookingId, step) => {
      if (step === 'event') dead = true;
      return Promise.reject(new ProcessKilled());
    },
    putFinance: guard((...a) => repo.putFinance(...a)),
    setFinance: guard((...a) => repo.setFinance(...a)),
    getFinance: guard((id) => repo.getFinance(id)),
    getFinanceMany: guard((ids) => repo.getFinanceMany(ids)),
    setFeedAlert: guard((...a) => repo.setFeedAlert(...a)),
    setCrewResponse: guard((...a) => repo.setCrewResponse(...a)),
    appendHistory: guard((...a) => repo.appendHistory(...a)),
    listHistory: guard((id) => repo.listHistory(id)),
  };
}

describe('a crash between steps', () => {
  it('leaves a booking that a retry completes, once the crashed run’s lease has lapsed', async () => {
    const h = await startBookingHarness({ wrapBookings: dyingAfterEventWrite });
    try {
      const request = h.request('CRASH-1');
      // What the dying process would have answered never reaches anyone.
      await h.service.submit(request).catch(() => undefined);

      const stored = await h.bookings.get((await h.bookings.listByStart({ from: '2027-07-01', to: '2027-07-31' }, { limit: 5 })).items[0]!.bookingId);
      // Every step was claimed with the booking and none could record an outcome.
      expect(stored?.steps).toMatchObject({
        event: { status: 'running' },
        calendar: { status: 'running' },
        guestPage: { status: 'running' },
        crewNotices: { status: 'running' },
      });
      expect(await h.events.get(stored!.eventId)).toBeDefined();
      // The money was written with the booking, before it: it is there although nothing ran to the end.
      expect(await h.bookings.getFinance(stored!.bookingId)).toMatchObject(request.finance!);
      // The page may have gone up alongside the event; the emails wait for a recorded event.
      expect(s3.commandCalls(PutObjectCommand).length).toBeLessThanOrEqual(1);
      expect(crewEmails()).toHaveLength(0);

      // A new process, right away: the crashed run still holds the event step's lease, so it
      // neither redoes the step nor runs the ones after it.
      const restarted = h.build({ bookings: h.bookings });
      const putsBefore = s3.commandCalls(PutObjectCommand).length;
      const early = await restarted.retry(stored!.bookingId);
      expect(early.result.steps.event.status).toBe('running');
      expect(early.result.steps.guestPage.status).toBe('running');
      expect(crewEmails()).toHaveLength(0);
      expect(s3.commandCalls(PutObjectCommand)).toHaveLength(putsBefore);

      // Later, the lease has lapsed: the retry finishes every step.
      const later = h.build({ bookings: h.bookings, clock: () => new Date(Date.now() + 60 * 60 * 1000) });
      const done = await later.retry(stored!.bookingId);
      expect(done.result.steps).toMatchObject({
        event: { status: 'succeeded' },
        calendar: { status: 'skipped' },
        guestPage: { status: 'succeeded' },
        crewNotices: { status: 'succeeded', sent: 2 },
      });
      expect(crewEmails()).toHaveLength(2);
      // The guest's welcome needs no crew event: it went with the crashed run, and only then.
      expect(guestEmails()).toHaveLength(1);
      // Publishing again is harmless: the same page, and the same invalidation reference.
      const references = cloudfront.commandCalls(CreateInvalidationCommand).map((c) => c.args[0].input.InvalidationBatch?.CallerReference);
      expect(new Set(references).size).toBe(1);
      expect(references[0]).toMatch(new RegExp(`^${stored!.bookingId}-page-[0-9a-f]{24}$`));

      // Submitting the same booking again now is a plain replay.
      expect((await later.submit(request)).kind).toBe('replayed');
      expect(crewEmails()).toHaveLength(2);
      expect(guestEmails()).toHaveLength(1);
    } finally {
      await h.stop();
    }
  });

  it('between the finance write and the booking: no booking, the money kept, and the same submission again creates it once', async () => {
    const h = await startBookingHarness();
    try {
      const request = h.request('CRASH-2');
      // The process dies as it sends the booking item's put (the finance and the outbox marker went just before).
      const dieAtBookingPut: InitializeMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next) => async (args) => {
        const input = (args as { input?: { Item?: { sk?: unknown } } }).input;
        const sk = input?.Item?.sk;
        if (sk === 'BOOKING' || (sk as { S?: string } | undefined)?.S === 'BOOKING') throw new ProcessKilled();
        return next(args);
      };
      h.table.db.middlewareStack.add(dieAtBookingPut, { step: 'initialize', name: 'dieAtBookingPut' });
      await expect(h.service.submit(request)).rejects.toThrow();
      h.table.db.middlewareStack.remove('dieAtBookingPut');

      const { items } = await h.bookings.listByStart({ from: '2027-07-01', to: '2027-07-31' }, { limit: 5 });
      expect(items).toHaveLength(0);
      expect(await h.bookings.getFinance(deriveBookingId(request.source, request.externalId))).toMatchObject(request.finance!);
      expect(crewEmails()).toHaveLength(0);
      expect(guestEmails()).toHaveLength(0);

      // The integration sends it again, as it would after no answer: one booking, its money intact.
      const again = await h.build().submit(request);
      expect(again.kind).toBe('created');
      expect(await h.bookings.getFinance(again.result.bookingId)).toMatchObject({ ...request.finance!, version: 1 });
      expect(crewEmails()).toHaveLength(2);
      expect(guestEmails()).toHaveLength(1);
      expect((await h.build().submit(request)).kind).toBe('replayed');
    } finally {
      await h.stop();
    }
  });
});
