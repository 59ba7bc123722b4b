import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GoogleStandIn, StandInEventsFileError, startGoogleStandIn } from './index';
import { calendarApi, tokenFor } from './test-client';

let dir: string;
let google: GoogleStandIn;
let api: ReturnType<typeof calendarApi>;
let now = new Date();
const later = () => {
  now = new Date(now.getTime() + 60_000);
};
const EVENT = {
  start: { dateTime: '2027-07-04T18:00:00-07:00', timeZone: 'America/Los_Angeles' },
  end: { dateTime: '2027-07-04T21:00:00-07:00', timeZone: 'America/Los_Angeles' },
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scc-standin-'));
  google = await startGoogleStandIn({ clock: () => now, eventsFile: join(dir, 'events.json') });
  api = calendarApi(google, await tokenFor(google), 'ops@example.com');
  await api('POST', '', { ...EVENT, id: 'sccfirst1', summary: 'First sail', location: 'Dock C' });
  later();
  await api('POST', '', {
    ...EVENT,
    id: 'sccsecond',
    summary: '<script>alert(1)</script> & "party"',
    location: "<img src=x onerror='alert(2)'>",
    description: 'Line one\n<b>not bold</b>',
  });
  later();
  await api('PATCH', '/sccfirst1', { status: 'cancelled' });
});
afterAll(async () => {
  await google.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the events as JSON', () => {
  it('lists every event with its calendar, most recently changed first, cancelled included', async () => {
    const res = await fetch(google.jsonUrl);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const { items } = (await res.json()) as { items: Array<Record<string, unknown>> };
    expect(items.map((e) => [e.id, e.status, e.calendarId])).toEqual([
      ['sccfirst1', 'cancelled', 'ops@example.com'],
      ['sccsecond', 'confirmed', 'ops@example.com'],
    ]);
  });

  it('is neither faulted nor counted, being the stand-in’s own', async () => {
    const reads = google.readCount;
    google.setFault({ status: 500 });
    try {
      expect((await fetch(google.jsonUrl)).status).toBe(200);
      expect((await fetch(google.pageUrl)).status).toBe(200);
    } finally {
      google.setFault(null);
    }
    expect(google.readCount).toBe(reads);
  });
});

describe('the events as a page', () => {
  let page: string;
  let res: Response;
  beforeAll(async () => {
    res = await fetch(google.pageUrl);
    page = await res.text();
  });

  it('escapes every field a client wrote, and allows no script anyway', () => {
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b>not bold');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;party&quot;');
    expect(page).toContain('&lt;img src=x onerror=&#39;alert(2)&#39;&gt;');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page).not.toMatch(/<script/i);
  });

  it('shows the trip on its own clock, where, what, status and when it changed', () => {
    // \s: newer ICU puts a narrow no-break space before PM.
    expect(page).toMatch(/Sun, Jul 4, 2027, 6:00\sPM – 9:00\sPM \(America\/Los_Angeles\)/);
    expect(page).toContain('Dock C');
    expect(page).toContain('Line one\n&lt;b&gt;not bold&lt;/b&gt;');
    expect(page).toMatch(/Status: confirmed · updated \d{4}-\d\d-\d\dT/);
  });

  it('strikes through and labels a cancelled event, newest first', () => {
    expect(page).toContain('<s>First sail</s><span class="label">Cancelled</span>');
    expect(page.indexOf('First sail')).toBeLessThan(page.indexOf('alert(1)'));
  });
});

describe('the events file', () => {
  it('keeps the events across a restart', async () => {
    const again = await startGoogleStandIn({ eventsFile: join(dir, 'events.json') });
    try {
      expect(again.events('ops@example.com').map((e) => [e.id, e.status])).toEqual([
        ['sccfirst1', 'cancelled'],
        ['sccsecond', 'confirmed'],
      ]);
    } finally {
      await again.close();
    }
  });

  it('refuses to start on a damaged file, saying which', async () => {
    const file = join(dir, 'damaged.json');
    await writeFile(file, '{"calendars":');
    const error = await startGoogleStandIn({ eventsFile: file }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StandInEventsFileError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });
});
