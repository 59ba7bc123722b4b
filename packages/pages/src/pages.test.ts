import type { CrewInviteView, CrewPageView, GuestPageView } from '@scc/core';
import { describe, expect, it } from 'vitest';
import { renderCrewInvite } from './crew-invite-email';
import { renderCrewPage } from './crew-page';
import { guestPageCsp, renderGuestPage } from './guest-page';

const GUEST_PAGE_CSP = guestPageCsp();
import { escapeHtml } from './html';
import { guestPageScript } from './generated/assets';
import { PAGE_CSP } from './layout';

const hostile = '</title><script>alert(1)</script>';

const guestView: GuestPageView = {
  title: hostile,
  start: '2026-07-04T18:00:00-07:00',
  end: '2026-07-04T21:00:00-07:00',
  timezone: 'America/Los_Angeles',
  boat: 'JADA "fast" & <b>',
  meetingPoint: 'Dock C <img src=x onerror=alert(1)>',
  slug: 'sunset-abc',
  crew: [{ firstName: '<Ana>', role: 'captain' }],
  checklist: [
    { label: 'Stock cooler', done: true },
    { label: '<i>Check fuel</i>', done: false },
  ],
};

describe('guest page', () => {
  const page = renderGuestPage(guestView);

  it('shows hostile text as text', () => {
    // Its own script is the only one, and the injected one is text.
    expect(page.match(/<script\b/g)).toHaveLength(1);
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('JADA &quot;fast&quot; &amp; &lt;b&gt;');
    expect(page).toContain('&lt;i&gt;Check fuel&lt;/i&gt;');
  });

  it('shows the trip in its own time zone, naming the zone', () => {
    expect(page).toContain('Saturday, July 4, 2026, 6:00 PM – 9:00 PM PDT');
  });

  it('carries its strict CSP, which allows scripts of its own origin only, and loads nothing from elsewhere', () => {
    // The header carries the whole policy; the meta tag all of it that a meta tag can.
    expect(page).toContain(`content="${escapeHtml(GUEST_PAGE_CSP.replace("; frame-ancestors 'none'", ''))}"`);
    expect(GUEST_PAGE_CSP).not.toContain('unsafe');
    expect(GUEST_PAGE_CSP).toContain("script-src 'self';");
    expect(PAGE_CSP).not.toContain('script-src');
    // An empty data: icon saves the phone a favicon request.
    // Its one script is its own hashed bundle, from this origin.
    expect(page).toContain(`<script src="${guestPageScript}" defer></script>`);
    expect(guestPageScript).toMatch(/^\/assets\/guest-page\.[0-9a-f]{12}\.js$/);
    const markup = page.replace(`<script src="${guestPageScript}" defer></script>`, '').replace('<link rel="icon" href="data:,">', '');
    expect(markup).not.toMatch(/<(script|link|img|iframe)\b|<[^>]+\ssrc=/);
  });
});

describe('crew invite email', () => {
  const view: CrewInviteView = {
    title: hostile,
    start: '2026-12-31T22:00:00+00:00',
    end: '2027-01-01T01:00:00+00:00',
    timezone: 'Europe/Lisbon',
    boat: 'JADA',
    meetingPoint: 'Doca de Alcântara',
    crewName: 'Ana <Lopez>',
    role: 'captain',
    guestCount: 6,
    crewPageUrl: 'https://scc.test/c/evt_1?t=abc.def.ghi',
  };
  const email = renderCrewInvite(view);

  it('escapes in HTML, stays readable as text, and has a one-line subject', () => {
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('Ana &lt;Lopez&gt;');
    expect(email.text).toContain('Hi Ana <Lopez>,');
    expect(email.subject).not.toMatch(/\n/);
    expect(email.subject).toContain('Thursday, December 31, 2026 on JADA');
  });

  it('holds the magic link in both parts', () => {
    expect(email.html).toContain('href="https://scc.test/c/evt_1?t=abc.def.ghi"');
    expect(email.text).toContain('https://scc.test/c/evt_1?t=abc.def.ghi');
  });
});

describe('guest page upload window', () => {
  it('names the exact closing time in the trip’s zone, from the trip’s end', () => {
    expect(renderGuestPage({ ...guestView, title: 'Sunset sail' })).toContain(
      'You can add photos and videos until <strong>9:00 PM PDT, Saturday, July 4</strong>.',
    );
    // 02:00 UTC on the 7th is still the evening of the 6th in New York.
    const winter = renderGuestPage({ ...guestView, end: '2026-12-07T02:00:00Z', timezone: 'America/New_York' });
    expect(winter).toContain('until <strong>9:00 PM EST, Sunday, December 6</strong>');
  });
});

