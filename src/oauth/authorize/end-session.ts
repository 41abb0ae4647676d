/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0) at `GET|POST /{issuer}/end_session`.
 *
 * - A parameter sent twice is an error page (RFC 6749 §3.1; it is never guessed at).
 * - `post_logout_redirect_uri`, when given, must match one the client registered (exactly, or
 *   but for an http loopback IP literal's port, src/domain/client-uris.ts); the
 *   client comes from `client_id` or from the audience of `id_token_hint`, so one of them is
 *   needed. Anything else is an error page, never a redirect.
 * - `id_token_hint` must be signed by one of this issuer's verifying keys and name this issuer;
 *   its expiry is not checked (§2: an expired ID token is a fine hint).
 * - The browser's session ends at once when the hint names the signed-in user. Otherwise (no hint,
 *   or a hint for someone else: a cross-site request must not sign people out) the person
 *   confirms on a page whose form is CSRF-protected like the sign-in form (./state.ts).
 * - Signing out revokes the session (and everything issued to it) and clears `ag_session`; the
 *   answer is a 303 to post_logout_redirect_uri (with `state`) or a "You are signed out" page.
 * @module
 */
import { compactVerify, decodeProtectedHeader } from 'jose';
import type { Client } from '../../generated/prisma/client.js';
import type { EndpointContext, EndpointResult } from '../context.js';
import { clearCookie, htmlResponse, readCookie, SESSION_COOKIE, withParams } from './responses.js';
import { csrfToken, openState, sealState } from './state.js';
import { messagePage, signOutConfirmPage } from './pages.js';
import { MAX_STATE_LENGTH } from './request.js';
import { matchesRegisteredUri } from '../../domain/client-uris.js';

const CONFIRM_TTL_SECONDS = 600;
const MAX_HINT_LENGTH = 8192;
const MAX_CLIENT_ID = 100;

/** Where to go once signed out, as validated before the confirmation page. */
interface SignOutTarget {
  postLogoutRedirectUri: string | null;
  state: string | null;
}

/** What a verified id_token_hint says. */
interface IdTokenHint {
  subject: string;
  audiences: string[];
}

type Checked = { ok: true; target: SignOutTarget; hint: IdTokenHint | null } | { ok: false; message: string };

function errorPage(message: string): EndpointResult {
  return htmlResponse(400, messagePage('This sign-out link is not valid', message, { alert: true }));
}

/**
 * Verifies an id_token_hint: a compact JWS signed by a verifying key of this issuer (alg pinned to
 * the key's) whose `iss` is this issuer. Expiry is deliberately not checked. Null when it fails.
 */
export async function verifyIdTokenHint(ctx: EndpointContext, token: string): Promise<IdTokenHint | null> {
  if (token.length > MAX_HINT_LENGTH) return null;
  try {
    const header = decodeProtectedHeader(token);
    // an access token is not an ID token, even though the same key signs it
    if (typeof header.kid !== 'string' || typeof header.alg !== 'string' || header.typ === 'at+jwt') return null;
    const key = await ctx.shared.keys.key(ctx.issuer.id, header.kid);
    if (!key || key.alg !== header.alg) return null;
    const { payload } = await compactVerify(token, key.key, { algorithms: [key.alg] });
    const claims = JSON.parse(new TextDecoder().decode(payload)) as { iss?: unknown; sub?: unknown; aud?: unknown };
    if (claims.iss !== ctx.issuerUrl || typeof claims.sub !== 'string') return null;
    const audiences =
      typeof claims.aud === 'string'
        ? [claims.aud]
        : Array.isArray(claims.aud)
          ? claims.aud.filter((a): a is string => typeof a === 'string')
          : [];
    return audiences.length ? { subject: claims.sub, audiences } : null;
  } catch {
    return null;
  }
}

