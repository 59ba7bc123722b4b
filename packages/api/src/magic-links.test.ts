import { describe, expect, it } from 'vitest';
import { MagicLinkConfigError, MagicLinkRejectedError, MagicLinks, parseMagicLinkKeys } from './magic-links';

const key = (kid: string, fill: number) => `${kid}:${Buffer.alloc(32, fill).toString('base64url')}`;
const grant = { crewId: 'ana', eventId: 'evt_1', generation: 1 };
const inAWeek = new Date(Date.now() + 7 * 24 * 3600 * 1000);

async function reason(promise: Promise<unknown>) {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MagicLinkRejectedError);
  return (error as MagicLinkRejectedError).reason;
}

describe('magic links', () => {
  it('bind a token to one crew member and one event', async () => {
    const links = new MagicLinks(parseMagicLinkKeys(key('k1', 1)));
    const token = await links.sign(grant, inAWeek);
    expect(await links.verify(token, 'evt_1')).toEqual(grant);
    expect(await reason(links.verify(token, 'evt_2'))).toBe('wrong_event');
  });

  it('refuse an expired token, a tampered one, and one from another secret', async () => {
    const links = new MagicLinks(parseMagicLinkKeys(key('k1', 1)));
    const expired = await links.sign(grant, new Date(Date.now() - 1000), new Date(Date.now() - 3600_000));
    expect(await reason(links.verify(expired, 'evt_1'))).toBe('expired');
    const token = await links.sign(grant, inAWeek);
    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ evt: 'evt_1', sub: 'boss', aud: 'scc:crew-page', exp: 9e9 })).toString('base64url');
    expect(await reason(links.verify(`${header}.${forged}.${signature}`, 'evt_1'))).toBe('invalid');
    expect(await reason(links.verify(`${header}.${payload}.${signature}x`, 'evt_1'))).toBe('invalid');
    const other = new MagicLinks(parseMagicLinkKeys(key('k1', 2)));
    expect(await reason(other.verify(token, 'evt_1'))).toBe('invalid');
  });

  it('rotate: a new key signs, the old one verifies until it is removed', async () => {
    const old = new MagicLinks(parseMagicLinkKeys(key('k1', 1)));
    const oldToken = await old.sign(grant, inAWeek);
    const rotated = new MagicLinks(parseMagicLinkKeys(`${key('k2', 2)},${key('k1', 1)}`));
    expect(await rotated.verify(oldToken, 'evt_1')).toEqual(grant);
    const newToken = await rotated.sign(grant, inAWeek);
    expect(JSON.parse(Buffer.from(newToken.split('.')[0] ?? '', 'base64url').toString()).kid).toBe('k2');
    const retired = new MagicLinks(parseMagicLinkKeys(key('k2', 2)));
    expect(await retired.verify(newToken, 'evt_1')).toEqual(grant);
    expect(await reason(retired.verify(oldToken, 'evt_1'))).toBe('invalid');
  });

  it('refuse weak or malformed key configuration', () => {
    expect(() => parseMagicLinkKeys('k1:short')).toThrow(MagicLinkConfigError);
    expect(() => parseMagicLinkKeys('')).toThrow(MagicLinkConfigError);
    expect(() => parseMagicLinkKeys('no-secret')).toThrow(MagicLinkConfigError);
  });
});
