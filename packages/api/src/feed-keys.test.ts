import { createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FEED_KEY_INFO, feedLinks, HmacFeedKeys, webcalUrl } from './feed-keys';
import { MagicLinks } from './magic-links';

const secretA = new Uint8Array(32).fill(1);
const secretB = new Uint8Array(32).fill(2);
const boat = { kind: 'boat', id: 'jada' } as const;

describe('feed keys', () => {
  it('are base64url(HMAC-SHA256(HKDF(magic-link key, "scc-feed-keys"), "scc-feed:v1:{kind}:{id}:{generation}")) cut to 32', () => {
    const subkey = Buffer.from(hkdfSync('sha256', secretA, new Uint8Array(0), FEED_KEY_INFO, 32));
    const expected = createHmac('sha256', subkey).update('scc-feed:v1:boat:jada:1').digest('base64url').slice(0, 32);
    const keys = HmacFeedKeys.fromMagicLinks(new MagicLinks([{ kid: 'a', secret: secretA }]));
    expect(keys.keyFor(boat, 1)).toBe(expected);
    expect(keys.matches(boat, 1, expected)).toBe(true);
  });

  it('never equal the raw magic-link key’s own HMAC (a separate subkey)', () => {
    const keys = HmacFeedKeys.fromMagicLinks(new MagicLinks([{ kid: 'a', secret: secretA }]));
    const withRaw = createHmac('sha256', secretA).update('scc-feed:v1:boat:jada:1').digest('base64url').slice(0, 32);
    expect(keys.keyFor(boat, 1)).not.toBe(withRaw);
    expect(keys.matches(boat, 1, withRaw)).toBe(false);
  });

  it('differ per kind, id and generation; an old generation no longer matches', () => {
    const keys = new HmacFeedKeys([secretA]);
    const all = new Set([keys.keyFor(boat, 1), keys.keyFor(boat, 2), keys.keyFor({ kind: 'crew', id: 'jada' }, 1), keys.keyFor({ kind: 'boat', id: 'other' }, 1)]);
    expect(all.size).toBe(4);
    expect(keys.matches(boat, 2, keys.keyFor(boat, 1))).toBe(false);
    expect(keys.matches(boat, 1, '')).toBe(false);
    expect(keys.matches(boat, 1, `${keys.keyFor(boat, 1)}x`)).toBe(false);
  });

  it('are issued with the first secret and accepted with any configured one', () => {
    const old = new HmacFeedKeys([secretB]).keyFor(boat, 1);
    const rolled = new HmacFeedKeys([secretA, secretB]);
    expect(rolled.keyFor(boat, 1)).not.toBe(old);
    expect(rolled.matches(boat, 1, old)).toBe(true);
    expect(new HmacFeedKeys([secretA]).matches(boat, 1, old)).toBe(false);
  });
});

describe('feed URLs', () => {
  it('encode the boat’s name in the path and offer a webcal: form', () => {
    const links = feedLinks('https://scc.test/', async () => '');
    const url = links.feedUrl('boat', 'Sea Breeze/2', 'k');
    expect(url).toBe('https://scc.test/feeds/boats/Sea%20Breeze%2F2.ics?key=k');
    expect(webcalUrl(url)).toBe('webcal://scc.test/feeds/boats/Sea%20Breeze%2F2.ics?key=k');
    expect(links.feedUrl('crew', 'ana', 'k')).toBe('https://scc.test/feeds/crew/ana.ics?key=k');
  });
});
