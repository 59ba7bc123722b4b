import { crewStatusOf } from '../booking/crew-responses';
import type { BookingRecord } from '../booking/schema';
import type { ChannelRecord } from '../channels/channel-schema';
import type { CrewMember } from '../schemas/crew';
import type { CrewEvent } from '../schemas/event';
import type { DigestBookingIssue, DigestChannelIssue, DigestCrew, DigestTrip } from './views';

const DAY_MS = 24 * 60 * 60 * 1000;

export type BookingUrl = (bookingId: string) => string;

function issue(record: BookingRecord, bookingUrl: BookingUrl, problem: string): DigestBookingIssue {
  const { title, start, timezone } = record.request;
  return { title, start, timezone, bookingUrl: bookingUrl(record.bookingId), problem };
}

export function crewOf(record: BookingRecord, roster: ReadonlyMap<string, CrewMember>): DigestCrew[] {
  return crewStatusOf(record).map(({ crewId, role, status }) => ({ name: roster.get(crewId)?.name ?? crewId, role, status }));
}

export function tripOf(
  record: BookingRecord,
  day: DigestTrip['day'],
  roster: ReadonlyMap<string, CrewMember>,
  event: CrewEvent | undefined,
  bookingUrl: BookingUrl,
): DigestTrip {
  const { title, start, end, timezone, boat, meetingPoint } = record.request;
  const tasks = event?.crewTasks ?? [];
  return {
    title,
    start,
    end,
    timezone,
    boat,
    meetingPoint,
    day,
    bookingUrl: bookingUrl(record.bookingId),
    cancelled: record.status === 'cancelled',
    crew: crewOf(record, roster),
    checklist: { done: tasks.filter((t) => t.done).length, total: tasks.length },
  };
}

/** Declined crew on a trip still ahead, and crew who have not answered within a day of it. */
export function crewIssues(records: readonly BookingRecord[], roster: ReadonlyMap<string, CrewMember>, now: Date, bookingUrl: BookingUrl): DigestBookingIssue[] {
  return records.flatMap((record) => {
    const startsIn = Date.parse(record.request.start) - now.getTime();
    if (record.status === 'cancelled' || startsIn <= 0) return [];
    return crewOf(record, roster).flatMap((member) => {
      if (member.status === 'declined') return [issue(record, bookingUrl, `${member.name} (${member.role}) can't make it`)];
      if (member.status === 'pending' && startsIn <= DAY_MS) {
        return [issue(record, bookingUrl, `${member.name} (${member.role}) has not confirmed`)];
      }
      return [];
    });
  });
}

export function failedStepIssues(records: readonly BookingRecord[], bookingUrl: BookingUrl): DigestBookingIssue[] {
  return records.flatMap((record) =>
    Object.entries(record.steps).flatMap(([name, state]) =>
      state.status === 'failed' ? [issue(record, bookingUrl, `${name} failed: ${state.reason}`)] : [],
    ),
  );
}

export function feedAlertIssues(records: readonly BookingRecord[], bookingUrl: BookingUrl): DigestBookingIssue[] {
  return records.flatMap((record) => {
    const alert = record.feedAlert;
    if (!alert || record.status === 'cancelled') return [];
    const said = alert.kind === 'missing' ? 'is no longer in its channel’s feed' : 'is cancelled in its channel’s feed';
    return [issue(record, bookingUrl, `${said}: cancel it or keep it`)];
  });
}

export function channelIssues(channels: readonly ChannelRecord[]): DigestChannelIssue[] {
  return channels.flatMap((channel): DigestChannelIssue[] => {
    if (!channel.enabled) return [];
    const { lastError, problems } = channel.sync;
    const found: DigestChannelIssue[] = [];
    if (lastError) found.push({ name: channel.name, problem: `the last sync failed: ${lastError.message}` });
    if (problems && problems.length > 0) {
      found.push({ name: channel.name, problem: `${problems.length} feed ${problems.length === 1 ? 'event' : 'events'} could not be used` });
    }
    return found;
  });
}
