import { CREW_NOTICE_KINDS, type CrewBrief, type CrewNoticeKind, type CrewNoticeView } from '@scc/core';
import { describe, expect, it } from 'vitest';
import { renderCrewInvite } from './crew-invite-email';
import { renderCrewNotice } from './crew-notice-email';

const URL = 'https://scc.test/c/evt_1?t=abc.def.ghi';

const told: CrewBrief = {
  title: 'Sunset sail',
  start: '2026-07-04T18:00:00-07:00',
  end: '2026-07-04T21:00:00-07:00',
  timezone: 'America/Los_Angeles',
  boat: 'JADA',
  meetingPoint: 'Harbor Island West Marina, Dock C',
  guestCount: 6,
  notes: 'Birthday party',
  tasks: ['Stock cooler', 'Check fuel'],
  role: 'deckhand',
};

function notice(kind: CrewNoticeKind, extra: Partial<CrewNoticeView> = {}): CrewNoticeView {
  return { ...told, kind, crewName: 'Ana Lopez', changed: [], crewPageUrl: URL, ...extra };
}

/** Rescheduled an hour later, moved to Dock D, three more guests, promoted, a task added. */
const changed = notice('changed', {
  start: '2026-07-04T19:00:00-07:00',
  end: '2026-07-04T22:00:00-07:00',
  meetingPoint: 'Harbor Island West Marina, Dock D',
  guestCount: 9,
  role: 'mate',
  tasks: ['Stock cooler', 'Check fuel', 'Bring the cake'],
  changed: ['time', 'meetingPoint', 'guests', 'role', 'tasks'],
  previous: told,
});

