import type { GuestNoticeView } from '@scc/core';
import { describe, expect, it } from 'vitest';
import { renderGuestNotice } from './guest-notice-email';

const view = (extra: Partial<GuestNoticeView> = {}): GuestNoticeView => ({
  kind: 'welcome',
  guestName: 'Jane',
  title: 'Sunset sail',
  start: '2027-07-04T18:00:00-07:00',
  end: '2027-07-04T21:00:00-07:00',
  timezone: 'America/Los_Angeles',
  boat: 'JADA',
  meetingPoint: 'Harbor Island, Dock C',
  whatToBring: 'Sunscreen & a jacket',
  guestPageUrl: 'https://scc.example/g/sunset-sail-abc',
  changed: [],
  operator: { name: 'Bay Charters', phone: '+1 619 555 0100' },
  ...extra,
});

describe('the guest emails', () => {
  it('the welcome carries the trip in its zone, the meeting point with a map link, what to bring, the page and whom to call', () => {
    const email = renderGuestNotice(view());

    expect(email.subject).toBe('Your trip: Sunset sail — Sunday, July 4, 2027');
    expect(email.text).toBe(
      [
        'Hi Jane,',
        '',
        "You're booked on Sunset sail. Here is everything for the day.",
        '',
        'When: Sunday, July 4, 2027, 6:00 PM – 9:00 PM PDT',
        'Meeting point: Harbor Island, Dock C',
        'Boat: JADA',
        'What to bring: Sunscreen & a jacket',
        'Map: https://www.google.com/maps/search/?api=1&query=Harbor%20Island%2C%20Dock%20C',
        '',
        'Your trip page (share your photos there): https://scc.example/g/sunset-sail-abc',
        '',
        'Questions? Call Bay Charters on +1 619 555 0100.',
      ].join('\n'),
    );
    expect(email.html).toContain('href="https://scc.example/g/sunset-sail-abc"');
    expect(email.html).toContain('href="https://www.google.com/maps/search/?api=1&amp;query=Harbor%20Island%2C%20Dock%20C"');
    expect(email.html).toContain('Sunscreen &amp; a jacket');
  });

  it('a move says so in the subject and shows what it was', () => {
    const email = renderGuestNotice(
      view({
        kind: 'changed',
        changed: ['time', 'meetingPoint'],
        start: '2027-07-05T18:00:00-07:00',
        end: '2027-07-05T21:00:00-07:00',
        previous: { ...view(), meetingPoint: 'Dock A' },
      }),
    );

    expect(email.subject).toBe('Your trip has moved: Sunset sail — Monday, July 5, 2027');
    expect(email.text).toContain('When: Monday, July 5, 2027, 6:00 PM – 9:00 PM PDT (was Sunday, July 4, 2027, 6:00 PM – 9:00 PM PDT)');
    expect(email.text).toContain('Meeting point: Harbor Island, Dock C (was Dock A)');
  });

  it('a change that is not a move, a cancellation and a reinstatement each have their own words', () => {
    expect(renderGuestNotice(view({ kind: 'changed', changed: ['whatToBring'] })).subject).toBe('Your trip has changed: Sunset sail — Sunday, July 4, 2027');
    const cancelled = renderGuestNotice(view({ kind: 'cancelled' }));
    expect(cancelled.subject).toBe('Cancelled: Sunset sail — Sunday, July 4, 2027');
    expect(cancelled.text).toContain("We're sorry: Sunset sail on Sunday, July 4, 2027 is cancelled.");
    expect(cancelled.text).not.toContain('g/sunset-sail-abc');
    expect(renderGuestNotice(view({ kind: 'reinstated' })).subject).toBe('Back on: Sunset sail — Sunday, July 4, 2027');
  });

  it('escapes every string from the booking, and keeps the subject on one line', () => {
    const email = renderGuestNotice(view({ title: 'Sail <script>alert(1)</script>\r\nBcc: x@evil.test', guestName: '<b>Jane</b>', meetingPoint: '"Dock" <C>' }));

    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<b>Jane</b>');
    expect(email.html).toContain('&lt;script&gt;');
    expect(email.html).toContain('&quot;Dock&quot; &lt;C&gt;');
  });

  it('without operator details it names nobody to call', () => {
    const email = renderGuestNotice(view({ operator: {} }));
    expect(email.text).not.toContain('Questions?');
    expect(renderGuestNotice(view({ operator: { phone: '+1 619 555 0100' } })).text).toContain('Questions? Call us on +1 619 555 0100.');
  });
});
