import ipaddr from 'ipaddr.js';

/**
 * Which outbound requests SCC may make. Feed and webhook URLs are typed in by operators, so a
 * URL pointing inside the network (the Lambda's metadata endpoint, a VPC host, the local machine)
 * must never be fetched. The local stack and the tests serve feeds from 127.0.0.1 over plain
 * HTTP, hence the two switches; neither opens private or link-local ranges.
 */
export interface AddressPolicy {
  allowLoopback: boolean;
  allowHttp: boolean;
}

/** AWS: public HTTPS only. */
export const PUBLIC_ONLY: AddressPolicy = Object.freeze({ allowLoopback: false, allowHttp: false });

/** `npm start` and tests: also http: and 127.0.0.0/8 / ::1. */
export const LOCAL_STACK: AddressPolicy = Object.freeze({ allowLoopback: true, allowHttp: true });

export interface AddressVerdict {
  allowed: boolean;
  /**
   * ipaddr.js's name of the range the address falls in (`unicast`, `private`, `loopback`, …);
   * for an IPv6 form that carries an IPv4 address, the carrier then the embedded address's
   * range (`ipv4Mapped/loopback`). Safe to show: it names a range, not a URL.
   */
  range: string;
}

/**
 * Decides whether `address` (an IP literal, as DNS returns it or as a URL's host spells it)
 * may be connected to. An allowlist: only what ipaddr.js calls `unicast` passes (plus loopback
 * when the policy says so), so a range ipaddr.js learns to name later is refused by default.
 */
export function addressVerdict(address: string, policy: AddressPolicy): AddressVerdict {
  const parsed = parseStrict(address);
  if (!parsed) return { allowed: false, range: 'invalid' };
  return parsed.kind() === 'ipv4' ? v4Verdict(parsed as ipaddr.IPv4, policy) : v6Verdict(parsed as ipaddr.IPv6, policy);
}

export function isAddressAllowed(address: string, policy: AddressPolicy): boolean {
  return addressVerdict(address, policy).allowed;
}

function parseStrict(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  // ipaddr.js also accepts `0x7f.1` and `2130706433` as IPv4; inet_aton-style spellings are
  // how filters get bypassed, and nothing legitimate hands us one, so they count as invalid.
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) return ipaddr.IPv4.parse(address);
  if (ipaddr.IPv6.isValid(address)) return ipaddr.IPv6.parse(address);
  return undefined;
}

function v4Verdict(address: ipaddr.IPv4, policy: AddressPolicy): AddressVerdict {
  const range = address.range();
  if (range === 'unicast') return { allowed: true, range };
  if (range === 'loopback') return { allowed: policy.allowLoopback, range };
  return { allowed: false, range };
}

function v6Verdict(address: ipaddr.IPv6, policy: AddressPolicy): AddressVerdict {
  const range = address.range();
  const embedded = embeddedV4(address, range);
  if (embedded) {
    // The connection may well end up at the IPv4 address inside (the kernel for ::ffff:a.b.c.d,
    // a NAT64 or 6to4/Teredo relay otherwise), so that address is what gets judged.
    const inner = v4Verdict(embedded, policy);
    return { allowed: inner.allowed, range: `${range}/${inner.range}` };
  }
  if (range === 'unicast') {
    // ::a.b.c.d (IPv4-compatible, deprecated by RFC 4291) is plain unicast to ipaddr.js, yet
    // some stacks still route it to the IPv4 address; nothing public lives there.
    if (address.parts.slice(0, 6).every((part) => part === 0)) return { allowed: false, range: 'ipv4Compatible' };
    return { allowed: true, range };
  }
  if (range === 'loopback') return { allowed: policy.allowLoopback, range };
  return { allowed: false, range };
}

/** The IPv4 address an IPv6 form carries, for the forms whose carried address is routable. */
function embeddedV4(address: ipaddr.IPv6, range: string): ipaddr.IPv4 | undefined {
  const p = address.parts;
  const v4 = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  switch (range) {
    case 'ipv4Mapped': // ::ffff:a.b.c.d
    case 'rfc6145': // ::ffff:0:a.b.c.d
      return v4(p[6]!, p[7]!);
    case 'rfc6052':
      // 64:ff9b::/96 carries the address in the last 32 bits. 64:ff9b:1::/48 is for local use
      // with operator-chosen layouts: no public address to find, so it stays a refused range.
      return p[2] === 0 ? v4(p[6]!, p[7]!) : undefined;
    case '6to4': // 2002:AABB:CCDD::/48
      return v4(p[1]!, p[2]!);
    case 'teredo': {
      // 2001:0:SERVER:SERVER:flags:port:~CLIENT:~CLIENT; both ends must be public.
      const server = v4(p[2]!, p[3]!);
      const client = v4(~p[6]! & 0xffff, ~p[7]! & 0xffff);
      return server.range() === 'unicast' ? client : server;
    }
    default:
      return undefined;
  }
}
