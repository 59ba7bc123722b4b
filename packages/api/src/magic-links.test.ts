import { errors, SignJWT, type JWTPayload } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { MagicLinkConfigError, MagicLinkRejectedError, MagicLinks, parseMagicLinkKeys } from './magic-links';

const key = (kid: string, fill: number) => `${kid}:${Buffer.alloc(32, fill).toString('base64url')}`;
const grant = { crewId: 'ana', eventId: 'evt_1', generation: 1 };
/** The injected clock: every time in these tests is relative to it, never to the real one. */
const NOW = new Date('2030-03-01T12:00:00Z');
const seconds = (date: Date) => date.getTime() / 1000;
const inAWeek = new Date(NOW.getTime() + 7 * 24 * 3600 * 1000);

async function rejection(promise: Promise<unknown>) {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MagicLinkRejectedError);
  return error as MagicLinkRejectedError;
}

async function reason(promise: Promise<unknown>) {
  return (await rejection(promise)).reason;
}

function decode(part: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(part ?? '', 'base64url').toString()) as Record<string, unknown>;
}

/** A token made outside MagicLinks, signed with key k1 (fill 1) unless told otherwise. */
function forge(
  payload: JWTPayload,
  { alg = 'HS256', kid = 'k1', secret = Buffer.alloc(32, 1) }: { alg?: string; kid?: string; secret?: Uint8Array } = {},
) {
  return new SignJWT(payload).setProtectedHeader({ alg, kid }).sign(secret);
}

const valid = { sub: 'ana', evt: 'evt_1', aud: 'scc:crew-page', exp: seconds(inAWeek) };

function configError(value: string): string {
  try {
    parseMagicLinkKeys(value);
  } catch (error) {
    expect(error).toBeInstanceOf(MagicLinkConfigError);
    expect((error as Error).name).toBe('MagicLinkConfigError');
    return (error as Error).message;
  }
  throw new Error(`parsed: ${value}`);
}

