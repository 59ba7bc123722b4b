import type { BookingLinks } from '@scc/core';
import type { MagicLinks } from './magic-links';

/** Every URL SCC puts in front of a person, from one public base URL. */
export function createLinks(publicBaseUrl: string, magicLinks: MagicLinks): BookingLinks {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return {
    guestPageUrl: (slug) => `${base}/g/${slug}`,
    adminBookingUrl: (bookingId) => `${base}/admin/bookings/${bookingId}`,
    crewPageUrl: async (eventId, crewId, expiresAt, generation = 1) =>
      `${base}/c/${eventId}?t=${await magicLinks.sign({ eventId, crewId, generation }, expiresAt)}`,
  };
}
