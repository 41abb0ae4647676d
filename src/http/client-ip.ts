/**
 * The client's IP address, for API-key IP allowlists and per-IP limits.
 *
 * The socket's peer is the answer unless that peer is a configured trusted proxy (TRUST_PROXY).
 * Then `X-Forwarded-For` is read from the right (each proxy appends the address it saw), skipping
 * trusted proxies, and the first untrusted address is the client. Anything left of it was written
 * by the client itself and is never believed (ASVS 4.1.3, RFC 9700 §4.13). An entry that is not an
 * address stops the walk: the answer is then the last trusted hop reached, never an entry further
 * left. Only `X-Forwarded-For` is read (not `Forwarded` nor `X-Real-IP`).
 * @module
 */
import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';
import { ipAllowed, normaliseCidr } from '../lib/cidr.js';

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
 * `trustedProxies`: CIDRs or bare addresses of the reverse proxies in front of this server (empty:
 * trust no proxy, and X-Forwarded-For is ignored). Throws at creation on an invalid entry.
 */
export function createClientIpResolver(trustedProxies: readonly string[]): ClientIpResolver {
  const trusted = parseTrustedProxies(trustedProxies);
  const isTrusted = (ip: string) => trusted.length > 0 && ipAllowed(ip, trusted);

  return (req) => {
    const peer = normaliseIp(req.socket?.remoteAddress);
    if (!peer || !isTrusted(peer)) return peer;

    const header = req.headers['x-forwarded-for'];
    // Node joins repeated X-Forwarded-For headers with ", "; an array only comes from hand-built requests.
    const text = Array.isArray(header) ? header.join(',') : (header ?? '');
    const hops = text.split(',');
    let lastTrusted = peer;
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = normaliseIp(hops[i]);
      if (!hop) break; // garbage: stop, believe nothing further left
      if (!isTrusted(hop)) return hop;
      lastTrusted = hop;
    }
    return lastTrusted;
  };
}

/**
 * True when the request's socket peer is one of `trustedProxies` (TRUST_PROXY): only then are
 * headers a proxy writes (X-Forwarded-For, X-Request-Id) believed.
 */
export function createTrustedPeerCheck(trustedProxies: readonly string[]): (req: IncomingMessage) => boolean {
  const trusted = parseTrustedProxies(trustedProxies);
  return (req) => {
    const peer = normaliseIp(req.socket?.remoteAddress);
    return peer !== null && trusted.length > 0 && ipAllowed(peer, trusted);
  };
}
