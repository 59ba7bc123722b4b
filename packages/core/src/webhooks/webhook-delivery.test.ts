import { Webhook } from 'standardwebhooks';
import { beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingEmail } from '../booking/ports';
import { DependencyUnavailableError, VersionConflictError } from '../errors';
import type { WebhookResponse } from './ports';
import { MemoryWebhooks } from './testing/memory-webhooks';
import { BACKOFF_MS, DELIVERY_TIMEOUT_MS, DISABLE_AFTER_MS, GIVE_UP_AFTER_MS, WebhookDelivery, backoffMs, type WebhookDisabledView } from './webhook-delivery';
import type { DeliveryRecord, WebhookRecord } from './webhook-schema';

const NOW = new Date('2027-06-01T12:00:00.250Z');
const HOUR = 3_600_000;
/** The Standard Webhooks specification's example secret. */
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OTHER_SECRET = 'whsec_dGhpcyBpcyBhIHNlY29uZCBzZWNyZXQhIQ==';
const BODY = '{"type":"booking.created","data":{"bookingId":"bk_1"}}';
/** The signature of BODY as msg_1 at NOW (1 811 851 200 s, the 250 ms dropped) with SECRET. */
const SIGNATURE = 'v1,xialmFBSXxUQWVlA84KOiHERXsfjZ5VbYe6urlk+H7E=';

const webhookOf = (overrides: Partial<WebhookRecord> = {}): WebhookRecord => ({
  webhookId: 'wh_1',
  url: 'https://hooks.example.test/in',
  events: ['booking.created'],
  includeFinance: false,
  notifyEmail: 'ops@example.com',
  secrets: [{ secret: SECRET, createdAt: '2027-05-01T00:00:00.000Z' }],
  enabled: true,
  version: 4,
  createdAt: '2027-05-01T00:00:00.000Z',
  updatedAt: '2027-05-01T00:00:00.000Z',
  ...overrides,
});

const deliveryOf = (overrides: Partial<DeliveryRecord> = {}): DeliveryRecord => ({
  deliveryId: 'dl_1',
  webhookId: 'wh_1',
  eventId: 'msg_1',
  type: 'booking.created',
  body: BODY,
  groupId: 'wh_1#bk_1',
  status: 'pending',
  attempts: 0,
  createdAt: NOW.toISOString(),
  ...overrides,
});

const MESSAGE = { webhookId: 'wh_1', deliveryId: 'dl_1', groupId: 'wh_1#bk_1' };

let webhooks: MemoryWebhooks;
let now: Date;
let posts: { url: string; headers: Record<string, string>; body: string; timeoutMs: number }[];
let answer: () => WebhookResponse | Promise<WebhookResponse>;
let mail: OutgoingEmail[];
let mailFails: boolean;
let views: WebhookDisabledView[];
let delivery: WebhookDelivery;

beforeEach(() => {
  webhooks = new MemoryWebhooks();
  now = NOW;
  posts = [];
  answer = () => ({ status: 204 });
  mail = [];
  mailFails = false;
  views = [];
  delivery = new WebhookDelivery({
    webhooks,
    sender: {
      post: async (url, headers, body, timeoutMs) => {
        posts.push({ url, headers, body, timeoutMs });
        return answer();
      },
    },
    mailer: {
      send: async (email) => {
        if (mailFails) throw new DependencyUnavailableError('SES is down');
        mail.push(email);
        return { messageId: `m${mail.length}` };
      },
    },
    renderDisabled: (view) => {
      views.push(view);
      return { subject: 'A webhook endpoint was disabled', html: `<p>${view.reason}</p>`, text: view.reason };
    },
    clock: () => now,
    consoleUrl: (id) => `https://scc.test/admin/webhooks/${id}`,
  });
});

/** Stores the endpoint and the delivery; `null` leaves one out. */
async function given(webhook: WebhookRecord | null = webhookOf(), stored: DeliveryRecord | null = deliveryOf()) {
  if (webhook) await webhooks.create(webhook);
  if (stored) await webhooks.createDelivery(stored);
}
const storedDelivery = () => webhooks.getDelivery('wh_1', 'dl_1');