describe('magic links', () => {
  it('bind a token to one crew member and one event', async () => {
    // Prepare
    const links = new MagicLinks(parseMagicLinkKeys(key('k1', 1)));
    const token = await links.sign(grant, inAWeek, NOW);
    // Act
    const verified = await links.verify(token, 'evt_1', NOW);
    const elsewhere = await rejection(links.verify(token, 'evt_2', NOW));
    // Assess
    expect(verified).toEqual(grant);
    expect(elsewhere.reason).toBe('wrong_event');
    expect(elsewhere.message).toBe('Crew link refused: wrong_event');
    expect(elsewhere.name).toBe('MagicLinkRejectedError');
  });

  it('sign HS256 with the first key id, audience, subject, event, generation, issue and expiry times', async () => {
    // Prepare
    const links = new MagicLinks(parseMagicLinkKeys(key('k1', 1)));
    const issuedAt = new Date('2030-03-01T12:00:00.999Z');
    // Act
    const token = await links.sign({ crewId: 'ana', eventId: 'evt_9', generation: 3 }, new Date('2030-03-04T12:00:00.500Z'), issuedAt);
    // Assess
    const [header, payload] = token.split('.');
    expect(decode(header)).toEqual({ alg: 'HS256', kid: 'k1' });
    expect(decode(payload)).toEqual({
      sub: 'ana',
      evt: 'evt_9',
      gen: 3,
      aud: 'scc:crew-page',
      iat: seconds(new Date('2030-03-01T12:00:00Z')),
      exp: seconds(new Date('2030-03-04T12:00:00Z')),
    });
  });

  it('carry the generation, and read a link without one as generation 1', async () => {
    // Prepare
    const links = new MagicLinks(parseMagicLinkKeys(key('k1', 1)));
    const third = await links.sign({ ...grant, generation: 3 }, inAWeek, NOW);
    const legacy = await forge(valid);
    const oddGeneration = await forge({ ...valid, gen: '3' });
    // Act
    const results = await Promise.all([third, legacy, oddGeneration].map((token) => links.verify(token, 'evt_1', NOW)));
    // Assess
    expect(results.map((result) => result.generation)).toEqual([3, 1, 1]);
  });

  it('expire at the second of `exp` by the injected clock, and keep the cause', async () => {
    // Prepare
    const links = new MagicLinks(parseMagicLinkKeys(key('k1', 1)));
    const expiresAt = new Date('2030-03-02T00:00:00Z');
    const token = await links.sign(grant, expiresAt, NOW);
    // Act
    const justBefore = await links.verify(token, 'evt_1', new Date(expiresAt.getTime() - 1000));
    const atExpiry = await rejection(links.verify(token, 'evt_1', expiresAt));
    // Assess
    expect(justBefore).toEqual(grant);
    expect(atExpiry.reason).toBe('expired');
    expect(atExpiry.message).toBe('Crew link refused: expired');
    expect(atExpiry.cause).toBeInstanceOf(errors.JWTExpired);
  });

  it('refuse a tampered token, and one from another secret', async () => {
    // Prepare
    const links = new MagicLinks(parseMagicLinkKeys(key('k1', 1)));
    const token = await links.sign(grant, inAWeek, NOW);
    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ evt: 'evt_1', sub: 'boss', aud: 'scc:crew-page', exp: 9e9 })).toString('base64url');
    const other = new MagicLinks(parseMagicLinkKeys(key('k1', 2)));
    // Act
    const tampered = await rejection(links.verify(`${header}.${forged}.${signature}`, 'evt_1', NOW));
    const badSignature = await reason(links.verify(`${header}.${payload}.${signature}x`, 'evt_1', NOW));
    const otherSecret = await reason(other.verify(token, 'evt_1', NOW));
    // Assess
    expect([tampered.reason, badSignature, otherSecret]).toEqual(['invalid', 'invalid', 'invalid']);
    expect(tampered.message).toBe('Crew link refused: invalid');
    expect(tampered.cause).toBeInstanceOf(errors.JWSSignatureVerificationFailed);
  });

  it('refuse tokens that are correctly signed but break the rules: algorithm, audience, required claims, event', async () => {
    // Prepare
    const links = new MagicLinks(parseMagicLinkKeys(key('k1', 1)));
    const { exp: _exp, ...withoutExp } = valid;
    const { aud: _aud, ...withoutAud } = valid;
    const { evt: _evt, ...withoutEvt } = valid;
    const tokens = {
      hs512: await forge(valid, { alg: 'HS512' }),
      otherAudience: await forge({ ...valid, aud: 'scc:feeds' }),
      noAudience: await forge(withoutAud),
      noExpiry: await forge(withoutExp),
      noEvent: await forge(withoutEvt),
      numericEvent: await forge({ ...valid, evt: 1 }),
      emptySubject: await forge({ ...valid, sub: '' }),
      unsigned: `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url')}.${Buffer.from(JSON.stringify(valid)).toString('base64url')}.`,
    };
    // Act
    const reasons = Object.fromEntries(
      await Promise.all(Object.entries(tokens).map(async ([name, token]) => [name, await reason(links.verify(token, 'evt_1', NOW))])),
    );
    // Assess: each of these is accepted when its one check is left out.
    expect(reasons).toEqual({
      hs512: 'invalid',
      otherAudience: 'invalid',
      noAudience: 'invalid',
      noExpiry: 'invalid',
      noEvent: 'invalid',
      numericEvent: 'invalid',
      emptySubject: 'invalid',
      unsigned: 'invalid',
    });
    expect(await links.verify(await forge(valid), 'evt_1', NOW)).toEqual(grant);
  });

  it('refuse a token whose key id is unknown or missing as invalid, not as a crash', async () => {
    // Prepare
    const links = new MagicLinks(parseMagicLinkKeys(key('k1', 1)));
    const unknownKid = await forge(valid, { kid: 'k9' });
    const noKid = await new SignJWT(valid).setProtectedHeader({ alg: 'HS256' }).sign(Buffer.alloc(32, 1));
    // Act
    const refusals = [await rejection(links.verify(unknownKid, 'evt_1', NOW)), await rejection(links.verify(noKid, 'evt_1', NOW))];
    // Assess
    for (const refusal of refusals) {
      expect(refusal.reason).toBe('invalid');
      expect(refusal.cause).toBeUndefined();
    }
  });

  it('rotate: a new key signs, the old one verifies until it is removed', async () => {
    // Prepare
    const old = new MagicLinks(parseMagicLinkKeys(key('k1', 1)));
    const oldToken = await old.sign(grant, inAWeek, NOW);
    const rotated = new MagicLinks(parseMagicLinkKeys(`${key('k2', 2)},${key('k1', 1)}`));
    const retired = new MagicLinks(parseMagicLinkKeys(key('k2', 2)));
    // Act
    const oldStillWorks = await rotated.verify(oldToken, 'evt_1', NOW);
    const newToken = await rotated.sign(grant, inAWeek, NOW);
    // Assess
    expect(oldStillWorks).toEqual(grant);
    expect(decode(newToken.split('.')[0]).kid).toBe('k2');
    expect(await retired.verify(newToken, 'evt_1', NOW)).toEqual(grant);
    expect(await reason(retired.verify(oldToken, 'evt_1', NOW))).toBe('invalid');
  });

  it('derive one 32-byte HKDF-SHA256 subkey per configured key, per purpose, in key order', () => {
    // Prepare
    const links = new MagicLinks(parseMagicLinkKeys(`${key('k1', 1)},${key('k2', 2)}`));
    // Act
    const feedKeys = links.subkeys('scc:feed-keys');
    const otherPurpose = links.subkeys('scc:other');
    // Assess: values pinned once; a change here re-keys every derived secret.
    expect(feedKeys.map((subkey) => Buffer.from(subkey).toString('hex'))).toEqual([
      'a4f82758b8050d15270d57f752007b1422ebe697ca03d12653b22ba475a8a171',
      '653c28998a14a6bb1589b9901416b42df4380f750cb40fe59bae9c256af7c307',
    ]);
    expect(feedKeys[0]).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(otherPurpose[0]!).equals(Buffer.from(feedKeys[0]!))).toBe(false);
  });

  it('need at least one key', () => {
    // Prepare / Act
    const error = (() => {
      try {
        new MagicLinks([]);
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    // Assess
    expect(error).toBeInstanceOf(MagicLinkConfigError);
    expect(error?.message).toBe('At least one magic-link key is needed');
  });
});

describe('parseMagicLinkKeys', () => {
  it('reads kid:secret pairs, trimmed, skipping empty entries, secrets decoded from base64url', () => {
    // Prepare
    const value = ` ${key('k1', 7)} ,, ${key('K_2-x', 8)},`;
    // Act
    const keys = parseMagicLinkKeys(value);
    // Assess
    expect(keys.map((k) => k.kid)).toEqual(['k1', 'K_2-x']);
    expect(keys[0]!.secret).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(keys[0]!.secret).equals(Buffer.alloc(32, 7))).toBe(true);
    expect(Buffer.from(keys[1]!.secret).equals(Buffer.alloc(32, 8))).toBe(true);
  });

  it('take key ids of 1 to 32 characters from A-Z, a-z, 0-9, _ and -, anchored at both ends', () => {
    // Prepare
    const secret = Buffer.alloc(32, 1).toString('base64url');
    const message = 'MAGIC_LINK_KEYS must be comma-separated kid:secret pairs';
    // Act / Assess
    expect(parseMagicLinkKeys(`${'k'.repeat(32)}:${secret}`)[0]!.kid).toBe('k'.repeat(32));
    expect(configError(`${'k'.repeat(33)}:${secret}`)).toBe(message);
    expect(configError(`k1!:${secret}`)).toBe(message); // a check without `$` passes this
    expect(configError(`!k1:${secret}`)).toBe(message); // a check without `^` passes this
    expect(configError(`k 1:${secret}`)).toBe(message);
    expect(configError(`:${secret}`)).toBe(message);
    expect(configError('no-secret')).toBe(message);
    expect(configError('k1:')).toBe(message);
  });

  it('refuse a secret under 32 bytes, counting decoded bytes', () => {
    // Prepare: 31 bytes are 42 base64url characters, which as text would pass a length check.
    const short = Buffer.alloc(31, 1).toString('base64url');
    // Act
    const message = configError(`k1:${short}`);
    // Assess
    expect(message).toBe('The magic-link key "k1" must be at least 32 bytes');
    expect(parseMagicLinkKeys(key('k1', 1))[0]!.secret).toHaveLength(32);
  });

  it('refuse a value with no key', () => {
    // Prepare / Act / Assess
    expect(configError('')).toBe('MAGIC_LINK_KEYS holds no key');
    expect(configError(' , ')).toBe('MAGIC_LINK_KEYS holds no key');
  });
});

describe('MagicLinks when jose cannot be loaded', () => {
  it('answers a 503-class error naming the library, for signing and checking alike, not a refused link', async () => {
    // Prepare: a fresh copy of the module whose import('jose') fails, as with a damaged deploy.
    vi.resetModules();
    vi.doMock('jose', () => {
      throw new Error('Cannot find module ./chunks/jose.mjs');
    });
    try {
      const fresh = await import('./magic-links');
      const links = new fresh.MagicLinks(parseMagicLinkKeys(key('k1', 1)));

      // Act
      const signing = await links.sign(grant, inAWeek, NOW).catch((e: unknown) => e);
      const checking = await links.verify('a.b.c', 'evt_1', NOW).catch((e: unknown) => e);

      // Assess
      // By name: the fresh module graph has its own copy of the error classes.
      for (const error of [signing, checking]) {
        expect(error).toMatchObject({ name: 'ModuleLoadError', code: 'dependency_unavailable', retryable: true, message: 'Could not load the JWT library (jose); try again' });
      }
    } finally {
      vi.doUnmock('jose');
      vi.resetModules();
    }
  });
});
