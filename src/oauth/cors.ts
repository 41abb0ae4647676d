/**
 * CORS for the REST sidecar (Fetch Standard §3.2, "CORS protocol"), so a single-page app on
 * another origin can use the issuer:
 *
 * - `public` endpoints (discovery, JWKS) answer every origin with `Access-Control-Allow-Origin: *`:
 *   they are public documents, fetched without credentials.
 * - `client` endpoints (token, revocation, introspection, userinfo) answer an origin only when the
 *   client the request is for registered it (`Client.allowedOrigins`; by default the origins of a
 *   SPA's or public client's redirect URIs). The client is the one the request names (HTTP Basic,
 *   `client_id`, a client assertion's `sub`; at userinfo the access token's `client_id`), read
 *   without verifying it: CORS only decides whether the browser may read the answer, and a request
 *   whose client does not authenticate gets an error either way. Preflights carry no credentials,
 *   so they are answered for an origin that any client of the issuer registered; the actual
 *   response then checks the named client.
 * - `none` (authorize, end_session) never answers CORS: they are navigations, and a preflight is
 *   refused like any other method they do not serve.
 *
 * Responses that depend on the Origin say so with `Vary: Origin`. Nothing is sent with
 * credentials (`Access-Control-Allow-Credentials` is never set): cookies play no part at these
 * endpoints.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import { decodeJwt } from 'jose';
import { readPresented } from './client-auth.js';

export type CorsPolicy = 'public' | 'client' | 'none';

/** Request headers a cross-origin caller may send (DPoP for sender-constrained tokens). */
const ALLOWED_HEADERS = 'authorization, content-type, dpop';
/** Response headers a cross-origin caller may read besides the CORS-safelisted ones. */
const EXPOSED_HEADERS = 'www-authenticate, dpop-nonce, retry-after, x-request-id';
/** How long a browser may cache a preflight answer, in seconds. */
export const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * The serialized origin of an absolute http(s) URL (`https://host[:port]`, RFC 6454 §6.1), or
 * null for anything else (private-use schemes of native apps have no web origin).
 */
export function originOf(uri: string): string | null {
  try {
    const url = new URL(uri);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** The `Origin` request header, when it is a single serialized origin (not `null`, not a list). */
export function requestOrigin(req: IncomingMessage): string | null {
  const value = req.headers.origin;
  if (typeof value !== 'string' || value === 'null') return null;
  return originOf(value) === value ? value : null;
}

/** Headers of an actual (non-preflight) response that the origin may read. */
export function corsHeaders(policy: CorsPolicy, origin: string | null, allowed: boolean): Record<string, string> {
  if (policy === 'public') return { 'access-control-allow-origin': '*', 'access-control-expose-headers': EXPOSED_HEADERS };
  if (policy === 'none') return {};
  const vary = { vary: 'Origin' };
  if (!origin || !allowed) return vary;
  return { ...vary, 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED_HEADERS };
}

/** Headers of a 204 preflight answer for `methods` (empty when the origin is not allowed). */
export function preflightHeaders(
  policy: CorsPolicy,
  origin: string | null,
  allowed: boolean,
  methods: readonly string[],
): Record<string, string> {
  const base: Record<string, string> = { allow: [...methods, 'OPTIONS'].join(', ') };
  if (policy === 'none' || !origin) return base;
  if (policy === 'client' && !allowed) return { ...base, vary: 'Origin' };
  return {
    ...base,
    ...(policy === 'client' ? { vary: 'Origin' } : {}),
    'access-control-allow-origin': policy === 'public' ? '*' : origin,
    'access-control-allow-methods': methods.join(', '),
    'access-control-allow-headers': ALLOWED_HEADERS,
    'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
  };
}

/**
 * The client a request to a `client` endpoint is for, unverified (see the module comment), or
 * null when it names none. `bearer`: the endpoint is userinfo (the token's `client_id`).
 */
export function namedClientId(req: IncomingMessage, params: Map<string, string>, bearer: boolean): string | null {
  try {
    if (bearer) {
      const header = req.headers.authorization;
      const token = /^Bearer +(\S+)/i.exec(header ?? '')?.[1] ?? params.get('access_token');
      if (!token) return null;
      const claims = decodeJwt(token);
      return typeof claims.client_id === 'string' ? claims.client_id : null;
    }
    return readPresented(req.headers.authorization, params).clientId;
  } catch {
    return null;
  }
}
