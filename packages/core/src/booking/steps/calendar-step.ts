import { DependencyRejectedError } from '../../errors';
import { payloadHash } from '../canonical';
import { calendarDraftOf } from '../drafts';
import { calendarEventId } from '../ids';
import type { CalendarEventDraft, CalendarPort } from '../ports';
import { runStep, type Sleep, type StepPolicy } from '../step-runner';
import { type BookingStep, outcomeOf } from './step';

const CANCELLED = 'cancelled';

/**
 * The one calendar event with the booking's deterministic id: inserted the first time,
 * updated after that (re-inserted if someone deleted it), cancelled with the booking and
 * brought back by an update when it is reinstated. Never a second event. What was last
 * written is remembered as a fingerprint, so a change the calendar does not show (finance,
 * guest contact) writes nothing.
 */
export function calendarStep(deps: {
  calendar: CalendarPort | undefined;
  adminBookingUrl: (bookingId: string) => string;
  policy: StepPolicy;
  sleep: Sleep;
  clock: () => Date;
}): BookingStep {
  return {
    name: 'calendar',
    async converge({ record, roster, memory }) {
      const { calendar } = deps;
      if (!calendar) {
        return { state: { status: 'skipped', at: deps.clock().toISOString(), reason: 'Google Calendar is not configured' } };
      }
      const cancelled = record.status === 'cancelled';
      const draft = calendarDraftOf(record, roster, deps.adminBookingUrl(record.bookingId));
      const fingerprint = cancelled ? CANCELLED : payloadHash(draft);
      if (memory?.fingerprint === fingerprint) {
        return { state: { status: 'succeeded', at: deps.clock().toISOString(), note: 'already up to date' }, memory: { fingerprint } };
      }
      const written = memory?.fingerprint !== undefined;
      const result = await runStep(
        deps.policy,
        async (signal) => {
          if (cancelled) await calendar.cancelEvent(calendarEventId(record.bookingId), signal);
          else await write(calendar, draft, written, signal);
        },
        deps.sleep,
      );
      return outcomeOf(result, deps.clock(), { fingerprint });
    },
  };
}

/** Insert first when nothing was written yet (the common case, one call); update otherwise. */
async function write(calendar: CalendarPort, draft: CalendarEventDraft, written: boolean, signal: AbortSignal): Promise<void> {
  if (!written && (await calendar.insertEvent(draft, signal)).outcome === 'created') return;
  // It exists (an earlier interrupted run, or a cancelled event to bring back): update it.
  if ((await calendar.updateEvent(draft, signal)).outcome === 'updated') return;
  // Deleted by hand in the calendar since: put it back.
  if ((await calendar.insertEvent(draft, signal)).outcome === 'created') return;
  throw new DependencyRejectedError('The calendar event can neither be updated nor inserted');
}
