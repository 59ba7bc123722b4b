import type { FeedEvent } from './feed';

/**
 * How SCC tells a marketplace booking from a block, and what it reads about the guest.
 *
 * Generic rules, every source, in this order:
 * - own-export: the UID ends in `@shipcaptaincrew` or `@scc`, or the summary starts with
 *   "Busy — SCC" / "Busy - SCC": SCC's own boat feed read back; ignored.
 * - block: the summary is, or starts with, "Not available", "Unavailable", "Blocked",
 *   "Block", "Busy", "Closed", "Owner block", "Owner hold", "Maintenance" or
 *   "Airbnb (Not available)" (any case).
 * - block: an all-day event with no guest name, unless the source marks it as a booking
 *   (below): marketplaces export owner-blocked days as bare all-day events.
 * - booking: everything else.
 * (Events marked `TRANSP:TRANSPARENT` are free time; the parser skips them before this.)
 *
 * Per source (marketplace formats vary and change without notice: these are best-effort
 * patterns, and the operator completes what is missing):
 * - boatsetter: "Boatsetter Booking - Jane D." or "Booking: Jane Doe (6 guests)"; the
 *   description's "Renter:", "Guests:" / "Passengers:", "Email:", "Phone:". "Booking #12345"
 *   in the description marks a booking.
 * - getmyboat: "GetMyBoat booking – Jane Doe"; "Customer:", "Party size:" / "Group size:".
 * - viator: "Viator: Jane Doe x6"; "Lead traveler:", "Travelers:".
 * - airbnb: a booking reads "Reserved" with a "Reservation URL" in the description and
 *   usually no guest name; that marks it a booking even though it is all-day.
 * - direct and any other source: "Name:", "Guest:", "Guests:", "Email:", "Phone:" lines
 *   (every source falls back to these); otherwise no guest.
 */

export interface ClassifyInput {
  /** The event's own UID (without an occurrence's `#…`). */
  uid: string;
  summary: string;
  description: string;
  allDay: boolean;
}

export interface Classification {
  kind: FeedEvent['kind'];
  guest?: NonNullable<FeedEvent['guest']>;
}

interface SourceRule {
  /** Summary patterns with optional `name` and `count` groups. */
  summary: RegExp[];
  /** Description labels (`Label: value` lines), lower case. */
  nameLabels: string[];
  countLabels: string[];
  /** Marks a booking that carries no guest name. */
  isBooking?: (event: ClassifyInput) => boolean;
}

const SEPARATOR = '\\s*[-–—:]\\s*';

const GENERIC: SourceRule = {
  summary: [],
  nameLabels: ['name', 'guest', 'guest name'],
  countLabels: ['guests', 'party size', 'group size'],
};

const RULES: Record<string, SourceRule> = {
  boatsetter: {
    summary: [
      new RegExp(`^boatsetter booking${SEPARATOR}(?<name>.+)$`, 'i'),
      /^booking:\s*(?<name>.+?)(?:\s*\((?<count>\d+)\s*(?:guests?|passengers?|people)\))?$/i,
    ],
    nameLabels: ['renter'],
    countLabels: ['guests', 'passengers'],
    isBooking: (event) => /\bbooking\s*#\s*\d+/i.test(event.description),
  },
  getmyboat: {
    summary: [new RegExp(`^getmyboat booking${SEPARATOR}(?<name>.+)$`, 'i')],
    nameLabels: ['customer'],
    countLabels: ['party size', 'group size'],
  },
  viator: {
    summary: [/^viator:\s*(?<name>.+?)(?:\s+x\s*(?<count>\d+))?$/i],
    nameLabels: ['lead traveler', 'lead traveller'],
    countLabels: ['travelers', 'travellers'],
  },
  airbnb: {
    summary: [],
    nameLabels: [],
    countLabels: [],
    isBooking: (event) => /^reserved\b/i.test(event.summary.trim()) || /reservation url/i.test(event.description),
  },
};

