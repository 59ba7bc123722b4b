import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { describe, expect, it } from 'vitest';
import { LOCAL_STACK, PUBLIC_ONLY } from './address-policy';
import { OutboundRequestError } from './errors';
import { guardedLookup, type Resolver } from './guarded-lookup';

const dual: Resolver = async () => [
  { address: '2606:4700::1111', family: 6 },
  { address: '93.184.216.34', family: 4 },
];

function call(lookup: LookupFunction, options: Parameters<LookupFunction>[1]) {
  return new Promise<{ address: string | LookupAddress[]; family?: number }>((resolve, reject) =>
    lookup('feeds.example.test', options, (error, address, family) => (error ? reject(error) : resolve({ address, family }))),
  );
}

describe('guardedLookup', () => {
  it('answers in both of the shapes net asks for', async () => {
    const lookup = guardedLookup('feeds.example.test', PUBLIC_ONLY, dual);
    expect(await call(lookup, {})).toEqual({ address: '2606:4700::1111', family: 6 });
    expect(await call(lookup, { all: true })).toEqual({
      address: [
        { address: '2606:4700::1111', family: 6 },
        { address: '93.184.216.34', family: 4 },
      ],
      family: undefined,
    });
  });

  it('honours a requested family', async () => {
    const lookup = guardedLookup('feeds.example.test', PUBLIC_ONLY, dual);
    expect(await call(lookup, { family: 4 })).toEqual({ address: '93.184.216.34', family: 4 });
    expect(await call(lookup, { family: 'IPv6' })).toEqual({ address: '2606:4700::1111', family: 6 });
    const v4only = guardedLookup('feeds.example.test', PUBLIC_ONLY, async () => [{ address: '93.184.216.34', family: 4 }]);
    await expect(call(v4only, { family: 6 })).rejects.toMatchObject({ reason: 'network' });
  });

  it('refuses the whole name when any one address is blocked, whichever family was asked for', async () => {
    const mixed: Resolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: 'fd00::1', family: 6 },
    ];
    const lookup = guardedLookup('feeds.example.test:8443', LOCAL_STACK, mixed);
    const error = await call(lookup, { family: 4 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundRequestError);
    expect(error).toMatchObject({ reason: 'blocked_address', details: { host: 'feeds.example.test:8443', address: 'fd00::1', range: 'uniqueLocal' } });
  });

  it('treats an empty answer as a network failure and passes resolver errors through', async () => {
    await expect(call(guardedLookup('h', PUBLIC_ONLY, async () => []), {})).rejects.toMatchObject({ reason: 'network' });
    const boom = Object.assign(new Error('getaddrinfo EAI_AGAIN h'), { code: 'EAI_AGAIN' });
    await expect(call(guardedLookup('h', PUBLIC_ONLY, () => Promise.reject(boom)), {})).rejects.toBe(boom);
  });
});
