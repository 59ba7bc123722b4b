import type { CrewResponseStatus } from '../booking/crew-responses';
import type { TripView } from '../booking/views';

/**
 * What each scheduled email shows. Allow-lists like the booking's views: money, guest contact
 * details (in crew emails) and crew contact details (in guest emails) are not in these types.
 */

/** The operator as guests may reach them (operator settings). */
export interface OperatorContact {
  name?: string;
  phone?: string;
}

export interface ChecklistProgress {
  done: number;
  total: number;
}

/** To one crew member, the evening before. */
export interface CrewReminderView extends TripView {
  crewName: string;
  role: string;
  guestCount: number;
  checklist: ChecklistProgress;
  /** A fresh link to their crew page. */
  crewPageUrl: string;
}

/** To the guest, the day before. */
export interface GuestReminderView extends TripView {
  guestName: string;
  whatToBring?: string;
  guestPageUrl: string;
  operator: OperatorContact;
}

/** To the guest, at the trip's end, while uploads stay open. */
export interface AfterTripView {
  title: string;
  timezone: string;
  guestName: string;
  guestPageUrl: string;
  /** When uploads close (ISO instant), shown in the trip's zone. */
  uploadsUntil: string;
  operator: OperatorContact;
}

export interface DigestCrew {
  name: string;
  role: string;
  status: CrewResponseStatus;
}

export interface DigestTrip extends TripView {
  day: 'today' | 'tomorrow';
  bookingUrl: string;
  cancelled: boolean;
  crew: DigestCrew[];
  checklist: ChecklistProgress;
}

/** Something in a booking that needs the operator. */
export interface DigestBookingIssue {
  title: string;
  start: string;
  timezone: string;
  bookingUrl: string;
  problem: string;
}

export interface DigestChannelIssue {
  name: string;
  problem: string;
}

/** To the operator, once a day: what needs them. */
export interface DigestView {
  /** The operator's date, `2026-07-04`, and zone. */
  date: string;
  timezone: string;
  trips: DigestTrip[];
  /** Declined crew, and crew still pending within 24 hours of the trip. */
  crew: DigestBookingIssue[];
  failedSteps: DigestBookingIssue[];
  feedAlerts: DigestBookingIssue[];
  channels: DigestChannelIssue[];
}
