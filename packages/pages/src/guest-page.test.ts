import { type CrewEvent, DEFAULT_SETTINGS, type GuestPageView, toGuestPageView } from '@scc/core';
import { describe, expect, it } from 'vitest';
import { checklistProgress, guestPageCsp, renderGuestPage } from './guest-page';
import { escapeHtml } from './html';

const view: GuestPageView = {
  title: 'Sunset sail',
  start: '2027-08-14T17:00:00-07:00',
  end: '2027-08-14T20:00:00-07:00',
  timezone: 'America/Los_Angeles',
  boat: 'JADA',
  meetingPoint: 'Dock C',
  slug: 'sunset-abc',
  crew: [{ firstName: 'Ana', role: 'captain' }],
  checklist: [
    { label: 'Stock cooler', done: true },
    { label: 'Check fuel', done: true },
    { label: 'Life jackets', done: true },
    { label: 'Ice', done: false },
    { label: 'Towels', done: false },
  ],
  uploadsUntil: '2027-08-15T04:30:00.000Z',
  operator: { name: 'Harbor Charters', phone: '+1 (619) 555-0188' },
  checklistShows: 'items',
};
/** The markup only, without the element that loads the script. */
const markup = (page: string) => page.replace(/<script\b[\s\S]*?<\/script>/, '');

describe('the guest page, phone first', () => {
  const page = markup(renderGuestPage(view));

  it('puts a large upload button near the top: a label over a visually hidden file input', () => {
    expect(page).toMatch(/<input id="files" class="vh" name="files" type="file" multiple accept="[^"]+" disabled>\n<label for="files" class="pick">Add photos or videos<\/label>/);
    // Right after the title, before the trip details.
    expect(page.indexOf('class="pick"')).toBeLessThan(page.indexOf('id="trip"'));
    expect(page.indexOf('<h1>')).toBeLessThan(page.indexOf('class="pick"'));
    // One line for the whole selection, announced politely.
    expect(page).toContain('<p id="overall" class="overall" role="status"></p>');
  });

  it('says exactly until when, in the trip’s zone, from the end plus the grace', () => {
    expect(page).toContain('You can add photos and videos until <strong>9:30 PM PDT, Saturday, August 14</strong>.');
    // The same moment is handed to the script, which replaces it with the server's if it moved.
    expect(page).toContain('data-closes="2027-08-15T04:30:00.000Z"');
  });

  it('names the operator and a phone number to tap and call', () => {
    expect(page).toContain('<dt>Your operator</dt><dd>Harbor Charters<br><a class="call" href="tel:+16195550188">Call +1 (619) 555-0188</a></dd>');
    expect(markup(renderGuestPage({ ...view, operator: { phone: '619 555 0188' } }))).toContain('href="tel:6195550188"');
    expect(markup(renderGuestPage({ ...view, operator: undefined }))).not.toContain('Your operator');
  });

  it('frames the crew checklist for guests: read-only, "3 of 5 done", with the items', () => {
    expect(page).toContain('Your crew is getting the boat ready — 3 of 5 done');
    expect(page).toContain('<ul id="checklist"><li class="done">Stock cooler ✓</li>');
    expect(page).not.toMatch(/<input[^>]*type="checkbox"/);
    expect(checklistProgress([{ done: true }, { done: true }])).toBe('Your crew has the boat ready — 2 of 2 done');
  });

  it('shows only the progress when the operator says so', () => {
    const progress = markup(renderGuestPage({ ...view, checklistShows: 'progress' }));
    expect(progress).toContain('Your crew is getting the boat ready — 3 of 5 done');
    expect(progress).not.toContain('Stock cooler');
    expect(progress).not.toContain('id="checklist"');
    expect(renderGuestPage({ ...view, checklistShows: 'progress' })).toContain('data-checklist="progress"');
  });

  it('has the thank-you ready for after the close, hidden until then, and a viewer to see a photo full size', () => {
    expect(page).toContain('<section id="thanks" aria-labelledby="thanks-h" hidden>');
    expect(page).toContain('Thank you for sailing with Harbor Charters!');
    expect(page).toMatch(/<dialog id="viewer" aria-label="Photo">[\s\S]*<a id="viewer-save" href="#" download>Download<\/a>/);
  });

  it('allows its own styles by hash and nothing inline else', () => {
    const whole = renderGuestPage(view);
    expect(whole.match(/<style>/g)).toHaveLength(1);
    expect(whole).toContain(`content="${escapeHtml(guestPageCsp().replace("; frame-ancestors 'none'", ''))}"`);
    expect(page).not.toMatch(/\sstyle="/);
  });

  it('stays small for a dock with a weak signal', () => {
    // Markup, styles and script together, before compression.
    expect(renderGuestPage(view).length).toBeLessThan(30_000);
  });
});

describe('toGuestPageView with the operator settings', () => {
  const event = {
    eventId: 'evt_1',
    title: 'Sunset sail',
    start: '2027-08-14T17:00:00-07:00',
    end: '2027-08-14T20:00:00-07:00',
    timezone: 'America/Los_Angeles',
    boat: 'JADA',
    meetingPoint: 'Dock C',
    guestCount: 6,
    crew: [],
    notes: 'Gate code 4411',
    crewTasks: [{ taskId: 't1', label: 'Ice', done: false }],
  } as unknown as CrewEvent;

  it('carries the close (end + grace), the operator’s name and phone, and the checklist display', () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      operator: { ...DEFAULT_SETTINGS.operator, name: 'Harbor Charters', phone: '+16195550188', email: 'office@example.com' },
      guestPage: { uploadGraceMinutes: 90, checklist: 'progress' as const },
    };
    const guest = toGuestPageView(event, 'sunset-abc', [], settings);
    expect(guest).toMatchObject({
      uploadsUntil: '2027-08-15T04:30:00.000Z',
      operator: { name: 'Harbor Charters', phone: '+16195550188' },
      checklistShows: 'progress',
    });
    // The operator's own inbox and the crew's notes are not for guests.
    expect(JSON.stringify(guest)).not.toContain('office@example.com');
    expect(JSON.stringify(guest)).not.toContain('Gate code');
  });

  it('without settings: the close is the end, no operator, the items', () => {
    const guest = toGuestPageView(event, 'sunset-abc', []);
    expect(guest.uploadsUntil).toBe('2027-08-15T03:00:00.000Z');
    expect(guest.operator).toBeUndefined();
    expect(guest.checklistShows).toBe('items');
  });
});
