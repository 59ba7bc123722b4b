import { describe, expect, it } from 'vitest';
import { renderAfterTrip } from './after-trip-email';
import { afterTrip, EVIL, MONEY } from './reminder-emails.fixtures';

describe('after-trip email', () => {
  const email = renderAfterTrip(afterTrip);

  it('asks for photos, links the trip page and says until when, in the trip’s zone', () => {
    expect(email.subject).toBe('Share your photos from Sunset sail');
    expect(email.text).toContain('You can add photos until 9:00 PM PDT, Sunday, July 5.');
    expect(email.text).toContain('Your trip page: https://scc.test/g/sunset-sail-abc');
    expect(email.html).toContain('href="https://scc.test/g/sunset-sail-abc"');
    expect(email.html).toContain('Share your photos');
  });

  it('escapes every string it is given', () => {
    const evil = renderAfterTrip({ ...afterTrip, title: EVIL, guestName: EVIL, operator: { name: EVIL } });
    expect(evil.html).not.toContain('<script>');
    expect(evil.html).toContain('&lt;script&gt;');
  });

  it('shows no money', () => {
    for (const pattern of MONEY) {
      expect(email.html).not.toMatch(pattern);
      expect(email.text).not.toMatch(pattern);
    }
  });
});
