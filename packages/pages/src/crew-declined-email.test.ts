import { describe, expect, it } from 'vitest';
import { renderCrewDeclined } from './crew-declined-email';

const view = {
  title: 'Sunset sail <script>alert(1)</script>',
  start: '2027-07-04T18:00:00-07:00',
  end: '2027-07-04T21:00:00-07:00',
  timezone: 'America/Los_Angeles',
  boat: 'JADA',
  meetingPoint: 'Dock "C" & co',
  crewName: 'Ana <b>Lopez</b>',
  role: 'captain',
  note: 'Sick kid\n<img src=x onerror=alert(1)>',
  bookingUrl: 'https://scc.example/admin/bookings/bk_1',
};

describe('the crew-declined email', () => {
  it('names who, which trip, their note and links the booking, with every string escaped', () => {
    const email = renderCrewDeclined(view);

    expect(email.subject).toBe("Ana <b>Lopez</b> can't make Sunset sail <script>alert(1)</script> — Sunday, July 4, 2027");
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img');
    expect(email.html).not.toContain('<b>');
    expect(email.html).toContain('Ana &lt;b&gt;Lopez&lt;/b&gt;');
    expect(email.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(email.html).toContain('Dock &quot;C&quot; &amp; co');
    expect(email.html).toContain('href="https://scc.example/admin/bookings/bk_1"');
    expect(email.html).toContain('6:00 PM – 9:00 PM PDT');
    expect(email.text).toContain('Their note: Sick kid');
    expect(email.text).toContain('Open the booking: https://scc.example/admin/bookings/bk_1');
    expect(email.text).toContain('Their role: captain');
  });

  it('says so when there is no note', () => {
    const { note: _, ...withoutNote } = view;

    const email = renderCrewDeclined(withoutNote);

    expect(email.text).toContain('They left no note.');
    expect(email.html).not.toContain('<blockquote');
  });

  it('keeps the subject on one line whatever the title holds', () => {
    expect(renderCrewDeclined({ ...view, title: 'Two\nlines' }).subject).not.toMatch(/\n/);
  });
});
