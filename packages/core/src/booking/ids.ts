import { createHash } from 'node:crypto';
import { newId } from '../ids';

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

function digest(...parts: string[]): Buffer {
  // A separator that cannot occur in the parts keeps ("a","bc") and ("ab","c") apart.
  return createHash('sha256').update(parts.join('\u0000')).digest();
}

function base32(bytes: Uint8Array, alphabet: string): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

/** The same marketplace booking always maps to the same id: the root of idempotency. */
export function deriveBookingId(source: string, externalId: string): string {
  return `bk_${base32(digest('booking', source, externalId), BASE32HEX).slice(0, 26)}`;
}

/** The crew event of a booking, derived so that a retry after a crash finds the same one. */
export function deriveEventId(bookingId: string): string {
  return `evt_${base32(digest('event', bookingId), BASE32HEX).slice(0, 26)}`;
}

/** Google Calendar event ids must be base32hex (a–v, 0–9), 5 to 1024 characters. */
export function calendarEventId(bookingId: string): string {
  return `scc${base32(digest('calendar', bookingId), BASE32HEX).slice(0, 40)}`;
}

/**
 * A friendly, unguessable guest-page slug: up to five words of the title, then 18 base-36
 * characters (about 93 random bits).
 */
export function newGuestSlug(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, 5)
    .join('-')
    .slice(0, 40)
    .replace(/-+$/, '');
  const random = newId().slice(0, 16) + newId().slice(0, 2);
  return words ? `${words}-${random}` : random;
}
