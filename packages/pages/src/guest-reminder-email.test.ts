import { describe, expect, it } from 'vitest';
import { renderGuestReminder } from './guest-reminder-email';
import { EVIL, guestReminder, MONEY } from './reminder-emails.fixtures';

describe('guest reminder email', () => {
  const email = renderGuestReminder(guestReminder);

  it('gives the meeting point with a map link, the time, what to bring, the trip page and the operator', () => {
    expect(email.subject).toBe('Tomorrow: Sunset sail — 6:00 PM – 9:00 PM PDT');
    expect(email.text).toContain('Hi Kim,');
    expect(email.text).toContain('When: Saturday, July 4, 2026, 6:00 PM – 9:00 PM PDT');
    expect(email.text).toContain('Meeting point: Harbor Island West Marina, Dock C');
    expect(email.text).toContain('What to bring: Soft-soled shoes and a jacket');
    expect(email.text).toContain('Map: https://www.google.com/maps/search/?api=1&query=Harbor%20Island%20West%20Marina%2C%20Dock%20C');
    expect(email.text).toContain('Your trip page: https://scc.test/g/sunset-sail-abc');
    expect(email.text).toContain('Questions? Call Bay Charters on +1 619 555 0100.');
    expect(email.html).toContain('href="https://scc.test/g/sunset-sail-abc"');
  });

  it('leaves out what is not set', () => {
    const { whatToBring: _, ...withoutThings } = guestReminder;
    const bare = renderGuestReminder({ ...withoutThings, operator: {} });
    expect(bare.text).not.toContain('What to bring');
    expect(bare.text).not.toContain('Questions?');
  });

  it('escapes every string it is given', () => {
    const evil = renderGuestReminder({ ...guestReminder, title: EVIL, guestName: EVIL, meetingPoint: EVIL, whatToBring: EVIL, operator: { name: EVIL, phone: EVIL } });
    expect(evil.html).not.toContain('<script>');
    expect(evil.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('shows no money and no crew contact details', () => {
    for (const pattern of [...MONEY, /crew@|ana@|\+16195550101/i]) {
      expect(email.html).not.toMatch(pattern);
      expect(email.text).not.toMatch(pattern);
    }
  });
});