describe('crew notice: changed', () => {
  const email = renderCrewNotice(changed);

  it('says plainly what changed, first', () => {
    const sentence = 'The time, the meeting point, the number of guests, the checklist and your role changed.';
    expect(email.text.split('\n')[2]).toBe(sentence);
    expect(email.html).toContain(sentence);
    expect(email.subject).toBe('Changed: Sunset sail — Saturday, July 4, 2026 on JADA');
  });

  it('shows each changed value with what it was', () => {
    expect(email.text).toContain('When: Saturday, July 4, 2026, 7:00 PM – 10:00 PM PDT (was 6:00 PM – 9:00 PM PDT)');
    expect(email.text).toContain('Meeting point: Harbor Island West Marina, Dock D (was Harbor Island West Marina, Dock C)');
    expect(email.text).toContain('Guests: 9 (was 6)');
    expect(email.text).toContain('Your role: mate (was deckhand)');
    expect(email.text).toContain('Boat: JADA\n');
    expect(email.html).toContain('was 6:00 PM – 9:00 PM PDT');
    expect(email.html).toContain('was deckhand');
    expect(email.html).toContain('was 6<');
  });

  it('lists the new checklist, marking what is new, and links the crew page', () => {
    expect(email.text).toContain('- Bring the cake (new)\n');
    expect(email.text).toContain('- Stock cooler\n');
    expect(email.html).toContain(`href="${URL}"`);
    expect(email.text).toContain(`Your crew page: ${URL}`);
  });

  it('names the date when the trip moved to another day, and shows the old date', () => {
    const moved = renderCrewNotice({
      ...changed,
      start: '2026-07-05T18:00:00-07:00',
      end: '2026-07-05T21:00:00-07:00',
      changed: ['time'],
    });
    expect(moved.text).toContain('The date and time changed.');
    expect(moved.text).toContain('(was Saturday, July 4, 2026, 6:00 PM – 9:00 PM PDT)');
    expect(moved.subject).toContain('Sunday, July 5, 2026');
  });

  it('shows a changed title and changed notes, and says when notes were removed', () => {
    const renamed = renderCrewNotice({ ...notice('changed'), title: 'Birthday sail', notes: 'Bring candles', changed: ['title', 'notes'], previous: told });
    expect(renamed.text).toContain('The trip name and the notes changed.');
    expect(renamed.text).toContain('Trip: Birthday sail (was Sunset sail)');
    expect(renamed.text).toContain('Notes: Bring candles');
    const cleared = renderCrewNotice({ ...notice('changed'), notes: '', changed: ['notes'], previous: told });
    expect(cleared.text).toContain('The notes were removed.');
  });

  it('leaves unchanged fields without a "was"', () => {
    const onlyBoat = renderCrewNotice({ ...notice('changed'), boat: 'MARLIN', changed: ['boat'], previous: told });
    expect(onlyBoat.text).toContain('Boat: MARLIN (was JADA)');
    expect(onlyBoat.text.match(/\(was /g)).toHaveLength(1);
    expect(onlyBoat.text).not.toContain('Checklist');
  });
});

describe('crew notice: each kind', () => {
  it('invite puts them on the trip with their role and link, as the invite always did', () => {
    const email = renderCrewNotice(notice('invite', { role: 'captain' }));
    expect(email.text).toContain('You are on Sunset sail as captain.');
    expect(email.subject).toBe('Sunset sail — Saturday, July 4, 2026 on JADA');
    expect(email.html).toContain(`href="${URL}"`);
    expect(email.text).not.toContain('(was');
  });

  it('removed says they are off the trip, and carries no link even if one is given', () => {
    const email = renderCrewNotice(notice('removed'));
    expect(email.text).toContain('You are no longer on Sunset sail (Saturday, July 4, 2026).');
    expect(email.html).toContain('You are no longer on <strong>Sunset sail</strong> (Saturday, July 4, 2026).');
    expect(email.html).not.toContain('scc.test');
    expect(email.text).not.toContain('scc.test');
    expect(email.html).not.toContain('Open your crew page');
  });

  it('cancelled says the trip is off and they need not come, with no link', () => {
    const email = renderCrewNotice(notice('cancelled'));
    expect(email.text).toContain("Sunset sail on Saturday, July 4, 2026 is cancelled. You don't need to come.");
    expect(email.subject).toBe('Cancelled: Sunset sail — Saturday, July 4, 2026');
    expect(email.html).not.toContain('scc.test');
    expect(email.text).not.toContain('scc.test');
  });

  it('reinstated says the trip is back on, with the trip and the link', () => {
    const email = renderCrewNotice(notice('reinstated'));
    expect(email.text).toContain('Sunset sail is back on.');
    expect(email.text).toContain('Meeting point: Harbor Island West Marina, Dock C');
    expect(email.html).toContain(`href="${URL}"`);
  });

  it('without a link, a linked kind says where to get one rather than showing a dead button', () => {
    const { crewPageUrl: _, ...withoutLink } = notice('changed', { changed: ['boat'], previous: told });
    const email = renderCrewNotice(withoutLink);
    expect(email.html).not.toContain('Open your crew page');
    expect(email.text).toContain('Ask the operator for the link to your crew page.');
  });

  it('keeps the invite wrapper for existing callers', () => {
    const { notes: _n, tasks: _t, changed: _c, previous: _p, kind: _k, ...invite } = notice('invite');
    expect(renderCrewInvite({ ...invite, crewPageUrl: URL })).toEqual(renderCrewNotice(notice('invite')));
  });
});

describe('crew notice: hostile text', () => {
  const hostile = '</title><script>alert(1)</script>\r\nBcc: victim@example.com';
  const view = (kind: CrewNoticeKind) =>
    notice(kind, {
      title: hostile,
      meetingPoint: `Dock <img src=x onerror=alert(1)>`,
      notes: '<script>alert("notes")</script>',
      tasks: ['<script>alert("task")</script>'],
      crewName: '<script>alert("name")</script>',
      role: '<b>mate</b>',
      changed: ['title', 'meetingPoint', 'notes', 'tasks', 'role'],
      previous: { ...told, title: '<script>old</script>', meetingPoint: '<script>oldplace</script>', role: '<i>x</i>' },
    });

  it.each(CREW_NOTICE_KINDS)('%s: escapes every user string and keeps the subject on one line', (kind) => {
    const email = renderCrewNotice(view(kind));
    expect(email.html).not.toMatch(/<script|<img|<b>|<i>/);
    expect(email.html).toContain('&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;');
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toContain('</title><script>alert(1)</script> Bcc: victim@example.com');
    // The text part is plain text: it shows what was typed, so crew can read it.
    expect(email.text).toContain('Hi <script>alert("name")</script>,');
  });

  it('escapes the changed values and their old ones too', () => {
    const email = renderCrewNotice(view('changed'));
    expect(email.html).toContain('was &lt;script&gt;oldplace&lt;/script&gt;');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;notes&quot;)&lt;/script&gt;');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;task&quot;)&lt;/script&gt;');
  });
});

describe('crew notice: no money', () => {
  it('shows no money even if a caller smuggles it into the view', () => {
    const smuggled = { ...changed, price: 1234.56, currency: 'USD', fees: '$99.00' } as CrewNoticeView;
    for (const kind of CREW_NOTICE_KINDS) {
      const email = renderCrewNotice({ ...smuggled, kind });
      expect(`${email.subject}${email.html}${email.text}`).not.toMatch(/1234|\$|USD|99\.00/);
    }
  });
});
