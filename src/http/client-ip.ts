/**
 * The client's IP address, for API-key IP allowlists and per-IP limits.
 *
 * The socket's peer is the answer unless that peer is a configured trusted proxy (TRUST_PROXY).
 * Then `X-Forwarded-For` is read from the right (each proxy appends the address it saw), skipping
 * trusted proxies, and the first untrusted address is the client. Anything left of it was written
 * by the client itself and is never believed (ASVS 4.1.3, RFC 9700 §4.13). An entry that is not an
 * address stops the walk: the answer is then the last trusted hop reached, never an entry further
 * left. Only `X-Forwarded-For` is read (not `Forwarded` nor `X-Real-IP`).
 *
 * The walk and the trusted-range matching are `proxy-addr`'s (Express's: `all()` and `compile()`);
 * around it this module normalises entries (ports, brackets, IPv4-mapped IPv6, via ipaddr.js) and
 * turns the first entry that is not an address into "stop at the last trusted hop".
 * @module
 */
import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';
import proxyaddr from 'proxy-addr';
import { normaliseCidr } from '../lib/cidr.js';
import { LRUCache } from 'lru-cache';

export type ClientIpResolver = (req: IncomingMessage) => string | null;

/**
 * Parses and normalises trusted-proxy CIDRs ("10.0.0.0/8", "::1", …). Throws naming the bad
 * entries, so a typo fails at startup instead of silently trusting nothing (or everything).
 */
export function parseTrustedProxies(entries: readonly string[]): string[] {
  const bad: string[] = [];
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.trim() === '') continue;
    const cidr = normaliseCidr(entry);
    if (cidr) out.push(cidr);
    else bad.push(entry);
  }
  if (bad.length) throw new Error(`Invalid trusted proxy address or CIDR: ${bad.map((b) => JSON.stringify(b)).join(', ')}`);
  return out;
}

/**
 * A normalised address ("1.2.3.4", "2001:db8::1"; IPv4-mapped IPv6 becomes IPv4), or null when
 * `value` is not an IP address. Accepts the port-bearing forms some proxies write into
 * X-Forwarded-For: "1.2.3.4:5678", "[2001:db8::1]" and "[2001:db8::1]:443".
 */
export function normaliseIp(value: string | undefined | null): string | null {
  if (!value) return null;
  const known = normalised.get(value);
  if (known !== undefined) return known.address;
  const address = normalise(value);
  if (value.length <= NORMALISED_KEY_MAX) normalised.set(value, { address });
  return address;
}

/**
 * Answers of `normaliseIp` by input (the same few peers and proxy hops come back on every
 * request; parsing them with ipaddr.js cost as much as the rest of a cached /v1/me). Bounded like
 * every cache here (lru-cache, least recently used out past `max`; synchronous, so not through
 * lib/cache.ts's loader), and only short inputs are kept, so client-written X-Forwarded-For
 * entries cannot grow it. Answers are boxed: lru-cache holds no null.
 */
const normalised = new LRUCache<string, { address: string | null }>({ max: 4096 });
const NORMALISED_KEY_MAX = 64;

function normalise(value: string): string | null {
  let text = value.trim();
  const withPort = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text) ?? /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(text);
  if (withPort) {
    if (withPort[2] !== undefined && Number(withPort[2]) > 65535) return null;
    text = withPort[1]!;
  }
  // ipaddr.isValid accepts shorthand IPv4 ("1", "0x7f.1"); only four-part decimal IPv4 is taken.
  if (ipaddr.IPv4.isValid(text) && !ipaddr.IPv4.isValidFourPartDecimal(text)) return null;
  if (!ipaddr.isValid(text)) return null;
  try {
    return ipaddr.process(text).toString();
  } catch {
    return null;
  }
}

/**
 * Whether a (normalised) address is one of `trustedProxies`: proxy-addr's matcher over the
 * validated list; never true for an empty list.
 */
function trustMatcher(trustedProxies: readonly string[]): (ip: string) => boolean {
  const trusted = parseTrustedProxies(trustedProxies);
  if (trusted.length === 0) return () => false;
  const matches = proxyaddr.compile(trusted);
  return (ip) => matches(ip, 0);
}

/** Placeholder for an empty X-Forwarded-For entry, so the walk stops there (proxy-addr skips empties). */
const NOT_AN_ADDRESS = '-';

/**
 * `trustedProxies`: CIDRs or bare addresses of the reverse proxies in front of this server (empty:
 * trust no proxy, and X-Forwarded-For is ignored). Throws at creation on an invalid entry.
 */
export function createClientIpResolver(trustedProxies: readonly string[]): ClientIpResolver {
  const isTrusted = trustMatcher(trustedProxies);
  // proxy-addr asks about every hop as written: trusted only when it is an address in the list
  const trustHop = (hop: string) => {
    const ip = normaliseIp(hop);
    return ip !== null && isTrusted(ip);
  };

  return (req) => {
    const peer = normaliseIp(req.socket?.remoteAddress);
    if (!peer || !isTrusted(peer)) return peer;

    const header = req.headers['x-forwarded-for'];
    // Node joins repeated X-Forwarded-For headers with ", "; an array only comes from hand-built requests.
    const text = Array.isArray(header) ? header.join(',') : (header ?? '');
    const forwardedFor =
      text.trim() === ''
        ? ''
        : text
            .split(',')
            .map((hop) => hop.trim() || NOT_AN_ADDRESS)
            .join(',');
    // [peer, nearest hop, …, the first untrusted hop]: everything left of that is never read
    const hops = proxyaddr.all(
      { socket: req.socket, headers: { 'x-forwarded-for': forwardedFor } } as unknown as IncomingMessage,
      trustHop,
    );
    const client = normaliseIp(hops[hops.length - 1]);
    // an entry that is not an address: the last trusted hop reached (the peer at the least)
    return client ?? normaliseIp(hops[hops.length - 2]) ?? peer;
  };
}

/**
 * True when the request's socket peer is one of `trustedProxies` (TRUST_PROXY): only then are
 * headers a proxy writes (X-Forwarded-For, X-Request-Id) believed.
 */
export function createTrustedPeerCheck(trustedProxies: readonly string[]): (req: IncomingMessage) => boolean {
  const isTrusted = trustMatcher(trustedProxies);
  return (req) => {
    const peer = normaliseIp(req.socket?.remoteAddress);
    return peer !== null && isTrusted(peer);
  };
}