describe('the delivery schedule', () => {
  it('waits 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h and 8 h, then repeats the last', () => {
    // Act
    const waits = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 25].map(backoffMs);
    // Assess
    expect(waits).toEqual([30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 28_800_000, 28_800_000, 28_800_000]);
    expect(BACKOFF_MS).toHaveLength(9);
  });

  it('waits the first step before an attempt numbered 0', () => {
    // Act / Assess
    expect(backoffMs(0)).toBe(30_000);
  });

  it('gives a delivery 24 h, an endpoint 3 days, and a request 10 s', () => {
    // Assess
    expect(GIVE_UP_AFTER_MS).toBe(86_400_000);
    expect(DISABLE_AFTER_MS).toBe(259_200_000);
    expect(DELIVERY_TIMEOUT_MS).toBe(10_000);
  });
});

describe('WebhookDelivery.headersFor', () => {
  it('signs the event id, the time in whole seconds and the body per Standard Webhooks', () => {
    // Act
    const headers = delivery.headersFor(webhookOf(), deliveryOf(), NOW);
    // Assess
    expect(headers).toEqual({
      'content-type': 'application/json',
      'webhook-id': 'msg_1',
      'webhook-timestamp': '1811851200',
      'webhook-signature': SIGNATURE,
    });
  });

  it('is verified by the Standard Webhooks library at that time', () => {
    // Prepare
    const headers = delivery.headersFor(webhookOf(), deliveryOf(), NOW);
    const realNow = Date.now;
    Date.now = () => NOW.getTime();
    // Act
    let verified: unknown;
    try {
      verified = new Webhook(SECRET).verify(BODY, headers);
    } finally {
      Date.now = realNow;
    }
    // Assess
    expect(verified).toEqual(JSON.parse(BODY));
  });

  it('signs with every secret still live, a rotated one until the last millisecond before it ends', () => {
    // Prepare
    const rotating = (until: string) =>
      webhookOf({ secrets: [{ secret: OTHER_SECRET, createdAt: NOW.toISOString() }, { secret: SECRET, createdAt: '2027-05-01T00:00:00.000Z', until }] });
    // Act
    const before = delivery.headersFor(rotating(new Date(NOW.getTime() + 1).toISOString()), deliveryOf(), NOW);
    const at = delivery.headersFor(rotating(NOW.toISOString()), deliveryOf(), NOW);
    // Assess
    const signatures = before['webhook-signature']!.split(' ');
    expect(signatures).toHaveLength(2);
    expect(signatures[1]).toBe(SIGNATURE);
    expect(at['webhook-signature']!.split(' ')).toEqual([signatures[0]]);
  });
});

