/**
 * SSRF guard for webhook endpoints. Only globally routable unicast addresses may receive
 * deliveries, by range classification (ipaddr.js, see `blockedRange`): loopback, private
 * (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16 with the cloud metadata address,
 * fe80::/10), unspecified, multicast, broadcast, CGNAT (100.64/10), reserved and documentation
 * ranges, IPv6 outside 2000::/3, and every IPv6 spelling that embeds an IPv4 address
 * (IPv4-compatible, IPv4-mapped, SIIT, NAT64, 6to4, Teredo) are refused, unless
 * WEBHOOK_ALLOW_PRIVATE_NETWORKS is set (development).
 *
 * The URL is checked twice: at registration (all addresses the host resolves to), and at send time
 * on the addresses the connection is actually made to (a `lookup` for node:net that refuses them),
 * so a host that resolves to a public address at registration and to 127.0.0.1 later (DNS
 * rebinding) never reaches the private one.
 * @module
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export const MAX_WEBHOOK_URL_LENGTH = 2048;
const REGISTRATION_LOOKUP_TIMEOUT_MS = 5_000;

/** Resolves a host name to every address it has (the shape of `dns.lookup` with `all: true`). */
export type ResolveAll = (hostname: string) => Promise<LookupAddress[]>;

export const resolveAll: ResolveAll = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

/** IPv6 prefixes that carry an IPv4 address in their last 32 bits (each spelling of "an IPv4 host"). */
const EMBEDDING_V4: readonly [string, number, string][] = [
  ['::', 96, 'ipv4Compatible'], // RFC 4291 §2.5.5.1 (deprecated): ::a.b.c.d
  ['::ffff:0:0', 96, 'ipv4Mapped'], // RFC 4291 §2.5.5.2
  ['::ffff:0:0:0', 96, 'rfc6145'], // SIIT IPv4-translated
  ['64:ff9b::', 96, 'nat64'], // RFC 6052 well-known NAT64 prefix
  ['64:ff9b:1::', 48, 'nat64Local'], // RFC 8215 local-use NAT64
];

/** The IPv4 address in the last 32 bits of an IPv6 one. */
function lastV4(v6: ipaddr.IPv6): ipaddr.IPv4 {
  const bytes = v6.toByteArray();
  return new ipaddr.IPv4(bytes.slice(12, 16));
}

/**
 * Why an address may not receive webhooks, or null for a globally routable unicast one. Ranges are
 * ipaddr.js's (a maintained classification of the IANA special-purpose registries): IPv4 must be
 * `unicast`; IPv6 must be `unicast` inside 2000::/3 (global unicast). IPv6 forms that embed an
 * IPv4 address (IPv4-compatible ::a.b.c.d, IPv4-mapped, SIIT, NAT64 64:ff9b::/96 and /48, 6to4
 * 2002::/16, Teredo) are refused outright and, when the embedded address is itself non-public,
 * reported by its range (`ipv4Compatible:loopback`, `6to4:private`…).
 */
export function blockedRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') {
    const range = parsed.range();
    return range === 'unicast' ? null : range;
  }
  const v6 = parsed as ipaddr.IPv6;
  const range = v6.range();
  if (range === 'loopback' || range === 'unspecified') return range;
  for (const [prefix, bits, name] of EMBEDDING_V4) {
    if (v6.match(ipaddr.IPv6.parse(prefix), bits)) {
      const inner = lastV4(v6).range();
      return inner === 'unicast' ? name : `${name}:${inner}`;
    }
  }
  if (v6.range() === '6to4') {
    const bytes = v6.toByteArray();
    const inner = new ipaddr.IPv4(bytes.slice(2, 6)).range();
    return inner === 'unicast' ? '6to4' : `6to4:${inner}`;
  }
  if (range !== 'unicast') return range;
  // ipaddr.js calls every unlisted IPv6 address unicast; only 2000::/3 is globally routable.
  return v6.match(ipaddr.IPv6.parse('2000::'), 3) ? null : 'reserved';
}

