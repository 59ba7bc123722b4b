import { DynamoBookingRepository } from '@scc/aws';
import { type BookingRecord, type FireOutcome, ValidationError } from '@scc/core';
import { startTestTable, stubLambdaEnvironment, type TestTable } from '@scc/test/support';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

let table: TestTable;
let lambda: { handler: (event: unknown) => Promise<FireOutcome>; parseReminderPayload: (event: unknown) => unknown };

function cancelledBooking(): BookingRecord {
  const at = '2026-06-01T00:00:00.000Z';
  return {
    bookingId: 'bk_0123456789abcdefghijklmnop',
    source: 'boatsetter',
    externalId: 'L1',
    payloadHash: 'h',
    request: {
      source: 'boatsetter',
      externalId: 'L1',
      title: 'Sunset sail',
      start: '2099-07-04T18:00:00-07:00',
      end: '2099-07-04T21:00:00-07:00',
      timezone: 'America/Los_Angeles',
      boat: 'JADA',
      meetingPoint: 'Dock C',
      guest: { name: 'Kim', email: 'kim@example.com', count: 2 },
      notes: '',
      crew: [],
      crewTasks: [],
    },
    status: 'cancelled',
    cancellation: { reason: 'weather', at },
    eventId: 'evt_1',
    slug: 'sunset-sail-x',
    steps: Object.fromEntries(['event', 'calendar', 'guestPage', 'crewNotices', 'guestNotices', 'reminders'].map((n) => [n, { status: 'pending' }])) as BookingRecord['steps'],
    version: 2,
    createdAt: at,
    updatedAt: at,
  };
}

beforeAll(async () => {
  table = await startTestTable('reminder-lambda-table');
  stubLambdaEnvironment({ tableName: table.tableName, dynamoEndpoint: table.endpoint, serviceKey: 'k' });
  lambda = (await import('./reminder-lambda')) as unknown as typeof lambda;
  await new DynamoBookingRepository(table.db, table.tableName).createOrGet(cancelledBooking());
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await table.stop();
});

describe('the reminder Lambda (EventBridge Scheduler’s target)', () => {
  it('reads the schedule’s payload and fires it: a cancelled trip or an older version sends nothing', async () => {
    const id = 'bk_0123456789abcdefghijklmnop';

    const cancelled = await lambda.handler({ bookingId: id, kind: 'crewReminder', version: 2 });
    const older = await lambda.handler({ bookingId: id, kind: 'guestReminder', version: 1 });
    const missing = await lambda.handler({ bookingId: 'bk_nothing', kind: 'afterTrip', version: 1 });

    expect(cancelled).toEqual({ sent: 0, alreadySent: 0, unconfirmed: 0, skipped: 'the trip is cancelled' });
    expect(older).toEqual({ sent: 0, alreadySent: 0, unconfirmed: 0, skipped: 'planned for version 1; the booking is at version 2' });
    expect(missing).toEqual({ sent: 0, alreadySent: 0, unconfirmed: 0, skipped: 'the booking does not exist' });
  });

  it('refuses anything that is not a reminder payload, so Scheduler dead-letters it', async () => {
    for (const event of [{}, { bookingId: 'bk_1', kind: 'digest', version: 1 }, { bookingId: 'bk_1', kind: 'crewReminder', version: 0 }, { bookingId: 'bk_1', kind: 'crewReminder', version: 1, extra: true }]) {
      await expect(lambda.handler(event)).rejects.toBeInstanceOf(ValidationError);
    }
    expect(lambda.parseReminderPayload({ bookingId: 'bk_1', kind: 'afterTrip', version: 3 })).toEqual({ bookingId: 'bk_1', kind: 'afterTrip', version: 3 });
  });
});
