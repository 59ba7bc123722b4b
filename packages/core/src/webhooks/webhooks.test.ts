import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { bookingCreateSchema } from '../booking/schema';
import { memoryBookingRig } from '../booking/testing/booking-service-rig';
import { OutboxRelay } from './outbox-relay';
import type { WebhookResponse } from './ports';
import { MemoryOutbox, MemoryQueue, MemoryWebhooks } from './testing/memory-webhooks';
import { WebhookDelivery } from './webhook-delivery';
import { WebhookService } from './webhook-service';

function rig() {
  const base = memoryBookingRig(new Date('2027-06-01T12:00:00Z'));
  const { service, bookings, mailer, calendar, clock } = base;
  const webhooks = new MemoryWebhooks();
  const queue = new MemoryQueue();
  const relay = new OutboxRelay({ outbox: new MemoryOutbox(bookings), webhooks, queue, finance: (id) => bookings.getFinance(id) });
  const received: { headers: Record<string, string>; body: string }[] = [];
  let answer: () => WebhookResponse | Promise<WebhookResponse> = () => ({ status: 204 });
  const delivery = new WebhookDelivery({
    webhooks,
    sender: {
      post: async (_url, headers, body) => {
        received.push({ headers, body });
        return answer();
      },
    },
    mailer,
    renderDisabled: (view) => ({ subject: 'A webhook endpoint was disabled', html: view.reason, text: view.consoleUrl }),
    clock,
    consoleUrl: (id) => `https://scc.test/admin/webhooks/${id}`,
  });
  const admin = new WebhookService(webhooks, relay, clock);
  const booking = bookingCreateSchema.parse({
    source: 'direct', externalId: 'w-1', title: 'Sunset sail', start: '2027-06-10T18:00:00-07:00', end: '2027-06-10T21:00:00-07:00',
    timezone: 'America/Los_Angeles', boat: 'JADA', meetingPoint: 'Dock C', guest: { name: 'Jane Doe', count: 4, email: 'jane@example.com' },
    finance: { revenue: 185000, captainFee: 40000, platformFee: 18500, currency: 'USD' },
  });
  /** Hands every queued message to the consumer until the queue is empty (retries included). */
  const drain = async () => {
    const verdicts = [];
    while (queue.sent.length > 0) {
      const message = queue.sent.shift()!;
      verdicts.push(await delivery.handle(message, 1));
    }
    return verdicts;
  };
  return { bookings, webhooks, queue, relay, service, delivery, admin, booking, received, mailer, calendar, drain, setAnswer: (fn: typeof answer) => (answer = fn), advance: base.advance };
}

