import { describe, expect, it } from 'vitest';
import { renderDigest } from './digest-email';
import { digest, EVIL, MONEY } from './reminder-emails.fixtures';

describe('digest email', () => {
  const email = renderDigest(digest);

  it('says what needs the operator first, then today’s and tomorrow’s trips with crew and checklist', () => {
    expect(email.subject).toBe('Saturday, July 4, 2026: 1 trip today, 3 to look at');
    const text = email.text;
    expect(text.indexOf('Crew\n')).toBeLessThan(text.indexOf('Today\n'));
    expect(text).toContain("- Sunset sail (Saturday, July 4, 2026): Ben Ortiz (mate) can't make it");
    expect(text).toContain('- Morning fishing (Sunday, July 5, 2026): calendar failed: Calendar is down');
    expect(text).toContain('- Boatsetter — JADA: the last sync failed: The feed answered 500');
    expect(text).toContain("- 6:00 PM – 9:00 PM PDT — Sunset sail on JADA\n  Crew: Ana Lopez (captain): confirmed; Ben Ortiz (mate): can't make it\n  Checklist: 3 of 5 done");
    expect(text).toContain('Tomorrow\n- 9:00 AM – 12:00 PM PDT — Morning fishing on JADA\n  Crew: Cai Wong (captain): not confirmed yet\n  Checklist: no checklist for this trip');
    expect(text).not.toContain('Missing from a feed');
    expect(email.html).toContain('href="https://scc.test/admin/bookings/bk_1"');
  });

  it('says when a day has no trips', () => {
    const quiet = renderDigest({ ...digest, trips: [] });
    expect(quiet.text).toContain('Today\nNo trips.');
    expect(quiet.subject).toBe('Saturday, July 4, 2026: 0 trips today, 3 to look at');
  });

  it('escapes every string it is given', () => {
    const evil = renderDigest({
      ...digest,
      trips: digest.trips.map((t) => ({ ...t, title: EVIL, boat: EVIL, crew: [{ name: EVIL, role: EVIL, status: 'pending' as const }] })),
      crew: digest.crew.map((i) => ({ ...i, title: EVIL, problem: EVIL })),
      channels: [{ name: EVIL, problem: EVIL }],
    });
    expect(evil.html).not.toContain('<script>');
    expect(evil.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('shows no money', () => {
    for (const pattern of MONEY) {
      expect(email.html).not.toMatch(pattern);
      expect(email.text).not.toMatch(pattern);
    }
  });
});
