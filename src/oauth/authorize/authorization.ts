/**
 * The start of an authorization request (`GET /{issuer}/authorize`, or a POST carrying the same
 * parameters, OIDC Core §3.1.2.1): validate it (./request.ts), then either answer at once from the
 * browser's SSO session — a code, or `login_required` for `prompt=none` — or show the sign-in form.
 *
 * An SSO session is reused unless `prompt=login` asks for a fresh sign-in, `max_age` says its
 * authentication is too old, or it lacks a second factor the user now owes (a user with TOTP
 * enrolled always passes it; see ./sign-in.ts). Authorization responses carry `iss` (RFC 9207).
 * @module
 */
import type { Client, Session } from '../../generated/prisma/client.js';
import type { EndpointContext, EndpointResult } from '../context.js';
import { checkAuthorizationRequest, type AuthorizationRequest, type CheckedRequest } from './request.js';
import { htmlResponse, readCookie, SESSION_COOKIE } from './responses.js';
import { csrfToken, sealState } from './state.js';
import { messagePage, signInPage } from './pages.js';
import { finishAuthorization } from './consent.js';
import { errorRedirect, SIGN_IN_FORM_TTL_SECONDS, type SignInState } from './outcomes.js';

/** The 400 page for a request whose client or redirect_uri cannot be trusted (never a redirect). */
export function invalidRequestPage(message: string): EndpointResult {
  return htmlResponse(400, messagePage('This sign-in link is not valid', message, { alert: true }));
}

export interface SignInFormOptions {
  status?: number;
  username?: string | null;
  error?: string | null;
  headers?: Record<string, string>;
}

/** The sign-in form for `request`, with a fresh sealed state bound to the browser's CSRF token. */
export function signInForm(
  ctx: EndpointContext,
  client: Client,
  request: AuthorizationRequest,
  options: SignInFormOptions = {},
): EndpointResult {
  const csrf = csrfToken(ctx);
  const state: SignInState = { step: 'password', request };
  const stateToken = sealState(ctx, 'authorize', state, csrf.token, SIGN_IN_FORM_TTL_SECONDS);
  const html = signInPage({ clientName: client.name, stateToken, username: options.username ?? null, error: options.error ?? null });
  return htmlResponse(options.status ?? 200, html, {
    formTargets: [request.redirectUri],
    cookies: [csrf.cookie],
    ...(options.headers ? { headers: options.headers } : {}),
  });
}

/**
 * Whether a session's sign-in satisfies the second-factor rule: a user enrolled in TOTP must have
 * passed it, and one the policy requires to have MFA must have it at all.
 */
export async function satisfiesMfa(
  ctx: EndpointContext,
  userId: string,
  amr: readonly string[],
  organizationId: string | null,
): Promise<boolean> {
  // the issuer's policy, made stricter by the organization's when the session acts in one
  const mfa = await ctx.shared.services.credentials.mfaRequired(userId, organizationId);
  if (mfa.enrolled) return amr.includes('otp');
  return !mfa.required;
}

/** The browser's SSO session, when it can answer this request without a form. */
async function reusableSession(ctx: EndpointContext, checked: Extract<CheckedRequest, { ok: true }>): Promise<Session | null> {
  const live = await ctx.shared.services.sessions.fromCookie(ctx.issuer, readCookie(ctx.req, SESSION_COOKIE));
  if (!live || checked.prompt.has('login')) return null;
  if (checked.maxAge !== null && live.session.authTime.getTime() + checked.maxAge * 1000 <= ctx.now.getTime()) return null;
  if (!(await satisfiesMfa(ctx, live.user.id, live.session.amr, live.session.organizationId))) return null;
  return live.session;
}

/** Answers a new authorization request: page, error redirect, code redirect or sign-in form. */
export async function startAuthorization(ctx: EndpointContext): Promise<EndpointResult> {
  const checked = await checkAuthorizationRequest(ctx);
  if (!checked.ok) {
    return checked.redirect
      ? errorRedirect(ctx, checked.redirectUri, checked.state, checked.error, checked.description)
      : invalidRequestPage(checked.message);
  }
  const session = await reusableSession(ctx, checked);
  if (session) return finishAuthorization(ctx, checked.client, session, checked.request, { prompt: checked.prompt });
  if (checked.prompt.has('none'))
    return errorRedirect(ctx, checked.request.redirectUri, checked.request.state, 'login_required', 'the person must sign in');
  return signInForm(ctx, checked.client, checked.request, { username: checked.loginHint });
}
