import { randomBytes } from 'node:crypto';
import type { CalendarEventDraft } from '@scc/core';

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

/** A random id in Google's event id alphabet, like the booking workflow's deterministic ones. */
export function eventId(): string {
  return Array.from(randomBytes(20), (byte) => BASE32HEX[byte % 32]).join('');
}

export function draft(id = eventId()): CalendarEventDraft {
  return {
    id,
    summary: 'Sunset sail on JADA',
    description: '6 guests. Birthday party.',
    location: 'Harbor Island West Marina, Dock C',
    start: { dateTime: '2026-07-04T18:00:00-07:00', timeZone: 'America/Los_Angeles' },
    end: { dateTime: '2026-07-04T21:00:00-07:00', timeZone: 'America/Los_Angeles' },
    status: 'confirmed',
  };
}

/** A clock the client and the stand-in share, moved forward by the test. */
export function manualClock(start = '2026-06-01T12:00:00Z'): {
  clock: () => Date;
  advance(ms: number): void;
} {
  let now = Date.parse(start);
  return {
    clock: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
  };
}

/** The rejection of `promise`, for assertions on the error itself. */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, and it succeeded');
}
