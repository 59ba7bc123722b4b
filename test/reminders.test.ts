import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingBody, type CapturedEmail, crewLinkIn, expectNoMoneyOrGuestContact, GUEST, outbox, startTestStack, type TestStack } from './support';

// Reminders on the stack `npm start` runs: the lifecycle plans them in the local scheduler,
// the clock moves, and the same handler as the reminder Lambda sends the real emails.
const FAST = { timeoutMs: 5_000, attempts: 1, backoffMs: 0 };
const ANA = { crewId: 'crew_ana', name: 'Ana Lopez', email: 'ana@example.com', phone: '+16195550101' };

let now = new Date('2027-07-01T12:00:00Z');
let testStack: TestStack;
let seen = 0;

/** The emails sent since the last call. */
async function newEmails(): Promise<CapturedEmail[]> {
  const all = await outbox(testStack.stack.outboxUrl);
  const fresh = all.slice(seen);
  seen = all.length;
  return fresh;
}

async function at(iso: string): Promise<CapturedEmail[]> {
  now = new Date(iso);
  await testStack.stack.reminders.runDue();
  return newEmails();
}

/** A change of `version`, as the console sends it (If-Match). */
async function change(method: string, path: string, version: number, body: unknown) {
  const res = await fetch(`${testStack.stack.apiUrl}${path}`, {
    method,
    headers: { 'X-Service-Key': testStack.stack.serviceKey, 'Content-Type': 'application/json', 'If-Match': `"${version}"` },
    body: JSON.stringify(body),
  });
  return res.status;
}

const summary = (emails: CapturedEmail[]) => emails.map((e) => `${e.destination.to.join(',')} ${e.subject}`);

beforeAll(async () => {
  testStack = await startTestStack({}, { clock: () => now, stepPolicies: { crewNotices: FAST, guestNotices: FAST, reminders: FAST } });
  expect((await testStack.call('POST', '/crew', ANA)).status).toBe(201);
  const settings = await testStack.call('PATCH', '/settings', {
    operator: { name: 'Bay Charters', phone: '+16195550100', email: 'ops@charters.example', timezone: 'America/Los_Angeles' },
    guestPage: { uploadGraceMinutes: 120 },
  });
  expect(settings.status).toBe(200);
});
afterAll(async () => {
  await testStack.stop();
});

describe('reminders on the local stack', () => {
  let slug: string;

  it('plans the crew reminder, the guest reminder and the after-trip note with the booking', async () => {
    const created = await testStack.call(
      'POST',
      '/bookings',
      bookingBody('REM-1', { crew: [{ crewId: ANA.crewId, role: 'captain' }], crewTasks: ['Stock cooler', 'Check fuel'], whatToBring: 'A jacket' }),
    );

    expect(created.status).toBe(201);
    expect(created.body.steps.reminders.status).toBe('succeeded');
    ({ slug } = created.body);
    expect(testStack.stack.reminders.pending().map((r) => [r.payload.kind, r.at.toISOString()])).toEqual([
      ['guestReminder', '2027-07-03T17:00:00.000Z'],
      ['crewReminder', '2027-07-04T01:00:00.000Z'],
      ['afterTrip', '2027-07-05T04:00:00.000Z'],
    ]);
    await newEmails();
  });

  it('sends the guest reminder at 10:00 the day before, with no money and no crew contact', async () => {
    expect(await at('2027-07-03T16:59:00Z')).toEqual([]);

    const emails = await at('2027-07-03T17:00:00Z');

    expect(summary(emails)).toEqual([`${GUEST.email} Tomorrow: Sunset sail — 6:00 PM – 9:00 PM PDT`]);
    const text = emails[0]?.body.text ?? '';
    expect(text).toContain('Meeting point: Dock C');
    expect(text).toContain('What to bring: A jacket');
    expect(text).toContain(`/g/${slug}`);
    expect(text).toContain('Questions? Call Bay Charters on +16195550100.');
    const content = `${emails[0]?.subject}\n${emails[0]?.body.html}\n${text}`;
    expectNoMoneyOrGuestContact('guest reminder', content.replaceAll(GUEST.email, ''));
    for (const contact of [ANA.email, ANA.phone]) expect(content).not.toContain(contact);
  });

  it('sends the crew reminder at 18:00 the evening before, with the checklist progress and a working link', async () => {
    const emails = await at('2027-07-04T01:00:00Z');

    expect(summary(emails)).toEqual([`${ANA.email} Tomorrow: Sunset sail — 6:00 PM – 9:00 PM PDT on JADA`]);
    const email = emails[0] as CapturedEmail;
    expect(email.body.text).toContain('Checklist: 0 of 2 done');
    expect(email.body.text).toContain('Your role: captain');
    expectNoMoneyOrGuestContact('crew reminder', `${email.subject}\n${email.body.html}\n${email.body.text}`);
    const page = await fetch(crewLinkIn(email), { redirect: 'follow' });
    expect(page.status).toBe(200);
  });

  it('sends the after-trip note at the end, while uploads stay open, and nothing is left to fire', async () => {
    const emails = await at('2027-07-05T04:00:00Z');

    expect(summary(emails)).toEqual([`${GUEST.email} Share your photos from Sunset sail`]);
    expect(emails[0]?.body.text).toContain('You can add photos until 11:00 PM PDT, Sunday, July 4.');
    expect(testStack.stack.reminders.pending()).toEqual([]);
    expect(await at('2027-07-06T00:00:00Z')).toEqual([]);
  });

  it('a reschedule moves a booking’s schedules and a cancel removes them', async () => {
    now = new Date('2027-07-06T12:00:00Z');
    const created = await testStack.call('POST', '/bookings', bookingBody('REM-2', { start: '2027-08-01T10:00:00-07:00', end: '2027-08-01T13:00:00-07:00', crew: [{ crewId: ANA.crewId, role: 'mate' }] }));
    const id = created.body.bookingId as string;
    const names = () => testStack.stack.reminders.pending().map((r) => [r.name, r.at.toISOString()]);
    expect(names()).toEqual([
      [`scc.${id}.guest.v1`, '2027-07-31T17:00:00.000Z'],
      [`scc.${id}.crew.v1`, '2027-08-01T01:00:00.000Z'],
      [`scc.${id}.after.v1`, '2027-08-01T20:00:00.000Z'],
    ]);

    expect(await change('PATCH', `/bookings/${id}`, 1, { start: '2027-08-02T10:00:00-07:00', end: '2027-08-02T13:00:00-07:00' })).toBe(200);
    expect(names()).toEqual([
      [`scc.${id}.guest.v2`, '2027-08-01T17:00:00.000Z'],
      [`scc.${id}.crew.v2`, '2027-08-02T01:00:00.000Z'],
      [`scc.${id}.after.v2`, '2027-08-02T20:00:00.000Z'],
    ]);

    expect(await change('POST', `/bookings/${id}/cancel`, 2, { reason: 'weather' })).toBe(200);
    expect(names()).toEqual([]);
    await newEmails();
    expect(await at('2027-08-03T00:00:00Z')).toEqual([]);
  });
});
