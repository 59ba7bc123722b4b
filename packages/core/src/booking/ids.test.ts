import { describe, expect, it } from 'vitest';
import { calendarEventId, deriveBookingId, deriveEventId, newGuestSlug } from './ids';

describe('derived ids', () => {
  it('are stable for the same booking and differ between bookings and sources', () => {
    expect(deriveBookingId('boatsetter', 'BS-1')).toBe(deriveBookingId('boatsetter', 'BS-1'));
    expect(deriveBookingId('boatsetter', 'BS-1')).not.toBe(deriveBookingId('boatsetter', 'BS-2'));
    expect(deriveBookingId('a', 'bc')).not.toBe(deriveBookingId('ab', 'c'));
    expect(deriveEventId('bk_1')).toMatch(/^evt_[0-9a-v]{26}$/);
  });

  it('are pinned: SHA-256 over the NUL-joined purpose and parts, RFC 4648 base32hex, cut to length', () => {
    // Prepare: expected values computed once (and checked with Python's base64.b32hexencode);
    // a change here re-keys every booking, its crew event and its calendar event.
    const source = 'boatsetter';
    const externalId = '48213';
    // Act
    const bookingId = deriveBookingId(source, externalId);
    const eventId = deriveEventId(bookingId);
    const calendarId = calendarEventId(bookingId);
    // Assess
    expect(bookingId).toBe('bk_kehva46tt0th80plavfs2eaqet');
    expect(eventId).toBe('evt_7jdeikkksmvj1pod9ri1pgcnf8');
    expect(calendarId).toBe('sccqmtllst0k39lh5im3o373so1ju78ip095uorhhfh');
    expect(deriveBookingId('', '')).toBe('bk_ahualpadkr0d8c5j5sk3ioog53');
  });

  it('makes Google Calendar ids of base32hex characters, 5 to 1024 long', () => {
    const id = calendarEventId(deriveBookingId('boatsetter', 'BS-1'));
    expect(id).toMatch(/^[0-9a-v]{5,1024}$/);
    expect(calendarEventId('bk_x')).toBe(calendarEventId('bk_x'));
  });
});

describe('guest slugs', () => {
  it('read like the title and carry at least 80 random bits', () => {
    const slug = newGuestSlug('Sunset sail — Smith party!');
    expect(slug).toMatch(/^sunset-sail-smith-party-[a-z0-9]{18}$/);
    // 18 base-36 characters: log2(36^18) ≈ 93 bits.
    expect(18 * Math.log2(36)).toBeGreaterThan(80);
    expect(newGuestSlug('Sunset sail')).not.toBe(newGuestSlug('Sunset sail'));
  });

  it('fold accents and drop what is not a letter or digit', () => {
    expect(newGuestSlug('Café Niño </title><script>')).toMatch(/^cafe-nino-title-script-[a-z0-9]{18}$/);
    expect(newGuestSlug('🎉🎉')).toMatch(/^[a-z0-9]{18}$/);
  });

  it('keep at most five words and 40 characters, with no dash at either end of the words', () => {
    // Prepare
    const titles = [
      'One two three four five six seven',
      '¡Hola, amigos! ',
      `${'a'.repeat(39)} sail`, // cut right after a dash
      `${'a'.repeat(38)} sail`, // cut inside a word
      'ÉTÉ À BORD',
    ];
    // Act
    const slugs = titles.map(newGuestSlug);
    // Assess
    const words = slugs.map((slug) => slug.slice(0, -19));
    expect(words).toEqual(['one-two-three-four-five', 'hola-amigos', 'a'.repeat(39), `${'a'.repeat(38)}-s`, 'ete-a-bord']);
    for (const slug of slugs) expect(slug).toMatch(/-[a-z0-9]{18}$/);
  });
});
