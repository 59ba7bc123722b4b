import { bookingBody, expectNoMoneyOrGuestContact, startTestApp, TEST_MAGIC_LINKS, type TestApp } from '@scc/test/support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestApp;
let eventId: string;
let bookingId: string;
let slug: string;
let otherEventId: string;
const linkOf = new Map<string, string>();

const booking = (externalId: string, crew: string[], tasks: string[]) =>
  bookingBody(externalId, {
    notes: 'Cake plates in the galley',
    crew: crew.map((crewId, i) => ({ crewId, role: i === 0 ? 'captain' : 'deckhand' })),
    crewTasks: tasks,
  });

/** Opens a crew link like a browser: the token becomes a cookie, then the clean URL. */
async function open(link: string) {
  const url = new URL(link);
  const first = await t.app.request(`${url.pathname}${url.search}`);
  const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { first, cookie, setCookie: first.headers.get('set-cookie') ?? '' };
}

const asCrew = (cookie: string, method: string, path: string, body?: unknown) =>
  t.app.request(path, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

beforeAll(async () => {
  t = await startTestApp();
  for (const [crewId, name, phone] of [['ana', 'Ana Lopez', '+16195550101'], ['ben', 'Ben Ortiz', '+16195550102'], ['cy', 'Cy Young', '+16195550103']]) {
    await t.call('POST', '/crew', { crewId, name, email: `${crewId}@example.com`, phone });
  }
  const tasks = Array.from({ length: 20 }, (_, i) => `Task ${i + 1}`);
  const created = await (await t.call('POST', '/bookings', booking('BS-CREW', ['ana', 'ben', 'cy'], tasks))).json();
  ({ eventId, slug, bookingId } = created);
  otherEventId = (await (await t.call('POST', '/bookings', booking('BS-OTHER', ['ana'], ['x']))).json()).eventId;
  for (const email of t.fakes.mailer.sent) {
    const link = /https:\/\/scc\.test(\/c\/\S+)/.exec(email.text)?.[1];
    if (link && link.includes(eventId)) linkOf.set(email.to.split('@')[0] ?? '', `https://scc.test${link}`);
  }
});
afterAll(() => t.stop());

describe('opening a magic link', () => {
  it('trades the token for an HttpOnly, SameSite=Strict cookie scoped to the trip, then shows the page without it', async () => {
    const { first, cookie, setCookie } = await open(linkOf.get('ana') ?? '');
    expect(first.status).toBe(200);
    expect(setCookie).toMatch(new RegExp(`Path=/c/${eventId}`));
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(first.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await first.text()).toContain(`content="0;url=/c/${eventId}"`);

    const page = await asCrew(cookie, 'GET', `/c/${eventId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Hi Ana Lopez');
    expect(html).toContain('Jane Smith, 6 on board');
    expect(html).toContain('href="tel:+16195550102"');
    expect(html).toContain('Cake plates in the galley');
    expect(html).not.toContain('?t=');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self';");
  });

  it.each([
    ['tampered', (link: string) => `${link}x`, 401, 'not valid'],
    ['missing', (link: string) => link.split('?')[0] ?? '', 401, 'not valid'],
  ])('a %s token gets %s with a page that says what to do', async (_, mangle, status, words) => {
    const res = await t.app.request(new URL(mangle(linkOf.get('ana') ?? '')).pathname + new URL(mangle(linkOf.get('ana') ?? '')).search);
    expect(res.status).toBe(status);
    const html = await res.text();
    expect(html).toContain(words);
    expect(html).toContain('Ask the operator for a new link');
    expect(html).not.toMatch(/at .*\.ts|Error:/);
  });

  it('an expired token: 401 saying it expired', async () => {
    const token = await TEST_MAGIC_LINKS.sign({ crewId: 'ana', eventId, generation: 1 }, new Date(Date.now() - 60_000), new Date(Date.now() - 3600_000));
    const res = await t.app.request(`/c/${eventId}?t=${token}`);
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('expired');
  });

  it("another trip's token: 403", async () => {
    const token = await TEST_MAGIC_LINKS.sign({ crewId: 'ana', eventId: otherEventId, generation: 1 }, new Date(Date.now() + 3600_000));
    const res = await t.app.request(`/c/${eventId}?t=${token}`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('another trip');
  });
});

describe('the checklist', () => {
  it('ticks and unticks, showing who did it; the guest page sees labels and states only', async () => {
    const { cookie } = await open(linkOf.get('ben') ?? '');
    const state = await (await asCrew(cookie, 'GET', `/c/${eventId}/state`)).json();
    const first = state.checklist[0];
    const ticked = await asCrew(cookie, 'PATCH', `/c/${eventId}/tasks/${first.taskId}`, { done: true });
    expect(ticked.status).toBe(200);
    expect((await ticked.json()).task).toMatchObject({ taskId: first.taskId, done: true, doneBy: 'Ben Ortiz', doneAt: expect.any(String) });

    const guest = await t.app.request(`/g/${slug}/checklist`);
    expect(guest.headers.get('cache-control')).toContain('max-age=10');
    const { items } = await guest.json();
    expect(items[0]).toEqual({ label: 'Task 1', done: true });
    expect(JSON.stringify(items)).not.toMatch(/Ben|ben/);

    const unticked = await (await asCrew(cookie, 'PATCH', `/c/${eventId}/tasks/${first.taskId}`, { done: false })).json();
    expect(unticked.task).toEqual({ taskId: first.taskId, label: 'Task 1', done: false });
  });

  it('records 20 simultaneous ticks on different items from 20 clients', async () => {
    const { cookie } = await open(linkOf.get('cy') ?? '');
    const { checklist } = await (await asCrew(cookie, 'GET', `/c/${eventId}/state`)).json();
    const results = await Promise.all(
      checklist.map((task: { taskId: string }) => asCrew(cookie, 'PATCH', `/c/${eventId}/tasks/${task.taskId}`, { done: true })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const after = await (await asCrew(cookie, 'GET', `/c/${eventId}/state`)).json();
    expect(after.checklist.filter((task: { done: boolean }) => task.done)).toHaveLength(20);
  });

  it('answers the JSON routes with JSON errors: no cookie 401, unknown task 404, not JSON 415', async () => {
    expect((await t.app.request(`/c/${eventId}/state`)).status).toBe(401);
    const { cookie } = await open(linkOf.get('ana') ?? '');
    expect((await asCrew(cookie, 'PATCH', `/c/${eventId}/tasks/task_nope`, { done: true })).status).toBe(404);
    const notJson = await t.app.request(`/c/${eventId}/tasks/task_1`, { method: 'PATCH', headers: { cookie }, body: 'done=true' });
    expect(notJson.status).toBe(415);
    // The cookie is scoped to its own trip's path, and its token is bound to it anyway.
    expect((await asCrew(cookie, 'GET', `/c/${otherEventId}/state`)).status).toBe(403);
  });

  it('a crew member taken off the trip loses access at once', async () => {
    const { cookie } = await open(linkOf.get('cy') ?? '');
    expect((await asCrew(cookie, 'GET', `/c/${eventId}/state`)).status).toBe(200);
    const booking = await (await t.call('GET', `/bookings/${bookingId}`)).json();
    const changed = await t.call(
      'PATCH',
      `/bookings/${bookingId}`,
      { crew: booking.booking.crew.filter((a: { crewId: string }) => a.crewId !== 'cy') },
      { 'If-Match': `"${booking.version}"` },
    );
    expect(changed.status).toBe(200);
    // The crew event is the booking's: changed through the booking, never on its own.
    const direct = await t.call('PATCH', `/events/${eventId}`, { notes: 'x' });
    expect(direct.status).toBe(409);
    expect((await direct.json()).error.code).toBe('managed_by_booking');
    const state = await asCrew(cookie, 'GET', `/c/${eventId}/state`);
    expect(state.status).toBe(403);
    expect((await state.json()).error.code).toBe('crew_access_denied');
    const page = await asCrew(cookie, 'GET', `/c/${eventId}`);
    expect(page.status).toBe(403);
    expect(await page.text()).toContain('no longer on the crew');
  });

  it('shows no money and no guest contact on any crew or guest response', async () => {
    const { cookie } = await open(linkOf.get('ana') ?? '');
    const { checklist } = await (await asCrew(cookie, 'GET', `/c/${eventId}/state`)).json();
    const surfaces: [string, Response][] = [
      ['crew page', await asCrew(cookie, 'GET', `/c/${eventId}`)],
      ['crew state', await asCrew(cookie, 'GET', `/c/${eventId}/state`)],
      ['crew tick', await asCrew(cookie, 'PATCH', `/c/${eventId}/tasks/${checklist[1].taskId}`, { done: true })],
      ['link bounce', (await open(linkOf.get('ana') ?? '')).first],
      ['problem page', await t.app.request(`/c/${eventId}?t=bad`)],
      ['guest checklist', await t.app.request(`/g/${slug}/checklist`)],
    ];
    for (const [surface, res] of surfaces) expectNoMoneyOrGuestContact(surface, await res.text());
    expectNoMoneyOrGuestContact('guest page', t.fakes.guestPages.pages.get(slug) ?? '');
  });
});

describe('POST /events/:eventId/links', () => {
  it('issues fresh links for the crew, and re-sends them when asked', async () => {
    const sentBefore = t.fakes.mailer.sent.length;
    const res = await t.call('POST', `/events/${eventId}/links`, { crewId: 'ana', send: true });
    expect(res.status).toBe(200);
    const { links } = await res.json();
    expect(links).toEqual([{ crewId: 'ana', name: 'Ana Lopez', url: expect.stringContaining(`/c/${eventId}?t=`), expiresAt: '2027-07-08T04:00:00.000Z', emailed: true }]);
    expect(t.fakes.mailer.sent.length).toBe(sentBefore + 1);
    const { cookie } = await open(links[0].url);
    expect((await asCrew(cookie, 'GET', `/c/${eventId}/state`)).status).toBe(200);

    const all = await (await t.call('POST', `/events/${eventId}/links`, {})).json();
    expect(all.links.map((l: { crewId: string; emailed: boolean }) => [l.crewId, l.emailed])).toEqual([['ana', false], ['ben', false]]);
    expect((await t.call('POST', `/events/${eventId}/links`, { crewId: 'zed' })).status).toBe(404);
    expect((await t.app.request(`/events/${eventId}/links`, { method: 'POST' })).status).toBe(401);
  });
});
