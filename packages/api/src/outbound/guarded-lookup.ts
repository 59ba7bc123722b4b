import { promises as dns } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { type AddressPolicy, addressVerdict } from './address-policy';
import { OutboundRequestError } from './errors';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Host name → every address it resolves to. Injectable so tests can point names anywhere. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** getaddrinfo, like node's default lookup, so /etc/hosts and the Lambda resolver apply. */
export const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true });

/**
 * Throws unless every address may be contacted. One blocked address refuses the host: a
 * name that answers both a public and a private address is either misconfigured or aiming
 * the connection (which may pick any of them, happy-eyeballs style) at the inside.
 */
export function assertAddressesAllowed(host: string, addresses: readonly ResolvedAddress[], policy: AddressPolicy): void {
  if (addresses.length === 0) {
    throw new OutboundRequestError('network', `${host} did not resolve to any address`, { details: { host } });
  }
  for (const { address } of addresses) {
    const verdict = addressVerdict(address, policy);
    if (!verdict.allowed) {
      throw new OutboundRequestError('blocked_address', `${host} resolves to ${address} (${verdict.range}), which SCC does not contact`, {
        details: { host, address, range: verdict.range },
      });
    }
  }
}

/**
 * A `lookup` for `http.request`: the socket connects to exactly the addresses judged here, so
 * a name cannot pass the check with one answer and connect with another (DNS rebinding).
 * `host` is what errors name (the URL's host, port included); `hostname` is what is resolved.
 */
export function guardedLookup(host: string, policy: AddressPolicy, resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname)
      .then((addresses) => {
        assertAddressesAllowed(host, addresses, policy);
        const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
        const wanted = family ? addresses.filter((a) => a.family === family) : addresses;
        const first = wanted[0];
        if (!first) {
          throw new OutboundRequestError('network', `${host} has no IPv${family} address`, { details: { host } });
        }
        return { wanted, first };
      })
      .then(
        ({ wanted, first }) => (options.all ? callback(null, wanted) : callback(null, first.address, first.family)),
        (error: NodeJS.ErrnoException) => callback(error, ''),
      );
  };
}