describe('guest page of a cancelled trip', () => {
  // The markup only, without the element that loads the script.
  const markup = (page: string) => page.replace(/<script\b[\s\S]*?<\/script>/, '');
  const open = markup(renderGuestPage(guestView));
  const cancelled = markup(renderGuestPage({ ...guestView, cancelled: true, whatToBring: 'Sunscreen' }));

  it('says so at the top, kindly', () => {
    const h1 = cancelled.indexOf('<h1>');
    const notice = cancelled.indexOf('This trip has been cancelled.');
    expect(notice).toBeGreaterThan(h1);
    expect(notice).toBeLessThan(cancelled.indexOf('id="trip"'));
    expect(cancelled).toContain('sorry');
    expect(open).not.toContain('cancelled');
  });

  it('renders no upload form and tells the script it is cancelled, but keeps the gallery', () => {
    expect(open).toMatch(/<input id="files"[^>]*type="file"/);
    expect(cancelled).not.toMatch(/<input\b[^>]*type="file"/);
    expect(cancelled).not.toContain('<form');
    expect(cancelled).toContain('data-cancelled="true"');
    expect(open).not.toContain('data-cancelled');
    expect(cancelled).toContain('id="gallery"');
    expect(cancelled).toContain('Uploads are closed because the trip was cancelled');
  });

  it('keeps the trip details, muted, and drops what only helps a trip going ahead', () => {
    expect(cancelled).toMatch(/<section aria-labelledby="trip" class="off">/);
    expect(cancelled).toContain('Saturday, July 4, 2026, 6:00 PM – 9:00 PM PDT');
    expect(cancelled).not.toContain('Sunscreen');
    expect(cancelled).not.toContain('Getting the boat ready');
  });
});

describe('crew page of a cancelled trip', () => {
  const view: CrewPageView = {
    ...guestView,
    eventId: 'evt_1',
    viewerName: 'Ana',
    guestCount: 6,
    notes: '',
    crew: [{ name: 'Ana', role: 'captain' }],
    checklist: [
      { taskId: 't1', label: 'Stock cooler', done: true, doneBy: 'Ben', doneAt: '2026-07-04T16:00:00-07:00' },
      { taskId: 't2', label: 'Check fuel', done: false },
    ],
  };
  const open = renderCrewPage(view);
  const cancelled = renderCrewPage({ ...view, cancelled: true });

  it('puts the banner at the top', () => {
    expect(cancelled).toContain("Cancelled — this trip is off.</strong> You don't need to come.");
    expect(cancelled.indexOf('class="banner"')).toBeLessThan(cancelled.indexOf('id="trip"'));
    expect(open).not.toContain('class="banner"');
  });

  it('keeps the checklist readable, every box disabled, and tells the script it is cancelled', () => {
    expect(cancelled).toContain('Stock cooler');
    const boxes = cancelled.match(/<input type="checkbox"[^>]*>/g) ?? [];
    expect(boxes).toHaveLength(2);
    for (const box of boxes) expect(box).toMatch(/ disabled>$/);
    expect(cancelled).toContain('data-cancelled="true"');
    expect(open).not.toContain('data-cancelled');
  });
});

describe('crew page calendar link', () => {
  const view: CrewPageView = { ...guestView, eventId: 'evt_1', viewerName: 'Ana', guestCount: 6, notes: '', crew: [], checklist: [] };
  const url = 'https://scc.test/feeds/crew/ana.ics?key=abc&x="<b>';

  it('offers the person’s feed to subscribe to (webcal) and to copy (https), escaped', () => {
    const withFeed = renderCrewPage(view, { calendarFeed: { subscribeUrl: url.replace('https:', 'webcal:'), copyUrl: url } });
    expect(withFeed).toContain('<a href="webcal://scc.test/feeds/crew/ana.ics?key=abc&amp;x=&quot;&lt;b&gt;">Add to my calendar</a>');
    expect(withFeed).toContain('href="https://scc.test/feeds/crew/ana.ics?key=abc&amp;x=&quot;&lt;b&gt;" rel="noreferrer">this link</a>');
    expect(withFeed).not.toContain('<b>');
    expect(renderCrewPage(view)).not.toContain('Add to my calendar');
  });
});