const OWN_UID = /@(?:shipcaptaincrew|scc)$/i;
const OWN_SUMMARY = /^busy\s*[-–—]\s*scc\b/i;
const BLOCK_SUMMARY =
  /^(?:not available|unavailable|blocked|block|busy|closed|owner block|owner hold|maintenance|airbnb \(not available\))(?![\p{L}\p{N}])/iu;

export function classifyEvent(event: ClassifyInput, source: string): Classification {
  const summary = event.summary.trim();
  if (OWN_UID.test(event.uid.trim()) || OWN_SUMMARY.test(summary)) return { kind: 'own-export' };
  const rule = RULES[source.trim().toLowerCase()];
  const guest = readGuest(event, rule);
  const kind = BLOCK_SUMMARY.test(summary)
    ? 'block'
    : event.allDay && !guest?.name && !rule?.isBooking?.(event)
      ? 'block'
      : 'booking';
  // A block has no guest, whatever its text happens to contain.
  return kind === 'booking' && guest ? { kind, guest } : { kind };
}

function readGuest(event: ClassifyInput, rule: SourceRule | undefined): Classification['guest'] {
  const lines = labelledLines(event.description);
  const fromSummary = (rule?.summary ?? []).map((pattern) => pattern.exec(event.summary.trim())?.groups).find(Boolean);
  const name =
    cleanName(firstLabelled(lines, [...(rule?.nameLabels ?? []), ...GENERIC.nameLabels])) ?? cleanName(fromSummary?.name);
  const count = cleanCount(firstLabelled(lines, [...(rule?.countLabels ?? []), ...GENERIC.countLabels])) ?? cleanCount(fromSummary?.count);
  const email = cleanEmail(firstLabelled(lines, ['email', 'e-mail']));
  const phone = cleanPhone(firstLabelled(lines, ['phone', 'phone number', 'mobile', 'tel']));
  const guest = {
    ...(name ? { name } : {}),
    ...(count ? { count } : {}),
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
  };
  return Object.keys(guest).length > 0 ? guest : undefined;
}

/** `Label: value` lines of a description, keyed by the label in lower case. */
function labelledLines(description: string): Map<string, string> {
  const lines = new Map<string, string>();
  for (const line of description.split(/\r?\n/)) {
    const match = /^\s*([\p{L} -]{1,40}?)\s*[:：]\s*(.*\S)\s*$/u.exec(line);
    const label = match?.[1]?.toLowerCase();
    const value = match?.[2];
    if (label && value && !lines.has(label)) lines.set(label, value);
  }
  return lines;
}

function firstLabelled(lines: Map<string, string>, labels: string[]): string | undefined {
  for (const label of labels) {
    const value = lines.get(label);
    if (value) return value;
  }
  return undefined;
}

function cleanName(value: string | undefined): string | undefined {
  const name = value?.replace(/\s+/g, ' ').trim();
  if (!name || name.length > 100 || name.includes('@') || !/\p{L}/u.test(name)) return undefined;
  return name;
}

/** 1..1000 people; "6", "6 guests" and "6 adults" count, anything else does not. */
function cleanCount(value: string | undefined): number | undefined {
  const digits = value === undefined ? undefined : /^\s*(\d{1,4})(?!\d|[.,]\d)/.exec(value)?.[1];
  const count = digits === undefined ? NaN : Number(digits);
  return Number.isInteger(count) && count >= 1 && count <= 1000 ? count : undefined;
}

function cleanEmail(value: string | undefined): string | undefined {
  const email = value?.trim().replace(/^mailto:/i, '');
  return email && email.length <= 254 && /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[a-z]{2,}$/i.test(email) ? email : undefined;
}

function cleanPhone(value: string | undefined): string | undefined {
  const phone = value?.trim().replace(/^tel:/i, '');
  if (!phone || !/^\+?[\d\s().-]{6,25}$/.test(phone)) return undefined;
  const digits = phone.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15 ? phone : undefined;
}
