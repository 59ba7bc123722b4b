import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calendarEventId } from '@scc/core';
import { startGoogleStandIn } from '@scc/google-standin';
import { banner, type LocalStack, LocalConfigError, readLocalConfig } from '@scc/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingBody, startTestStack, type TestStack } from './support';

/**
 * `npm start` without a Google service account: the calendar step writes to the local
 * stand-in through the real Google client, and the events can be seen in a browser.
 */
const FAST = { timeoutMs: 1_500, attempts: 2, backoffMs: 10 };
let testStack: TestStack;
let stack: LocalStack;
let crew: string[];

type Listed = { items: Array<{ id: string; calendarId: string; summary: string; status: string; description: string }> };
const listed = async () => (await (await fetch(`${stack.calendarUrl}.json`)).json()) as Listed;
const page = async () => (await fetch(stack.calendarUrl ?? '')).text();

beforeAll(async () => {
  testStack = await startTestStack({ LOCAL_CALENDAR: 'standin' }, { stepPolicies: { calendar: FAST, guestPage: FAST, crewNotices: FAST } });
  stack = testStack.stack;
  crew = [];
  for (const [name, email] of [
    ['Ana Lopez', 'ana@example.com'],
    ['Ben Ortiz', 'ben@example.com'],
  ] as const) {
    crew.push((await testStack.call('POST', '/crew', { name, email })).body.crewId);
  }
});
afterAll(() => testStack.stop());

describe('the local calendar stand-in in npm start', () => {
  it('is named as a stand-in in the banner, with the address of its events', () => {
    expect(stack.calendar).toBe('local stand-in');
    expect(stack.calendarUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/calendar$/);
    expect(banner(stack)).toContain(`  Calendar       local stand-in (not Google) — events at ${stack.calendarUrl}\n`);
  });

  let bookingId: string;
  it('takes the booking’s calendar event, shown as JSON and as a page', async () => {
    const res = await testStack.call(
      'POST',
      '/bookings',
      bookingBody('LOCAL-CAL-1', {
        title: 'Sunset sail — Smith party',
        crew: [
          { crewId: crew[0], role: 'captain' },
          { crewId: crew[1], role: 'mate' },
        ],
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.steps.calendar).toMatchObject({ status: 'succeeded' });
    bookingId = res.body.bookingId;

    const id = calendarEventId(bookingId);
    expect(stack.calendarEvents()).toEqual([expect.objectContaining({ id, status: 'confirmed', summary: 'Sunset sail — Smith party' })]);
    const { items } = await listed();
    expect(items).toEqual([expect.objectContaining({ id, calendarId: 'local@scc.local', status: 'confirmed' })]);
    expect(items[0]?.description).toContain('Ana Lopez (captain), Ben Ortiz (mate)');

    const html = await page();
    expect(html).toContain('Sunset sail — Smith party');
    expect(html).toContain('Dock C');
    expect(html).toContain('Status: confirmed');
  });

  it('escapes what a booking says, so a title cannot run script in the page', async () => {
    const res = await testStack.call('POST', '/bookings', bookingBody('LOCAL-CAL-2', { title: '<script>alert("x")</script> party' }));
    expect(res.status).toBe(201);
    expect(res.body.steps.calendar).toMatchObject({ status: 'succeeded' });
    const html = await page();
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; party');
    expect(html).not.toMatch(/<script/i);
    // Newest first: the second booking's event is above the first's.
    expect(html.indexOf('alert(')).toBeLessThan(html.indexOf('Sunset sail — Smith party'));
  });

  it('shows a cancelled booking’s event struck through', async () => {
    const res = await testStack.call('POST', `/bookings/${bookingId}/cancel`, { reason: 'weather' });
    expect(res.status).toBe(200);
    const event = stack.calendarEvents().find((e) => e.id === calendarEventId(bookingId));
    expect(event?.status).toBe('cancelled');
    expect((await listed()).items.find((e) => e.id === event?.id)?.status).toBe('cancelled');
    expect(await page()).toContain('<s>Sunset sail — Smith party</s><span class="label">Cancelled</span>');
  });

  it('keeps the events in the data folder, for the next start', async () => {
    const kept = JSON.parse(await readFile(join(testStack.dataDir, 'google-calendar.json'), 'utf8'));
    expect(kept.calendars['local@scc.local'].map((e: { id: string }) => e.id)).toContain(calendarEventId(bookingId));
  });
});

describe('choosing the calendar', () => {
  it('uses a configured service account, whatever LOCAL_CALENDAR says', async () => {
    const google = await startGoogleStandIn();
    const withGoogle = await startTestStack({
      LOCAL_CALENDAR: 'standin',
      GOOGLE_SERVICE_ACCOUNT_JSON: google.serviceAccountJson,
      GOOGLE_CALENDAR_ID: 'charters@example.com',
      GOOGLE_API_BASE_URL: google.url,
    });
    try {
      expect(withGoogle.stack.calendar).toBe('google');
      expect(withGoogle.stack.calendarUrl).toBeUndefined();
      expect(banner(withGoogle.stack)).toContain('  Calendar       Google Calendar\n');
      const res = await withGoogle.call('POST', '/bookings', bookingBody('LOCAL-CAL-G'));
      expect(res.body.steps.calendar).toMatchObject({ status: 'succeeded' });
      expect(google.events('charters@example.com')).toHaveLength(1);
    } finally {
      await withGoogle.stop();
      await google.close();
    }
  });

  it('runs the stand-in unless told otherwise, and refuses a value it does not know', () => {
    expect(readLocalConfig({})).toMatchObject({ localCalendar: 'standin', googlePort: 0 });
    expect(readLocalConfig({ LOCAL_CALENDAR: 'off', LOCAL_GOOGLE_PORT: '8085' })).toMatchObject({ localCalendar: 'off', googlePort: 8085 });
    expect(() => readLocalConfig({ LOCAL_CALENDAR: 'google' })).toThrow(LocalConfigError);
    expect(() => readLocalConfig({ LOCAL_GOOGLE_PORT: 'x' })).toThrow(/LOCAL_GOOGLE_PORT/);
  });
});

describe('LOCAL_CALENDAR=off', () => {
  it('runs no stand-in and skips the calendar step, as tests get by default', async () => {
    const off = await startTestStack();
    try {
      expect(off.stack.calendar).toBe('off');
      expect(off.stack.calendarUrl).toBeUndefined();
      expect(banner(off.stack)).toContain('  Calendar       off (LOCAL_CALENDAR=off;');
      const res = await off.call('POST', '/bookings', bookingBody('LOCAL-CAL-OFF'));
      expect(res.body.steps.calendar).toMatchObject({ status: 'skipped' });
    } finally {
      await off.stop();
    }
  });
});
