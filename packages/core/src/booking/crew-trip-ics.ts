import { ICalCalendar, ICalCalendarMethod } from 'ical-generator';
import { addCrewEntry, crewFeedEntry } from '../feeds/ics';
import type { CrewEvent } from '../schemas/event';

/**
 * One trip as a file to open ("Add to my calendar" on the crew page): the same entry, UID and
 * sequence as in the person's feed, so importing it and later subscribing do not make two.
 * Picked field by field like the feed: no money, no guest names, no notes.
 */
export function renderTripIcs(event: CrewEvent, crewId: string, crewPageUrl: string | undefined): string {
  const entry = crewFeedEntry(event, crewId, crewPageUrl);
  const calendar = new ICalCalendar({
    prodId: { company: 'ShipCaptainCrew', product: 'SCC trip', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
  });
  addCrewEntry(calendar, entry);
  return calendar.toString();
}
