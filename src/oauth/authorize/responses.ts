/**
 * What the hosted pages answer with: HTML under strict security headers, redirects, and the two
 * cookies they set.
 *
 * - Pages are never cached, never framed (X-Frame-Options and CSP `frame-ancestors`), send no
 *   referrer, load nothing (`default-src 'none'`) but their one inline style sheet (allowed by
 *   hash), and may only submit forms to this origin and to the origin the flow ends at:
 *   Chromium applies `form-action` to the redirects that follow a form submission too, so the
 *   relying party's origin must be listed or the final 303 to it would be blocked.
 * - Cookies are scoped to the issuer's path (`Path=/{issuer_id}`; a `__Host-` name would need
 *   `Path=/`), HttpOnly, SameSite=Lax (the relying party's top-level GET navigation carries them,
 *   cross-site POSTs do not) and Secure whenever the issuer URL is https.
 *   `ag_session` is the SSO session (see src/domain/sessions.ts); `ag_csrf` is the double-submit
 *   token whose value the sealed form state must carry (./state.ts).
 * @module
 */
import type { IncomingMessage } from 'node:http';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { EndpointContext, EndpointResult } from '../context.js';
import { STYLE_HASH } from './pages.js';

export const SESSION_COOKIE = 'ag_session';
export const CSRF_COOKIE = 'ag_csrf';

/**
 * Our cookie values are URL-safe tokens (sealed boxes, random ids) written and read as they are:
 * no percent-encoding either way. RFC 6265 §4.1.1 lets a value come in double quotes; those are
 * taken off.
 */
const raw = (value: string) => (value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value);

/** The value of cookie `name` in the request (the first one sent: the most specific path), parsed by `cookie`. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  return parseCookie(header, { decode: raw })[name];
}

/** The attributes every cookie of the hosted pages carries (see the module comment). */
function cookieAttributes(ctx: Pick<EndpointContext, 'issuerUrl'>) {
  const url = new URL(ctx.issuerUrl);
  return { path: url.pathname, httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', encode: String } as const;
}

/**
 * A `Set-Cookie` value (RFC 6265 §4.1, serialised by `cookie`); without `maxAgeSeconds` the cookie
 * ends with the browser session. Throws on a value that is not a cookie-value.
 */
export function setCookie(ctx: Pick<EndpointContext, 'issuerUrl'>, name: string, value: string, maxAgeSeconds?: number): string {
  const maxAge = maxAgeSeconds === undefined ? {} : { maxAge: Math.max(0, Math.floor(maxAgeSeconds)) };
  return stringifySetCookie(name, value, { ...maxAge, ...cookieAttributes(ctx) });
}

/** A `Set-Cookie` value that removes the cookie. */
export function clearCookie(ctx: Pick<EndpointContext, 'issuerUrl'>, name: string): string {
  return stringifySetCookie(name, '', { maxAge: 0, ...cookieAttributes(ctx) });
}

/** Never cached, and the URL (which may carry a code) never leaks as a referrer. */
const PRIVATE = { 'cache-control': 'no-store', pragma: 'no-cache', 'referrer-policy': 'no-referrer' } as const;

/**
 * A CSP source for the origin of `uri`: `https://host[:port]` for web URLs, `scheme:` for the
 * private-use schemes of native apps; null when CSP cannot express it (an IPv6 literal).
 */
export function cspSource(uri: string): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  const source = url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : url.protocol;
  return /^[a-z][a-z0-9+.-]*:(\/\/[a-z0-9.-]+(:[0-9]{1,5})?)?$/i.test(source) ? source : null;
}

/**
 * The Content-Security-Policy of a page whose forms may end at `targets` (absolute URLs). When a
 * target's origin cannot be written as a CSP source, `form-action` is left out rather than
 * breaking the flow (the other directives still hold).
 */
export function contentSecurityPolicy(targets: readonly string[]): string {
  const sources = targets.map(cspSource);
  const formAction = sources.every((s) => s !== null) ? `; form-action 'self'${[...new Set(sources)].map((s) => ` ${s}`).join('')}` : '';
  return `default-src 'none'; style-src '${STYLE_HASH}'; base-uri 'none'${formAction}; frame-ancestors 'none'`;
}

export interface HtmlOptions {
  /** where the page's forms may end up after redirects (the relying party's URL) */
  formTargets?: readonly string[];
  cookies?: string[];
  headers?: Record<string, string>;
}

/** An HTML page with the security headers of the module comment. */
export function htmlResponse(status: number, html: string, options: HtmlOptions = {}): EndpointResult {
  return {
    status,
    body: null,
    text: html,
    headers: {
      ...PRIVATE,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': contentSecurityPolicy(options.formTargets ?? []),
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      ...options.headers,
    },
    ...(options.cookies?.length ? { cookies: options.cookies } : {}),
  };
}

/**
 * `uri` with `params` added to its query, keeping the query it already has byte for byte
 * (RFC 6749 §3.1.2: it MUST be retained). Null and undefined values are left out.
 */
export function withParams(uri: string, params: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== null && value !== undefined) query.append(name, value);
  const added = query.toString();
  if (!added) return uri;
  const separator = !uri.includes('?') ? '?' : uri.endsWith('?') || uri.endsWith('&') ? '' : '&';
  return `${uri}${separator}${added}`;
}

/** A redirect: 302 answering a GET, 303 after a POST (so the browser follows with a GET). */
export function redirectResponse(ctx: Pick<EndpointContext, 'req'>, location: string, cookies: string[] = []): EndpointResult {
  return {
    status: ctx.req.method === 'POST' ? 303 : 302,
    body: null,
    headers: { ...PRIVATE, location },
    ...(cookies.length ? { cookies } : {}),
  };
}