describe('webhooks from booking changes', () => {
  it('each booking action puts exactly one event in the outbox, written with the change, in version order', async () => {
    const r = rig();
    const { result } = await r.service.submit(r.booking);
    await r.service.change(result.bookingId, { meetingPoint: 'Dock D' });
    await r.service.cancel(result.bookingId, { reason: 'weather' });
    await r.service.reinstate(result.bookingId);

    const events = r.bookings.outbox.get(result.bookingId)!;
    expect(events.map((e) => [e.type, e.data.version])).toEqual([
      ['booking.created', 1],
      ['booking.changed', 2],
      ['booking.cancelled', 3],
      ['booking.reinstated', 4],
    ]);
    expect(events[1]!.data.changedFields).toEqual(['meetingPoint']);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(4);
  });

  it('the relay makes one delivery per subscribed endpoint, in order per booking, and empties the outbox', async () => {
    const r = rig();
    const all = await r.admin.create({ url: 'https://hooks.example.test/all', events: ['booking.created', 'booking.changed'], includeFinance: false });
    await r.admin.create({ url: 'https://hooks.example.test/cancel', events: ['booking.cancelled'], includeFinance: false });
    const { result } = await r.service.submit(r.booking);
    await r.service.change(result.bookingId, { title: 'Sunset cruise' });

    await r.relay.sweep();

    expect(r.queue.sent.map((m) => m.webhookId)).toEqual([all.webhookId, all.webhookId]);
    expect(new Set(r.queue.sent.map((m) => m.groupId))).toEqual(new Set([`${all.webhookId}.${result.bookingId}`]));
    expect(r.bookings.outbox.get(result.bookingId)).toEqual([]);
    const bodies = (await r.webhooks.listDeliveries(all.webhookId, 10)).reverse().map((d) => JSON.parse(d.body));
    expect(bodies.map((b) => [b.type, b.data.version])).toEqual([['booking.created', 1], ['booking.changed', 2]]);
    // No money and no guest contact unless the endpoint asked for money.
    expect(JSON.stringify(bodies)).not.toMatch(/185000|jane@example\.com|Jane Doe/);
  });

  it('money only for an endpoint made with includeFinance', async () => {
    const r = rig();
    const money = await r.admin.create({ url: 'https://hooks.example.test/books', events: ['booking.created'], includeFinance: true });
    await r.service.submit(r.booking);
    await r.relay.sweep();
    const [delivery] = await r.webhooks.listDeliveries(money.webhookId, 10);
    expect(JSON.parse(delivery!.body).data.finance).toEqual({ revenue: 185000, captainFee: 40000, platformFee: 18500, currency: 'USD' });
  });

  it('a crash between queueing and clearing the outbox relays again, and the receiver still gets the event once', async () => {
    const r = rig();
    await r.admin.create({ url: 'https://hooks.example.test/all', events: ['booking.created'], includeFinance: false });
    await r.service.submit(r.booking);
    // The first relay dies after queueing: the outbox still holds the event.
    const outbox = new MemoryOutbox(r.bookings);
    const dying = new OutboxRelay({
      outbox: { ...outbox, pending: (n) => outbox.pending(n), read: (ref) => outbox.read(ref), take: () => Promise.reject(new Error('crash')) },
      webhooks: r.webhooks,
      queue: r.queue,
      finance: async () => undefined,
    });
    await expect(dying.sweep()).rejects.toThrow('crash');
    await r.relay.sweep();

    expect(r.queue.sent).toHaveLength(2);
    expect(r.queue.sent[0]).toEqual(r.queue.sent[1]);
    await r.drain();
    expect(r.received).toHaveLength(1);
  });

  it('signs per Standard Webhooks: the library verifies it; a tampered body or an old timestamp fails', async () => {
    const r = rig();
    const endpoint = await r.admin.create({ url: 'https://hooks.example.test/all', events: ['booking.created'], includeFinance: false });
    await r.service.submit(r.booking);
    await r.relay.sweep();
    await r.drain();

    const [{ headers, body }] = r.received as [(typeof r.received)[0]];
    expect(endpoint.secret).toMatch(/^whsec_/);
    const verifier = new Webhook(endpoint.secret);
    // The library checks the timestamp against the real clock: verify at the delivery's own time.
    const at = Number(headers['webhook-timestamp']) * 1000;
    const realNow = Date.now;
    Date.now = () => at + 1000;
    try {
      expect(verifier.verify(body, headers)).toMatchObject({ type: 'booking.created' });
      expect(() => verifier.verify(body.replace('Sunset', 'Sunrise'), headers)).toThrow();
      Date.now = () => at + 10 * 60_000;
      expect(() => verifier.verify(body, headers)).toThrow(/timestamp/i);
    } finally {
      Date.now = realNow;
    }
    expect(headers['webhook-id']).toMatch(/^msg_/);
  });

  it('a receiver that fails 3 times then succeeds gets the event once, with the attempts and backoff recorded', async () => {
    const r = rig();
    const endpoint = await r.admin.create({ url: 'https://hooks.example.test/all', events: ['booking.created'], includeFinance: false });
    await r.service.submit(r.booking);
    await r.relay.sweep();
    const [message] = r.queue.sent as [(typeof r.queue.sent)[0]];
    const statuses = [500, 503, 429, 200];
    r.setAnswer(() => ({ status: statuses.shift()! }));

    const verdicts = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      verdicts.push(await r.delivery.handle(message, attempt));
      r.advance(60 * 60_000);
    }
    // A duplicate message after success sends nothing.
    verdicts.push(await r.delivery.handle(message, 5));

    expect(verdicts).toEqual([
      { outcome: 'retry', delayMs: 30_000 },
      { outcome: 'retry', delayMs: 120_000 },
      { outcome: 'retry', delayMs: 600_000 },
      { outcome: 'delivered' },
      { outcome: 'delivered' },
    ]);
    expect(r.received).toHaveLength(4);
    expect(new Set(r.received.map((x) => x.headers['webhook-id'])).size).toBe(1);
    const [stored] = await r.webhooks.listDeliveries(endpoint.webhookId, 1);
    expect(stored).toMatchObject({ status: 'delivered', attempts: 4, lastStatus: 200 });
    expect((await r.webhooks.get(endpoint.webhookId))?.failingSince).toBeUndefined();
  });

  it('410 disables the endpoint and emails the operator; 3 days of failures do too', async () => {
    const r = rig();
    const gone = await r.admin.create({ url: 'https://hooks.example.test/gone', events: ['booking.created'], includeFinance: false, notifyEmail: 'ops@example.com' });
    await r.service.submit(r.booking);
    await r.relay.sweep();
    r.setAnswer(() => ({ status: 410 }));
    expect(await r.drain()).toEqual([{ outcome: 'dropped', reason: 'the endpoint answered 410 Gone' }]);
    expect(await r.webhooks.get(gone.webhookId)).toMatchObject({ enabled: false, disabled: { reason: 'The endpoint answered 410 Gone' } });
    expect(r.mailer.sent.map((m) => [m.to, m.subject])).toContainEqual(['ops@example.com', 'A webhook endpoint was disabled']);

    const failing = await r.admin.create({ url: 'https://hooks.example.test/down', events: ['booking.changed'], includeFinance: false });
    r.setAnswer(() => ({ status: 500 }));
    const bookingId = [...r.bookings.records.keys()][0]!;
    await r.service.change(bookingId, { notes: 'a' });
    await r.relay.sweep();
    const message = r.queue.sent.at(-1)!;
    expect(await r.delivery.handle(message, 1)).toMatchObject({ outcome: 'retry' });
    r.advance(3 * 24 * 60 * 60_000);
    await r.service.change(bookingId, { notes: 'b' });
    await r.relay.sweep();
    expect(await r.delivery.handle(r.queue.sent.at(-1)!, 1)).toMatchObject({ outcome: 'dropped' });
    expect(await r.webhooks.get(failing.webhookId)).toMatchObject({ enabled: false, disabled: { reason: 'Every delivery failed for 3 days' } });
  });

  it('gives a delivery up after 24 hours of failures', async () => {
    const r = rig();
    await r.admin.create({ url: 'https://hooks.example.test/down', events: ['booking.created'], includeFinance: false });
    await r.service.submit(r.booking);
    await r.relay.sweep();
    const message = r.queue.sent[0]!;
    r.setAnswer(() => ({ status: 500 }));
    expect(await r.delivery.handle(message, 1)).toMatchObject({ outcome: 'retry' });
    r.advance(24 * 60 * 60_000);
    expect(await r.delivery.handle(message, 9)).toEqual({ outcome: 'dropped', reason: 'no success within 24 hours' });
  });

  it('a rotated secret signs beside the new one for 24 hours, then only the new one signs', async () => {
    const r = rig();
    const made = await r.admin.create({ url: 'https://hooks.example.test/all', events: ['booking.created'], includeFinance: false });
    const rotated = await r.admin.rotate(made.webhookId);
    const webhook = (await r.webhooks.get(made.webhookId))!;
    const delivery = { eventId: 'msg_1', body: '{"x":1}' } as Parameters<WebhookDelivery['headersFor']>[1];
    const now = new Date('2027-06-01T12:00:00Z');
    const during = r.delivery.headersFor(webhook, delivery, now);
    expect(during['webhook-signature']!.split(' ')).toHaveLength(2);
    for (const secret of [made.secret, rotated.secret]) {
      const realNow = Date.now;
      Date.now = () => now.getTime();
      try {
        expect(new Webhook(secret).verify('{"x":1}', during)).toEqual({ x: 1 });
      } finally {
        Date.now = realNow;
      }
    }
    const after = r.delivery.headersFor(webhook, delivery, new Date(now.getTime() + 25 * 60 * 60_000));
    expect(after['webhook-signature']!.split(' ')).toHaveLength(1);
  });

  it('a step that fails reports booking.step_failed', async () => {
    const r = rig();
    r.calendar.failNext = 5;
    const { result } = await r.service.submit(r.booking);
    const types = r.bookings.outbox.get(result.bookingId)!.map((e) => e.type);
    expect(types).toEqual(['booking.created', 'booking.step_failed']);
    expect(r.bookings.outbox.get(result.bookingId)![1]!.data).toMatchObject({ step: 'calendar', retryable: true });
  });

  it('a test event reaches an endpoint whatever it subscribed to; resend sends the same delivery again', async () => {
    const r = rig();
    const endpoint = await r.admin.create({ url: 'https://hooks.example.test/all', events: ['booking.cancelled'], includeFinance: false });
    const test = await r.admin.test(endpoint.webhookId);
    await r.drain();
    expect(JSON.parse(r.received[0]!.body)).toMatchObject({ type: 'webhook.test', data: { webhookId: endpoint.webhookId } });
    await r.admin.resend(endpoint.webhookId, test.deliveryId);
    await r.drain();
    expect(r.received.map((x) => x.headers['webhook-id'])).toEqual([test.eventId, test.eventId]);
  });
});

describe('the relay right after a write', () => {
  it('with no endpoint it leaves the outbox to the sweep; an endpoint made here is seen at once', async () => {
    const r = rig();
    const { result } = await r.service.submit(r.booking);
    const ref = { pk: `BOOKING#${result.bookingId}`, sk: 'BOOKING' };

    expect(await r.relay.flushIfSubscribed(ref)).toBe(0);
    expect(r.bookings.outbox.get(result.bookingId)).toHaveLength(1);

    await r.admin.create({ url: 'https://hooks.example.test/all', events: ['booking.created'], includeFinance: false });
    expect(await r.relay.flushIfSubscribed(ref)).toBe(1);
    expect(r.bookings.outbox.get(result.bookingId)).toEqual([]);
    expect(r.queue.sent).toHaveLength(1);
  });
});