/** The URL's host without IPv6 brackets. */
function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

export class UnsafeWebhookUrl extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Checks a webhook URL at registration: http(s) only, no credentials or fragment, at most
 * MAX_WEBHOOK_URL_LENGTH characters, and a host whose every address is public (unless private
 * networks are allowed). Returns the normalised URL; throws UnsafeWebhookUrl with a message for
 * the caller otherwise.
 */
export async function checkWebhookUrl(raw: string, options: { allowPrivateNetworks: boolean; resolve?: ResolveAll }): Promise<string> {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) throw new UnsafeWebhookUrl(`must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeWebhookUrl('must be an absolute http:// or https:// URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UnsafeWebhookUrl('must be an http:// or https:// URL (https recommended)');
  if (url.username || url.password) throw new UnsafeWebhookUrl('must not carry credentials (user:password@)');
  if (url.hash) throw new UnsafeWebhookUrl('must not carry a #fragment');
  const host = hostOf(url);
  if (!host) throw new UnsafeWebhookUrl('must name a host');
  if (url.href.length > MAX_WEBHOOK_URL_LENGTH) throw new UnsafeWebhookUrl(`must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`);

  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      const found = await withTimeout((options.resolve ?? resolveAll)(host), REGISTRATION_LOOKUP_TIMEOUT_MS, 'lookup timed out');
      addresses = found.map((a) => a.address);
    } catch {
      throw new UnsafeWebhookUrl(`the host ${host} does not resolve`);
    }
    if (addresses.length === 0) throw new UnsafeWebhookUrl(`the host ${host} does not resolve`);
  }
  if (!options.allowPrivateNetworks) {
    for (const address of addresses) {
      const range = blockedRange(address);
      if (range) throw new UnsafeWebhookUrl(`resolves to a non-public address (${range}); webhooks go to public addresses only`);
    }
  }
  return url.href;
}

/** The `lookup` callback signature of node:net / node:http. */
export type NetLookup = (
  hostname: string,
  options: LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

/**
 * A `lookup` for node:http that resolves like `dns.lookup` and fails the connection when any
 * address is not public (unless allowed), so the address connected to is the one checked.
 */
export function guardedLookup(options: { allowPrivateNetworks: boolean; resolve?: ResolveAll }): NetLookup {
  const resolve = options.resolve ?? resolveAll;
  return (hostname, lookupOptions, callback) => {
    resolve(hostname)
      .then((all) => {
        const family =
          lookupOptions.family === 4 || lookupOptions.family === 6
            ? lookupOptions.family
            : lookupOptions.family === 'IPv4'
              ? 4
              : lookupOptions.family === 'IPv6'
                ? 6
                : 0;
        const addresses = family ? all.filter((a) => a.family === family) : all;
        if (addresses.length === 0) {
          callback(Object.assign(new Error(`${hostname} does not resolve`), { code: 'ENOTFOUND' }), '', undefined);
          return;
        }
        if (!options.allowPrivateNetworks) {
          const bad = addresses.find((a) => blockedRange(a.address) !== null);
          if (bad) {
            callback(
              Object.assign(new UnsafeWebhookUrl(`refused: ${hostname} resolves to a non-public address (${blockedRange(bad.address)})`), {
                code: 'EUNSAFEADDRESS',
              }),
              '',
              undefined,
            );
            return;
          }
        }
        if (lookupOptions.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, '', undefined));
  };
}

/** Send-time check of a URL whose host is an IP literal (node:net does not call `lookup` for those). */
export function literalAddressRefused(url: URL, allowPrivateNetworks: boolean): string | null {
  const host = hostOf(url);
  if (allowPrivateNetworks || !isIP(host)) return null;
  const range = blockedRange(host);
  return range ? `refused: ${host} is a non-public address (${range})` : null;
}
