import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { respondToError } from '../error-response';
import { serviceKeyAuth, sha256Hex } from './service-key';

const KEY = 'sk_live_7Qx2-ü';
// sha256Hex(KEY), computed once: the hash of the UTF-8 bytes of the key.
const KEY_HASH = '5b86a00d58d7b0943994f9c0527609c3b9a5c57b97f6f1746c8c1acd736376b0';

/** A protected route behind the middleware, with the API's error responses. */
function appWith(serviceKeyHash: string) {
  let reached = 0;
  const app = new Hono()
    .onError(respondToError)
    .use(serviceKeyAuth(serviceKeyHash))
    .get('/bookings', (c) => {
      reached++;
      return c.json({ ok: true });
    });
  return { app, reached: () => reached };
}

async function refusal(res: Response) {
  return { status: res.status, body: await res.json() };
}

const NOT_VALID = {
  status: 401,
  body: { error: { code: 'unauthorized', message: 'The X-Service-Key header is not a valid service key', details: {} } },
};
const MISSING = {
  status: 401,
  body: { error: { code: 'unauthorized', message: 'Send the service key in the X-Service-Key header', details: {} } },
};

describe('sha256Hex', () => {
  it('is the lowercase hex SHA-256 of the UTF-8 bytes', () => {
    // Prepare: the FIPS 180-2 test vector "abc", and a key with a non-ASCII character.
    // Act
    const abc = sha256Hex('abc');
    const key = sha256Hex(KEY);
    // Assess
    expect(abc).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(key).toBe(KEY_HASH);
  });
});

describe('serviceKeyAuth', () => {
  it('admits the key whose hash is configured, whatever the header name casing', async () => {
    // Prepare
    const { app, reached } = appWith(KEY_HASH);
    // Act
    const lower = await app.request('/bookings', { headers: { 'x-service-key': KEY } });
    const upper = await app.request('/bookings', { headers: { 'X-SERVICE-KEY': KEY } });
    // Assess
    expect([lower.status, upper.status]).toEqual([200, 200]);
    expect(await lower.json()).toEqual({ ok: true });
    expect(reached()).toBe(2);
  });

  it('accepts the configured hash in upper case hex', async () => {
    // Prepare
    const { app } = appWith(KEY_HASH.toUpperCase());
    // Act
    const res = await app.request('/bookings', { headers: { 'X-Service-Key': KEY } });
    // Assess
    expect(res.status).toBe(200);
  });

  it('refuses a request without the header, and one with an empty key, as missing', async () => {
    // Prepare: even a hash configured for the empty string must not admit an empty key.
    const { app, reached } = appWith(sha256Hex(''));
    // Act
    const without = await app.request('/bookings');
    const empty = await app.request('/bookings', { headers: { 'X-Service-Key': '' } });
    // Assess
    expect(await refusal(without)).toEqual(MISSING);
    expect(await refusal(empty)).toEqual(MISSING);
    expect(reached()).toBe(0);
  });

  it('refuses a wrong key, of the same length, another case, or far longer, with 401 not a crash', async () => {
    // Prepare: the digests compared are always 32 bytes, so no length reaches timingSafeEqual.
    const { app, reached } = appWith(KEY_HASH);
    const wrong = [KEY.slice(0, -1) + 'x', KEY.toUpperCase(), `${KEY}x`, 'k'.repeat(10_000), KEY_HASH];
    // Act
    const responses = await Promise.all(wrong.map((key) => app.request('/bookings', { headers: { 'X-Service-Key': key } })));
    // Assess
    for (const res of responses) expect(await refusal(res)).toEqual(NOT_VALID);
    expect(reached()).toBe(0);
  });

  it('refuses a key sent in another header', async () => {
    // Prepare
    const { app } = appWith(KEY_HASH);
    // Act
    const res = await app.request('/bookings', { headers: { Authorization: `Bearer ${KEY}`, 'X-Api-Key': KEY } });
    // Assess
    expect(await refusal(res)).toEqual(MISSING);
  });

  it('will not start with a hash that is not 64 hex characters', () => {
    // Prepare
    const message = 'SERVICE_KEY_HASH must be a hex SHA-256 digest (64 characters)';
    const malformed = [
      '',
      KEY_HASH.slice(1), // 63
      `${KEY_HASH}0`, // 65: a check without `$` would take the first 64
      `0${KEY_HASH}`, // 65: a check without `^` would take the last 64
      `${KEY_HASH.slice(0, 63)}g`, // not hex
      'z'.repeat(64),
      ` ${KEY_HASH.slice(1)}`,
      KEY, // the raw key instead of its hash
    ];
    // Act
    const errors = malformed.map((hash) => {
      try {
        serviceKeyAuth(hash);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    });
    // Assess
    expect(errors).toEqual(malformed.map(() => message));
    expect(() => serviceKeyAuth('a'.repeat(64))).not.toThrow();
  });
});
