import { describe, expect, it } from 'vitest';
import { addressVerdict, isAddressAllowed, LOCAL_STACK, PUBLIC_ONLY } from './address-policy';

describe('addressVerdict under PUBLIC_ONLY (AWS)', () => {
  it.each([
    ['8.8.8.8'],
    ['93.184.216.34'],
    ['172.15.255.255'], // just below 172.16/12
    ['172.32.0.0'], // just above
    ['100.63.255.255'], // just below CGNAT
    ['100.128.0.0'], // just above
    ['2606:4700::1111'],
    ['::ffff:8.8.8.8'], // mapped public
    ['2002:808:808::1'], // 6to4 carrying 8.8.8.8
    ['64:ff9b::808:808'], // NAT64 of 8.8.8.8
  ])('allows public unicast %s', (address) => {
    expect(addressVerdict(address, PUBLIC_ONLY)).toEqual({ allowed: true, range: expect.any(String) });
  });

  it.each([
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.169.254', 'linkLocal'], // the cloud metadata endpoint
    ['169.254.0.1', 'linkLocal'],
    ['fe80::1', 'linkLocal'],
    ['febf::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fd00:ec2::254', 'uniqueLocal'], // EC2's IPv6 metadata endpoint
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.254', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['fec0::1', 'deprecatedSiteLocal'],
  ])('refuses %s (%s)', (address, range) => {
    expect(addressVerdict(address, PUBLIC_ONLY)).toEqual({ allowed: false, range });
  });

  it.each([
    ['::ffff:127.0.0.1', 'ipv4Mapped/loopback'],
    ['::ffff:7f00:1', 'ipv4Mapped/loopback'], // the same, hex-spelled
    ['::ffff:10.0.0.1', 'ipv4Mapped/private'],
    ['::ffff:169.254.169.254', 'ipv4Mapped/linkLocal'],
    ['::ffff:100.64.0.1', 'ipv4Mapped/carrierGradeNat'],
    ['::ffff:0.0.0.0', 'ipv4Mapped/unspecified'],
    ['::ffff:0:7f00:1', 'rfc6145/loopback'],
    ['64:ff9b::a9fe:a9fe', 'rfc6052/linkLocal'], // NAT64 of 169.254.169.254
    ['2002:a00:1::', '6to4/private'], // 6to4 carrying 10.0.0.1
    ['2002:7f00:1::1', '6to4/loopback'],
    ['2001:0:4136:e378:8000:63bf:f5ff:fffe', 'teredo/private'], // client ~f5ff:fffe = 10.0.0.1
    ['2001:0:a00:1:8000:63bf:3fff:fdd2', 'teredo/private'], // server 10.0.0.1
  ])('refuses the IPv6 form %s, judged by the IPv4 address inside (%s)', (address, range) => {
    expect(addressVerdict(address, PUBLIC_ONLY)).toEqual({ allowed: false, range });
  });

  it('refuses IPv4-compatible ::a.b.c.d and the local-use NAT64 prefix', () => {
    expect(addressVerdict('::7f00:1', PUBLIC_ONLY)).toEqual({ allowed: false, range: 'ipv4Compatible' });
    expect(addressVerdict('::a00:1', PUBLIC_ONLY)).toEqual({ allowed: false, range: 'ipv4Compatible' });
    expect(addressVerdict('64:ff9b:1::a00:1', PUBLIC_ONLY)).toEqual({ allowed: false, range: 'rfc6052' });
  });

  it.each([['0x7f.1'], ['2130706433'], ['0177.0.0.1'], ['127.1'], ['example.com'], [''], ['1.2.3.4.5']])(
    'refuses %j, which is not a plain IP literal',
    (address) => {
      expect(addressVerdict(address, PUBLIC_ONLY)).toEqual({ allowed: false, range: 'invalid' });
    },
  );
});

describe('addressVerdict under LOCAL_STACK (npm start, tests)', () => {
  it.each([['127.0.0.1'], ['127.1.2.3'], ['::1'], ['::ffff:127.0.0.1']])('allows loopback %s', (address) => {
    expect(isAddressAllowed(address, LOCAL_STACK)).toBe(true);
  });

  it.each([
    ['10.0.0.1'],
    ['172.20.0.1'],
    ['192.168.0.10'],
    ['169.254.169.254'],
    ['fe80::1'],
    ['fd00::1'],
    ['100.64.0.1'],
    ['0.0.0.0'],
    ['::'],
    ['::ffff:10.0.0.1'],
    ['2002:c0a8:1::'],
  ])('still refuses %s', (address) => {
    expect(isAddressAllowed(address, LOCAL_STACK)).toBe(false);
  });

  it('keeps allowHttp and allowLoopback independent', () => {
    expect(isAddressAllowed('127.0.0.1', { allowLoopback: false, allowHttp: true })).toBe(false);
    expect(isAddressAllowed('127.0.0.1', { allowLoopback: true, allowHttp: false })).toBe(true);
  });
});