/** Validates the logout request's parameters (see the module comment). */
async function checkSignOutRequest(ctx: EndpointContext): Promise<Checked> {
  const param = (name: string) => {
    const value = ctx.params.get(name);
    return value === '' ? undefined : value;
  };
  // RFC 6749 §3.1 applies here too; with two values there is no telling which one was meant
  if (ctx.repeated.size > 0) return { ok: false, message: 'The sign-out request repeats a parameter, so it cannot be trusted.' };
  const rawHint = param('id_token_hint');
  const hint = rawHint === undefined ? null : await verifyIdTokenHint(ctx, rawHint);
  if (rawHint !== undefined && !hint) return { ok: false, message: 'The sign-out request carries a token this service did not issue.' };

  const requested = param('client_id');
  if (requested !== undefined && hint && !hint.audiences.includes(requested))
    return { ok: false, message: 'The sign-out request names two different applications.' };
  const clientId = requested ?? (hint?.audiences.length === 1 ? hint.audiences[0] : undefined);
  let client: Client | null = null;
  if (clientId !== undefined) {
    client = clientId.length <= MAX_CLIENT_ID ? await ctx.shared.services.principals.client(ctx.issuer.id, clientId) : null;
    if (!client) return { ok: false, message: 'The application that sent you here is not registered with this sign-in service.' };
  }

  const postLogoutRedirectUri = param('post_logout_redirect_uri') ?? null;
  if (postLogoutRedirectUri !== null) {
    if (!client) return { ok: false, message: 'The sign-out request does not say which application it comes from.' };
    if (!matchesRegisteredUri(client.postLogoutRedirectUris, postLogoutRedirectUri))
      return { ok: false, message: 'The address to return to after signing out is not registered for this application.' };
  }
  const state = param('state') ?? null;
  if (state !== null && state.length > MAX_STATE_LENGTH) return { ok: false, message: 'The sign-out request is malformed.' };
  return { ok: true, target: { postLogoutRedirectUri, state }, hint };
}

/** Ends the browser's session (if it has a live one) and answers with the redirect or the page. */
async function signOut(ctx: EndpointContext, target: SignOutTarget, sessionId: string | null): Promise<EndpointResult> {
  if (sessionId) await ctx.shared.services.sessions.signOut(sessionId);
  const cookies = [clearCookie(ctx, SESSION_COOKIE)];
  if (target.postLogoutRedirectUri) {
    return {
      status: 303,
      body: null,
      headers: {
        'cache-control': 'no-store',
        pragma: 'no-cache',
        'referrer-policy': 'no-referrer',
        location: withParams(target.postLogoutRedirectUri, { state: target.state }),
      },
      cookies,
    };
  }
  return htmlResponse(200, messagePage('You are signed out', 'You are signed out of this sign-in service. You can close this window.'), {
    cookies,
  });
}

/** The first request: sign out at once when the hint names the signed-in user, else ask. */
async function startSignOut(ctx: EndpointContext): Promise<EndpointResult> {
  const checked = await checkSignOutRequest(ctx);
  if (!checked.ok) return errorPage(checked.message);
  const live = await ctx.shared.services.sessions.fromCookie(ctx.issuer, readCookie(ctx.req, SESSION_COOKIE));
  // nothing to end: no confirmation needed
  if (!live) return signOut(ctx, checked.target, null);
  if (checked.hint && checked.hint.subject === live.user.id) return signOut(ctx, checked.target, live.session.id);
  const csrf = csrfToken(ctx);
  const stateToken = sealState(ctx, 'end_session', checked.target, csrf.token, CONFIRM_TTL_SECONDS);
  const targets = checked.target.postLogoutRedirectUri ? [checked.target.postLogoutRedirectUri] : [];
  return htmlResponse(200, signOutConfirmPage(stateToken), { formTargets: targets, cookies: [csrf.cookie] });
}

/** The confirmation POST: the sealed target, bound to the browser's CSRF cookie. */
async function confirmSignOut(ctx: EndpointContext): Promise<EndpointResult> {
  const opened = openState<SignOutTarget>(ctx, 'end_session');
  if (!opened)
    return htmlResponse(
      400,
      messagePage('This sign-out form expired', 'This sign-out form expired, start again from the application you were using.', {
        alert: true,
      }),
    );
  const live = await ctx.shared.services.sessions.fromCookie(ctx.issuer, readCookie(ctx.req, SESSION_COOKIE));
  return signOut(ctx, opened.payload, live?.session.id ?? null);
}

/** `GET|POST /{issuer}/end_session`: a logout request, or (POST with `ag_state`) its confirmation. */
export async function handleEndSession(ctx: EndpointContext): Promise<EndpointResult> {
  return ctx.req.method === 'POST' && ctx.params.has('ag_state') ? confirmSignOut(ctx) : startSignOut(ctx);
}
