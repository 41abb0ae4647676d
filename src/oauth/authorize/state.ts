/**
 * State carried between the steps of the hosted pages, without server-side storage: a JSON value
 * sealed under the master key (AES-GCM, so it can be neither read nor altered) in a hidden form
 * field, with an expiry and a CSRF token.
 *
 * CSRF is a double submit: the browser holds `ag_csrf` (random, HttpOnly, SameSite=Lax) and the
 * sealed state must carry the same value, compared in constant time. A page reuses the browser's
 * token when it has one, so two tabs with a sign-in form open both stay valid. The sealing context
 * names the purpose and the issuer: a state of one issuer or flow opens nowhere else.
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import { randomSecret } from '../../lib/crypto.js';
import type { EndpointContext } from '../context.js';
import { CSRF_COOKIE, readCookie, setCookie } from './responses.js';

export type StatePurpose = 'authorize' | 'end_session' | 'invitation';

/** What every sealed state has besides its payload. */
interface Envelope {
  v: 1;
  /** expiry, ms since the epoch */
  exp: number;
  csrf: string;
}

const CSRF_TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** A sealed state longer than this is not ours (the form body is capped anyway). */
const MAX_SEALED = 16_384;

const sealContext = (ctx: EndpointContext, purpose: StatePurpose) => `${purpose}:${ctx.issuer.id}`;

/**
 * The browser's CSRF token: the one it holds, or a new one. Returns the `Set-Cookie` value that
 * (re)sets it, to send with the page whose form carries it.
 */
export function csrfToken(ctx: EndpointContext): { token: string; cookie: string } {
  const held = readCookie(ctx.req, CSRF_COOKIE);
  const token = held !== undefined && CSRF_TOKEN.test(held) ? held : randomSecret();
  return { token, cookie: setCookie(ctx, CSRF_COOKIE, token) };
}

/** Seals `payload` for `purpose`, valid `ttlSeconds` from the request's now, bound to `csrf`. */
export function sealState<T extends object>(
  ctx: EndpointContext,
  purpose: StatePurpose,
  payload: T,
  csrf: string,
  ttlSeconds: number,
): string {
  const envelope: Envelope & { p: T } = { v: 1, exp: ctx.now.getTime() + ttlSeconds * 1000, csrf, p: payload };
  return ctx.shared.sealer.seal(JSON.stringify(envelope), sealContext(ctx, purpose));
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The payload of the sealed state in form field `ag_state`, with the CSRF token it is bound to;
 * null when it is missing, unreadable, altered, of another issuer or purpose, expired, or when the
 * browser's `ag_csrf` cookie is missing or differs.
 */
export function openState<T>(ctx: EndpointContext, purpose: StatePurpose): { payload: T; csrf: string; expiresAt: number } | null {
  const sealed = ctx.params.get('ag_state');
  const cookie = readCookie(ctx.req, CSRF_COOKIE);
  if (!sealed || sealed.length > MAX_SEALED || !cookie || !CSRF_TOKEN.test(cookie)) return null;
  let envelope: Partial<Envelope> & { p?: T };
  try {
    envelope = JSON.parse(ctx.shared.sealer.open(sealed, sealContext(ctx, purpose))) as Partial<Envelope> & { p?: T };
  } catch {
    return null;
  }
  if (envelope.v !== 1 || typeof envelope.exp !== 'number' || typeof envelope.csrf !== 'string' || envelope.p === undefined) return null;
  if (envelope.exp <= ctx.now.getTime()) return null;
  if (!sameToken(envelope.csrf, cookie)) return null;
  return { payload: envelope.p, csrf: envelope.csrf, expiresAt: envelope.exp };
}
