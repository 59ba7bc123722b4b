import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingBody, startTestStack, startWebhookReceiver, type TestStack, type WebhookReceiver } from './support';

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!check()) throw new Error(`Timed out waiting for ${what}`);
};

let t: TestStack;
let receiver: WebhookReceiver;

beforeAll(async () => {
  t = await startTestStack();
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.stop();
});

describe('webhooks on the local stack (in-process queue)', () => {
  it('delivers each booking action once, signed, in version order; the library verifies it', async () => {
    const made = await t.call('POST', '/webhooks', {
      url: receiver.url,
      events: ['booking.created', 'booking.changed', 'booking.cancelled'],
    });
    expect(made.status).toBe(201);
    expect(made.body.secret).toMatch(/^whsec_/);
    // The secret is shown once.
    expect(JSON.stringify((await t.call('GET', '/webhooks')).body)).not.toContain(made.body.secret);

    const created = await t.call('POST', '/bookings', bookingBody('wh-1'));
    const id = created.body.bookingId as string;
    const res = await fetch(`${t.stack.apiUrl}/bookings/${id}`, {
      method: 'PATCH',
      headers: { 'X-Service-Key': t.stack.serviceKey, 'Content-Type': 'application/json', 'If-Match': '"1"' },
      body: JSON.stringify({ meetingPoint: 'Dock D' }),
    });
    expect(res.status).toBe(200);
    await t.call('POST', `/bookings/${id}/cancel`, { reason: 'weather' });

    await until(() => receiver.received.length >= 3, 'three deliveries');
    const bodies = receiver.received.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => [b.type, b.data.version])).toEqual([
      ['booking.created', 1],
      ['booking.changed', 2],
      ['booking.cancelled', 3],
    ]);
    expect(bodies[1].data.changedFields).toEqual(['meetingPoint']);
    const verifier = new Webhook(made.body.secret);
    for (const { headers, body } of receiver.received) {
      expect(verifier.verify(body, headers as Record<string, string>)).toBeTruthy();
      expect(() => verifier.verify(body.replace('"version"', '"versi0n"'), headers as Record<string, string>)).toThrow();
    }
    // No money or guest contact without includeFinance.
    expect(receiver.received.map((r) => r.body).join('')).not.toMatch(/185000|revenue|@example\.com/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(3);
  });

  it('shows each delivery with its attempts; resend sends the same event again', async () => {
    const [endpoint] = (await t.call('GET', '/webhooks')).body.items;
    const listed = await t.call('GET', `/webhooks/${endpoint.webhookId}/deliveries`);
    expect(listed.body.items.map((d: { status: string; attempts: number; lastStatus: number }) => [d.status, d.attempts, d.lastStatus])).toEqual([
      ['delivered', 1, 204],
      ['delivered', 1, 204],
      ['delivered', 1, 204],
    ]);
    const newest = listed.body.items[0];
    const resent = await t.call('POST', `/webhooks/${endpoint.webhookId}/deliveries/${newest.deliveryId}/resend`);
    expect(resent.status).toBe(202);
    await until(() => receiver.received.length >= 4, 'the resend');
    expect(receiver.received[3]!.headers['webhook-id']).toBe(newest.eventId);
  });

  it('a test event, and 410 disables the endpoint', async () => {
    const [endpoint] = (await t.call('GET', '/webhooks')).body.items;
    receiver.answers.push(410);
    const test = await t.call('POST', `/webhooks/${endpoint.webhookId}/test`);
    expect(test.status).toBe(202);
    await until(() => receiver.received.length >= 5, 'the test event');
    expect(JSON.parse(receiver.received[4]!.body)).toMatchObject({ type: 'webhook.test' });
    for (let i = 0; i < 40; i++) {
      if ((await t.call('GET', `/webhooks/${endpoint.webhookId}`)).body.enabled === false) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect((await t.call('GET', `/webhooks/${endpoint.webhookId}`)).body).toMatchObject({ enabled: false, disabled: { reason: 'The endpoint answered 410 Gone' } });
    // Turned back on by the operator.
    expect((await t.call('PATCH', `/webhooks/${endpoint.webhookId}`, { enabled: true })).body.enabled).toBe(true);
  });

  it('a guest’s completed upload reports photos.uploaded with the photo and the booking', async () => {
    const photos = await startWebhookReceiver();
    try {
      await t.call('POST', '/webhooks', { url: photos.url, events: ['photos.uploaded'] });
      const booking = await t.call('POST', '/bookings', bookingBody('wh-photo'));
      const base = `${t.stack.apiUrl}/g/${booking.body.slug}/photos`;
      const started = await (await fetch(base, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ filename: 'deck.jpg', contentType: 'image/jpeg', size: 1000 }) })).json();
      const put = await fetch(started.url, { method: 'PUT', headers: started.headers, body: new Uint8Array(1000).fill(1) });
      expect(put.status).toBe(200);
      const done = await fetch(`${base}/${started.photoId}/complete`, { method: 'POST' });
      expect(done.status).toBe(200);

      await until(() => photos.received.length >= 1, 'photos.uploaded');
      expect(JSON.parse(photos.received[0]!.body)).toMatchObject({
        type: 'photos.uploaded',
        data: { photoId: started.photoId, bookingId: booking.body.bookingId, contentType: 'image/jpeg', size: 1000 },
      });
      expect(photos.received).toHaveLength(1);
    } finally {
      await photos.close();
    }
  });

  it('refuses a delivery URL on a link-local address even locally, and bad input with a 400', async () => {
    const bad = await t.call('POST', '/webhooks', { url: 'ftp://x', events: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    const metadata = await t.call('POST', '/webhooks', { url: 'http://169.254.169.254/latest', events: ['booking.created'] });
    const test = await t.call('POST', `/webhooks/${metadata.body.webhookId}/test`);
    for (let i = 0; i < 40; i++) {
      const [delivery] = (await t.call('GET', `/webhooks/${metadata.body.webhookId}/deliveries`)).body.items;
      if (delivery?.attempts > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const [delivery] = (await t.call('GET', `/webhooks/${metadata.body.webhookId}/deliveries`)).body.items;
    expect(delivery).toMatchObject({ deliveryId: test.body.deliveryId, status: 'pending', attempts: 1 });
    expect(delivery.lastError).toMatch(/169\.254\.169\.254|not allowed|refused|blocked/i);
  });
});
