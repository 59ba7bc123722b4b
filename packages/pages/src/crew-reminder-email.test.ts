import { describe, expect, it } from 'vitest';
import { renderCrewReminder } from './crew-reminder-email';
import { crewReminder, EVIL, MONEY } from './reminder-emails.fixtures';

describe('crew reminder email', () => {
  const email = renderCrewReminder(crewReminder);

  it('gives the time, place, role, checklist progress and a fresh crew page link', () => {
    expect(email.subject).toBe('Tomorrow: Sunset sail — 6:00 PM – 9:00 PM PDT on JADA');
    expect(email.text).toContain('A reminder: you are on Sunset sail tomorrow as captain.');
    expect(email.text).toContain('When: Saturday, July 4, 2026, 6:00 PM – 9:00 PM PDT');
    expect(email.text).toContain('Meeting point: Harbor Island West Marina, Dock C');
    expect(email.text).toContain('Your role: captain');
    expect(email.text).toContain('Checklist: 3 of 5 done');
    expect(email.text).toContain('Your crew page: https://scc.test/c/evt_1?t=abc.def');
    expect(email.html).toContain('href="https://scc.test/c/evt_1?t=abc.def"');
    expect(email.html).toContain('3 of 5 done');
  });

  it('escapes every string it is given', () => {
    const evil = renderCrewReminder({ ...crewReminder, title: EVIL, crewName: EVIL, role: EVIL, meetingPoint: EVIL, boat: EVIL });
    expect(evil.html).not.toContain('<script>');
    expect(evil.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;');
    expect(evil.subject).not.toContain('\n');
  });

  it('shows no money', () => {
    for (const pattern of MONEY) {
      expect(email.html).not.toMatch(pattern);
      expect(email.text).not.toMatch(pattern);
    }
  });
});
