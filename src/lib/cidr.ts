/** IP allowlists: CIDR parsing and matching through ipaddr.js (IPv4, IPv6, IPv4-mapped IPv6). @module */
import ipaddr from 'ipaddr.js';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Normalises "10.0.0.0/8", "2001:db8::/32" or a bare address; null when it is not one. */
export function normaliseCidr(value: string): string | null {
  try {
    const text = value.trim();
    if (text.includes('/')) {
      const [address, bits] = ipaddr.parseCIDR(text);
      return `${address.toNormalizedString()}/${bits}`;
    }
    const address = ipaddr.parse(text);
    return `${address.toNormalizedString()}/${address.kind() === 'ipv4' ? 32 : 128}`;
  } catch {
    return null;
  }
}

function unmapped(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
}

/** True when `ip` lies in one of `cidrs` (normalised with normaliseCidr). */
export function ipAllowed(ip: string | null, cidrs: readonly string[]): boolean {
  if (cidrs.length === 0) return true;
  if (!ip || !ipaddr.isValid(ip)) return false;
  const address = unmapped(ipaddr.parse(ip));
  return cidrs.some((cidr) => {
    const [network, bits] = ipaddr.parseCIDR(cidr) as Range;
    const net = unmapped(network);
    return net.kind() === address.kind() && address.match([net, net.kind() === network.kind() ? bits : bits - 96] as Range);
  });
}

/**
 * True when the range `cidr` lies wholly inside one of `within` (all normalised with
 * normaliseCidr): same address family, at least as many prefix bits, and its network address in
 * the wider range. An empty `within` means "any address", which contains everything.
 */
export function cidrWithin(cidr: string, within: readonly string[]): boolean {
  if (within.length === 0) return true;
  const [network, bits] = ipaddr.parseCIDR(cidr) as Range;
  return within.some((outer) => {
    const [outerNetwork, outerBits] = ipaddr.parseCIDR(outer) as Range;
    return outerNetwork.kind() === network.kind() && bits >= outerBits && network.match([outerNetwork, outerBits] as Range);
  });
}

/**
 * The bucket an address is counted in by abuse limiters: an IPv4 address as itself (also when
 * written IPv4-mapped), an IPv6 address by its /64 — one subscriber usually holds a whole /64, so
 * counting single IPv6 addresses would let one attacker rotate through 2^64 counters. Unparsable
 * input is returned as given; null stays null.
 */
export function addressBucket(ip: string | null): string | null {
  if (ip === null || !ipaddr.isValid(ip)) return ip;
  const address = unmapped(ipaddr.parse(ip));
  if (address.kind() === 'ipv4') return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(':')}::/64`;
}
