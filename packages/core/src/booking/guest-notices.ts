import type { BookingBasis } from './drafts';
import { type GuestBrief, type GuestTold, timeMoved, tripOf } from './views';

export type { GuestBrief, GuestTold } from './views';

/**
 * `welcome` with the booking, `changed` when something the guest relies on moved, `cancelled`,
 * and `reinstated` when a cancelled trip is back on.
 */
export const GUEST_NOTICE_KINDS = ['welcome', 'changed', 'cancelled', 'reinstated'] as const;
export type GuestNoticeKind = (typeof GUEST_NOTICE_KINDS)[number];

export const GUEST_VISIBLE_FIELDS = ['title', 'time', 'boat', 'meetingPoint', 'whatToBring'] as const;
export type GuestVisibleField = (typeof GUEST_VISIBLE_FIELDS)[number];

/** The one message due to the guest (if any), and what they will have been told after it. */
export interface PlannedGuestNotice {
  kind: GuestNoticeKind;
  email: string;
  changed: GuestVisibleField[];
  previous?: GuestTold;
  after: GuestTold;
}

/**
 * Why SCC may not write to this booking's guest at all (notices and reminders alike);
 * `undefined` when it may.
 */
export function guestUnreachable(record: Pick<BookingBasis, 'request'> & { needsDetails?: readonly string[] }): string | undefined {
  if (record.request.notifyGuest === false) return 'the booking asks for no guest email (notifyGuest: false)';
  if (!record.request.guest.email) return 'the guest has no email address';
  if (record.needsDetails?.includes('guest')) return 'the guest’s details are not confirmed yet';
  return undefined;
}

/** Why no notice goes to the guest now; `undefined` when one may. */
export function guestSilence(record: BookingBasis & { needsDetails?: readonly string[] }, now: Date): string | undefined {
  return guestUnreachable(record) ?? (Date.parse(record.request.end) <= now.getTime() ? 'the trip has ended' : undefined);
}

export function guestBriefOf(record: BookingBasis): GuestBrief {
  const { whatToBring } = record.request;
  return { ...tripOf(record.request), ...(whatToBring ? { whatToBring } : {}) };
}

export function guestChangedFields(before: GuestBrief, after: GuestBrief): GuestVisibleField[] {
  const differs: Record<GuestVisibleField, boolean> = {
    title: before.title !== after.title,
    time: timeMoved(before, after),
    boat: before.boat !== after.boat,
    meetingPoint: before.meetingPoint !== after.meetingPoint,
    whatToBring: (before.whatToBring ?? '') !== (after.whatToBring ?? ''),
  };
  return GUEST_VISIBLE_FIELDS.filter((field) => differs[field]);
}

/**
 * The message that takes the guest from what they were told to what the booking says now.
 * Pure, so a retry plans exactly what is still due. A new address is a new guest: they get
 * the welcome, not a "changed" about a trip they never heard of.
 */
export function planGuestNotice(told: GuestTold | undefined, record: BookingBasis & { status?: string }): PlannedGuestNotice | undefined {
  const email = record.request.guest.email;
  if (!email) return undefined;
  const brief = guestBriefOf(record);
  const known = told && told.email.toLowerCase() === email.toLowerCase() ? told : undefined;
  if (record.status === 'cancelled') {
    if (!known || known.cancelled) return undefined;
    return { kind: 'cancelled', email, changed: [], previous: known, after: { ...known, cancelled: true } };
  }
  const after: GuestTold = { ...brief, email };
  if (!known) return { kind: 'welcome', email, changed: [], after };
  const changed = guestChangedFields(known, brief);
  if (known.cancelled) return { kind: 'reinstated', email, changed, previous: known, after };
  return changed.length > 0 ? { kind: 'changed', email, changed, previous: known, after } : undefined;
}

/** The email's content: the trip as it is now, where to be, the guest page, the operator. */
export interface GuestNoticeView extends GuestBrief {
  kind: GuestNoticeKind;
  guestName: string;
  guestPageUrl: string;
  changed: GuestVisibleField[];
  previous?: GuestBrief;
  operator: { name?: string; phone?: string };
}