describe('WebhookDelivery.handle', () => {
  it('posts the signed body to the endpoint within 10 s and records the delivery', async () => {
    // Prepare
    await given(webhookOf(), deliveryOf({ attempts: 2, lastError: 'socket hang up', lastStatus: 502 }));
    // Act
    const verdict = await delivery.handle(MESSAGE, 3);
    // Assess
    expect(verdict).toEqual({ outcome: 'delivered' });
    expect(posts).toEqual([{ url: 'https://hooks.example.test/in', headers: delivery.headersFor(webhookOf(), deliveryOf(), NOW), body: BODY, timeoutMs: 10_000 }]);
    expect(await storedDelivery()).toStrictEqual({
      ...deliveryOf(),
      status: 'delivered',
      attempts: 3,
      lastStatus: 204,
      lastAttemptAt: NOW.toISOString(),
      deliveredAt: NOW.toISOString(),
    });
  });

  it.each([200, 299])('delivers on %i', async (status) => {
    // Prepare
    await given();
    answer = () => ({ status });
    // Act / Assess
    expect(await delivery.handle(MESSAGE, 1)).toEqual({ outcome: 'delivered' });
  });

  it.each([199, 300, 404, 500])('retries on %i', async (status) => {
    // Prepare
    await given();
    answer = () => ({ status });
    // Act / Assess
    expect(await delivery.handle(MESSAGE, 1)).toEqual({ outcome: 'retry', delayMs: 30_000 });
  });

  it('clears the failing mark of an endpoint that answers again', async () => {
    // Prepare
    await given(webhookOf({ failingSince: '2027-05-31T00:00:00.000Z' }));
    // Act
    await delivery.handle(MESSAGE, 1);
    // Assess
    expect(await webhooks.get('wh_1')).toStrictEqual({ ...webhookOf(), version: 5, updatedAt: NOW.toISOString() });
  });

  it('leaves a healthy endpoint alone', async () => {
    // Prepare
    await given();
    // Act
    await delivery.handle(MESSAGE, 1);
    // Assess
    expect(await webhooks.get('wh_1')).toEqual(webhookOf());
  });

  it('sends a delivery already delivered only once, whatever the queue says', async () => {
    // Prepare
    await given(webhookOf(), deliveryOf({ status: 'delivered' }));
    // Act
    const verdict = await delivery.handle(MESSAGE, 2);
    // Assess
    expect(verdict).toEqual({ outcome: 'delivered' });
    expect(posts).toEqual([]);
  });

  it.each([
    ['the endpoint', null, deliveryOf()],
    ['the delivery', webhookOf(), null],
  ])('drops a message when %s is gone', async (_, webhook, stored) => {
    // Prepare
    await given(webhook, stored);
    // Act
    const verdict = await delivery.handle(MESSAGE, 1);
    // Assess
    expect(verdict).toEqual({ outcome: 'dropped', reason: 'the endpoint or the delivery no longer exists' });
    expect(posts).toEqual([]);
  });

  it('drops a delivery to a disabled endpoint, saying so on the delivery', async () => {
    // Prepare
    await given(webhookOf({ enabled: false }));
    // Act
    const verdict = await delivery.handle(MESSAGE, 1);
    // Assess
    expect(verdict).toEqual({ outcome: 'dropped', reason: 'the endpoint is disabled' });
    expect(posts).toEqual([]);
    expect(await storedDelivery()).toEqual({ ...deliveryOf(), status: 'dropped', lastError: 'the endpoint is disabled' });
  });

  it('marks the endpoint failing from the first failure, and waits by the delivery’s own attempts', async () => {
    // Prepare
    await given(webhookOf(), deliveryOf({ attempts: 3 }));
    answer = () => ({ status: 503 });
    // Act
    const verdict = await delivery.handle(MESSAGE, 1);
    // Assess
    expect(verdict).toEqual({ outcome: 'retry', delayMs: 1_800_000 });
    expect(await storedDelivery()).toStrictEqual({ ...deliveryOf(), status: 'pending', attempts: 4, lastStatus: 503, lastAttemptAt: NOW.toISOString() });
    expect(await webhooks.get('wh_1')).toStrictEqual({ ...webhookOf(), failingSince: NOW.toISOString(), version: 5, updatedAt: NOW.toISOString() });
  });

  it('keeps the first failure’s time on an endpoint already failing', async () => {
    // Prepare
    const since = new Date(NOW.getTime() - HOUR).toISOString();
    await given(webhookOf({ failingSince: since }));
    answer = () => ({ status: 500 });
    // Act
    await delivery.handle(MESSAGE, 1);
    // Assess
    expect(await webhooks.get('wh_1')).toEqual(webhookOf({ failingSince: since }));
  });

  it('records a request that failed without an answer by its error', async () => {
    // Prepare
    await given();
    answer = () => {
      throw new Error('connect ECONNREFUSED');
    };
    // Act
    const verdict = await delivery.handle(MESSAGE, 1);
    // Assess
    expect(verdict).toEqual({ outcome: 'retry', delayMs: 30_000 });
    expect(await storedDelivery()).toStrictEqual({ ...deliveryOf(), status: 'pending', attempts: 1, lastError: 'connect ECONNREFUSED', lastAttemptAt: NOW.toISOString() });
  });

  it('records a thrown non-error by its text', async () => {
    // Prepare
    await given();
    answer = () => {
      throw 'aborted';
    };
    // Act
    await delivery.handle(MESSAGE, 1);
    // Assess
    expect((await storedDelivery())?.lastError).toBe('aborted');
  });

  it('disables an endpoint that answers 410 and tells the operator where to turn it back on', async () => {
    // Prepare
    await given();
    answer = () => ({ status: 410 });
    // Act
    const verdict = await delivery.handle(MESSAGE, 1);
    // Assess
    expect(verdict).toEqual({ outcome: 'dropped', reason: 'the endpoint answered 410 Gone' });
    expect(await webhooks.get('wh_1')).toStrictEqual({
      ...webhookOf(),
      enabled: false,
      disabled: { reason: 'The endpoint answered 410 Gone', at: NOW.toISOString() },
      version: 5,
      updatedAt: NOW.toISOString(),
    });
    expect(views).toEqual([{ url: 'https://hooks.example.test/in', reason: 'The endpoint answered 410 Gone', consoleUrl: 'https://scc.test/admin/webhooks/wh_1' }]);
    expect(mail).toEqual([{ to: 'ops@example.com', subject: 'A webhook endpoint was disabled', html: '<p>The endpoint answered 410 Gone</p>', text: 'The endpoint answered 410 Gone' }]);
    expect(await storedDelivery()).toStrictEqual({
      ...deliveryOf(),
      status: 'dropped',
      attempts: 1,
      lastStatus: 410,
      lastAttemptAt: NOW.toISOString(),
      lastError: 'the endpoint answered 410 Gone',
    });
  });

  it('emails nobody when the endpoint names no one', async () => {
    // Prepare
    await given(webhookOf({ notifyEmail: undefined }));
    answer = () => ({ status: 410 });
    // Act
    await delivery.handle(MESSAGE, 1);
    // Assess
    expect((await webhooks.get('wh_1'))?.enabled).toBe(false);
    expect(mail).toEqual([]);
  });

  it('emails once when another consumer disabled the endpoint first', async () => {
    // Prepare: right after this consumer read the endpoint, another one disabled it
    await given();
    const get = webhooks.get.bind(webhooks);
    let reads = 0;
    webhooks.get = async (id) => {
      const read = await get(id);
      if (reads++ === 0) {
        const stored = webhooks.webhooks.get(id)!;
        webhooks.webhooks.set(id, { ...stored, enabled: false, disabled: { reason: 'other', at: NOW.toISOString() }, version: stored.version + 1 });
      }
      return read;
    };
    answer = () => ({ status: 410 });
    // Act
    const verdict = await delivery.handle(MESSAGE, 1);
    // Assess
    expect(verdict).toMatchObject({ outcome: 'dropped' });
    expect(mail).toEqual([]);
    expect((await webhooks.get('wh_1'))?.disabled?.reason).toBe('other');
  });

  it('does not let a failing email stop the delivery from being dropped', async () => {
    // Prepare
    await given();
    answer = () => ({ status: 410 });
    mailFails = true;
    // Act
    const verdict = await delivery.handle(MESSAGE, 1);
    // Assess
    expect(verdict).toEqual({ outcome: 'dropped', reason: 'the endpoint answered 410 Gone' });
  });

  it('disables an endpoint failing for exactly 3 days', async () => {
    // Prepare
    await given(webhookOf({ failingSince: new Date(NOW.getTime() - DISABLE_AFTER_MS).toISOString() }), deliveryOf({ lastError: 'timeout' }));
    answer = () => ({ status: 500 });
    // Act
    const verdict = await delivery.handle(MESSAGE, 1);
    // Assess
    expect(verdict).toEqual({ outcome: 'dropped', reason: 'the endpoint failed for 3 days and was disabled' });
    expect(await webhooks.get('wh_1')).toMatchObject({ enabled: false, disabled: { reason: 'Every delivery failed for 3 days', at: NOW.toISOString() } });
    // This attempt's answer, not an earlier attempt's timeout: the reason it stopped.
    expect(await storedDelivery()).toMatchObject({ status: 'dropped', lastError: 'the endpoint failed for 3 days and was disabled', lastStatus: 500 });
  });

  it('keeps only this attempt in the last* fields: an answer clears an earlier error, an error an earlier status', async () => {
    // Prepare
    await given(webhookOf(), deliveryOf({ lastError: 'ECONNREFUSED' }));
    answer = () => ({ status: 500 });
    // Act
    await delivery.handle(MESSAGE, 1);
    const afterAnswer = await storedDelivery();
    answer = () => {
      throw new Error('ETIMEDOUT');
    };
    await delivery.handle(MESSAGE, 2);
    const afterError = await storedDelivery();
    // Assess
    expect(afterAnswer).toMatchObject({ status: 'pending', lastStatus: 500 });
    expect(afterAnswer).not.toHaveProperty('lastError');
    expect(afterError).toMatchObject({ status: 'pending', lastError: 'ETIMEDOUT' });
    expect(afterError).not.toHaveProperty('lastStatus');
  });

  it('keeps trying an endpoint failing for a millisecond less than 3 days', async () => {
    // Prepare
    await given(webhookOf({ failingSince: new Date(NOW.getTime() - DISABLE_AFTER_MS + 1).toISOString() }));
    answer = () => ({ status: 500 });
    // Act
    const verdict = await delivery.handle(MESSAGE, 1);
    // Assess
    expect(verdict).toMatchObject({ outcome: 'retry' });
    expect((await webhooks.get('wh_1'))?.enabled).toBe(true);
  });

  it('gives a delivery up exactly 24 h after it was made', async () => {
    // Prepare
    await given(webhookOf(), deliveryOf({ createdAt: new Date(NOW.getTime() - GIVE_UP_AFTER_MS).toISOString(), attempts: 8 }));
    answer = () => ({ status: 500 });
    // Act
    const verdict = await delivery.handle(MESSAGE, 9);
    // Assess
    expect(verdict).toEqual({ outcome: 'dropped', reason: 'no success within 24 hours' });
    expect(await storedDelivery()).toMatchObject({ status: 'failed', attempts: 9, lastError: 'no success within 24 hours' });
    expect((await webhooks.get('wh_1'))?.failingSince).toBe(NOW.toISOString());
  });

  it('tries a delivery made a millisecond less than 24 h ago again', async () => {
    // Prepare
    await given(webhookOf(), deliveryOf({ createdAt: new Date(NOW.getTime() - GIVE_UP_AFTER_MS + 1).toISOString(), attempts: 8 }));
    answer = () => ({ status: 500 });
    // Act / Assess
    expect(await delivery.handle(MESSAGE, 9)).toEqual({ outcome: 'retry', delayMs: 28_800_000 });
  });

  it('reads the endpoint again when it changed meanwhile, and changes it on top', async () => {
    // Prepare
    await given();
    const stored = webhooks.webhooks.get('wh_1')!;
    webhooks.webhooks.set('wh_1', { ...stored, description: 'renamed', version: 5 });
    answer = () => ({ status: 410 });
    // Act
    await delivery.handle(MESSAGE, 1);
    // Assess
    expect(await webhooks.get('wh_1')).toMatchObject({ description: 'renamed', enabled: false, version: 6 });
    expect(mail).toHaveLength(1);
  });

  it('stops after 5 tries against an endpoint that keeps changing', async () => {
    // Prepare
    await given();
    let writes = 0;
    webhooks.replace = async () => {
      writes++;
      throw new VersionConflictError('changed');
    };
    answer = () => ({ status: 410 });
    // Act
    const verdict = await delivery.handle(MESSAGE, 1);
    // Assess
    expect(writes).toBe(5);
    expect(mail).toEqual([]);
    expect(verdict).toMatchObject({ outcome: 'dropped' });
  });

  it('stops when the endpoint was deleted meanwhile', async () => {
    // Prepare
    await given();
    let writes = 0;
    webhooks.replace = async () => {
      writes++;
      webhooks.webhooks.delete('wh_1');
      throw new VersionConflictError('changed');
    };
    answer = () => ({ status: 410 });
    // Act
    await delivery.handle(MESSAGE, 1);
    // Assess
    expect(writes).toBe(1);
    expect(mail).toEqual([]);
  });

  it('lets a failure other than a conflict through', async () => {
    // Prepare
    await given();
    webhooks.replace = async () => {
      throw new DependencyUnavailableError('throttled');
    };
    answer = () => ({ status: 410 });
    // Act / Assess
    await expect(delivery.handle(MESSAGE, 1)).rejects.toThrow(DependencyUnavailableError);
  });
});
