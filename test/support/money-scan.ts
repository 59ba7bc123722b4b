import { expect } from 'vitest';

/**
 * Distinctive figures and contact details for bookings in tests, and the forms they could take
 * on a page or in an email, so a leak shows up whatever the formatting.
 */
export const FINANCE = { revenue: 184731, captainFee: 35917, platformFee: 27709, currency: 'USD' };
export const GUEST = { name: 'Jane Smith', email: 'jane.smith@example.com', phone: '+16195550123', count: 6 };

const moneyForms = (minor: number) => [String(minor), (minor / 100).toFixed(2), (minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })];

export const FORBIDDEN_ON_CREW_AND_GUEST_SURFACES = [
  ...moneyForms(FINANCE.revenue),
  ...moneyForms(FINANCE.captainFee),
  ...moneyForms(FINANCE.platformFee),
  GUEST.email,
  GUEST.phone,
  GUEST.phone.replace('+1', ''),
];

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * Each value standing on its own: not inside a longer run of letters and digits, where a
 * random token (a presigned URL's hex signature, an id) can hold "27709" by chance.
 */
const FORBIDDEN_PATTERNS = FORBIDDEN_ON_CREW_AND_GUEST_SURFACES.map((value) => ({ value, pattern: new RegExp(`(?<![0-9A-Za-z])${escape(value)}(?![0-9A-Za-z])`) }));

/** Fails naming the surface and the figure if any forbidden value appears in `text`. */
export function expectNoMoneyOrGuestContact(surface: string, text: string): void {
  const found = FORBIDDEN_PATTERNS.filter(({ pattern }) => pattern.test(text)).map(({ value }) => value);
  expect(found, `${surface} shows ${found.join(', ')}`).toEqual([]);
}

/**
 * A valid booking body (a sunset sail on July 4, 2027, no crew), with the distinctive money and
 * guest contact above; tests override what they are about. Every sample is the same boat at
 * the same time, so it books over conflicts (`allowConflicts`); tests about double booking
 * set it to false.
 */
export function bookingBody(externalId: string, overrides: Record<string, unknown> = {}) {
  return {
    source: 'boatsetter',
    externalId,
    title: 'Sunset sail',
    start: '2027-07-04T18:00:00-07:00',
    end: '2027-07-04T21:00:00-07:00',
    timezone: 'America/Los_Angeles',
    boat: 'JADA',
    meetingPoint: 'Dock C',
    guest: GUEST,
    finance: FINANCE,
    allowConflicts: true,
    ...overrides,
  };
}
