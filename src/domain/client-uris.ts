/**
 * The one strict parser for every URI a client registers (redirect URIs, post-logout redirect
 * URIs, allowed CORS origins), and the one matcher the authorization and logout endpoints compare
 * requests with.
 *
 * A registered redirect URI (RFC 6749 §3.1.2, RFC 8252 §7, RFC 9700 §2.1 and §4.1) is refused
 * when it:
 * - is not an absolute URI made only of RFC 3986 characters (no spaces, controls, backslashes,
 *   non-ASCII, broken percent-escapes), or is longer than 2000 characters;
 * - has a fragment, even an empty one (`https://rp.example.com/cb#`): §3.1.2 "MUST NOT include a
 *   fragment component", and the code would land after the `#`;
 * - has userinfo (`https://user@host/`) or a wildcard (`*`) anywhere;
 * - is `http` on anything but a loopback host (`127.0.0.1`, `[::1]`, `localhost`), or any other
 *   web-ish scheme; `https` needs a host;
 * - uses a private-use scheme (RFC 8252 §7.1: reverse domain name, so it has a dot, e.g.
 *   `com.example.app:/callback`) for a client that is not a native app, or a scheme that is not
 *   one (`javascript:`, `data:`, `file:` … have no dot and are always refused).
 *
 * Matching is exact string comparison (RFC 9700 §4.1.3), except that for `http` redirect URIs on
 * a loopback IP literal the port is ignored (RFC 8252 §7.3: native apps listen on a port chosen
 * at run time). `localhost` gets no such exception (RFC 8252 §8.3 recommends the IP literals).
 * @module
 */

export type ApplicationType = 'web' | 'native' | 'spa';

/** Longest URI accepted at registration. */
export const MAX_URI_LENGTH = 2000;

/** RFC 3986 characters (unreserved, reserved, percent) minus `#` (fragments are refused) and `*`. */
const URI_CHARS = /^[A-Za-z0-9\-._~:/?[\]@!$&'()+,;=%]+$/;
const BROKEN_ESCAPE = /%(?![0-9A-Fa-f]{2})/;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '[::1]', 'localhost']);
/** `http://127.0.0.1[:port]` or `http://[::1][:port]` at the start of a URI (port 1–65535, no leading zero). */
const LOOPBACK_IP_PREFIX =
  /^http:\/\/(127\.0\.0\.1|\[::1\])(?::([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?(?=[/?]|$)/;

/**
 * Why `value` cannot be registered as a redirect URI of a client of `applicationType`, or null
 * when it can (the rules of the module comment).
 */
export function redirectUriProblem(value: string, applicationType: ApplicationType): string | null {
  if (value.length === 0 || value.length > MAX_URI_LENGTH) return `must be 1 to ${MAX_URI_LENGTH} characters`;
  if (value.includes('#')) return 'must not have a fragment (#), not even an empty one (RFC 6749 §3.1.2)';
  if (value.includes('*')) return 'must not contain a wildcard (*): every redirect URI is matched exactly';
  if (!URI_CHARS.test(value) || BROKEN_ESCAPE.test(value))
    return 'must be an absolute URI of RFC 3986 characters (no spaces, backslashes or non-ASCII; percent-encode them)';
  const scheme = SCHEME.exec(value)?.[1]?.toLowerCase();
  if (!scheme) return 'must be an absolute URI with a scheme';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URI';
  }
  if (url.username || url.password || /^[a-z][a-z0-9+.-]*:\/\/[^/?]*@/i.test(value)) return 'must not carry user information (user@host)';
  if ((scheme === 'https' || scheme === 'http') && !/^https?:\/\/[^/?#]/i.test(value)) return 'must name a host (scheme://host/…)';
  if (scheme === 'https') return url.hostname ? null : 'must name a host';
  if (scheme === 'http') {
    return LOOPBACK_HOSTS.has(url.hostname)
      ? null
      : 'must use https (plain http only for loopback: 127.0.0.1, [::1] or localhost, RFC 8252 §7.3)';
  }
  if (!scheme.includes('.'))
    return `the scheme ${scheme}: is not allowed (https, http on loopback, or a native app's private-use scheme such as com.example.app:)`;
  if (applicationType !== 'native') return 'a private-use scheme (RFC 8252 §7.1) is only for native applications (applicationType NATIVE)';
  return null;
}

/**
 * Why `value` cannot be an allowed CORS origin, or null when it can: a serialized web origin
 * (`https://host[:port]`, lowercase, no path, no trailing slash; `http` only on loopback).
 */
export function originProblem(value: string): string | null {
  if (value.includes('*')) return 'must not contain a wildcard (*): list each origin';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an origin such as https://app.example.com';
  }
  if (url.origin !== value)
    return `must be a bare origin with no path, query or trailing slash (${url.origin === 'null' ? 'https://host[:port]' : url.origin})`;
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return 'must use https (plain http only for loopback origins)';
}

/** The origins of the http(s) URIs in `uris`, deduplicated, in order (private-use schemes have none). */
export function originsOf(uris: readonly string[]): string[] {
  const origins = new Set<string>();
  for (const uri of uris) {
    try {
      const url = new URL(uri);
      if (url.protocol === 'https:' || url.protocol === 'http:') origins.add(url.origin);
    } catch {
      // not a URL: no origin
    }
  }
  return [...origins];
}

/** `uri` without the port of an http loopback IP literal (the only part RFC 8252 §7.3 lets vary). */
function withoutLoopbackPort(uri: string): string {
  return uri.replace(LOOPBACK_IP_PREFIX, 'http://$1');
}

/**
 * Whether `requested` matches one of `registered`: exactly, or, for an http loopback IP literal
 * registered with or without a port, equal but for the port (RFC 8252 §7.3).
 */
export function matchesRegisteredUri(registered: readonly string[], requested: string): boolean {
  if (registered.includes(requested)) return true;
  if (!LOOPBACK_IP_PREFIX.test(requested)) return false;
  const bare = withoutLoopbackPort(requested);
  return registered.some((uri) => LOOPBACK_IP_PREFIX.test(uri) && withoutLoopbackPort(uri) === bare);
}
