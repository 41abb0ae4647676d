/**
 * The steps of the sign-in form (`POST /{issuer}/authorize` with the sealed state `ag_state`):
 *
 * 1. Password. A wrong password and an unknown user get the same page, status and message (the
 *    credential service makes them cost the same). Guessing is throttled by the sign-in throttle
 *    (domain/passwords.ts): per username for browsers without that username's device cookie
 *    (`ag_device`, set on a right password), per address for all; past it a 429 page. A stranger's
 *    failures never lock out a browser that signed in before.
 * 2. Second factor, for every user with TOTP enrolled: a 6-digit code (each time step accepted
 *    once) or a backup code (each accepted once). A user the MFA policy requires to have a second
 *    factor but who has none enrolled cannot sign in: enrolment is an administrator's job.
 * 3. The SSO session: the browser's live session of the same user is renewed (auth_time, amr),
 *    otherwise a new one starts and `ag_session` is set; then a code and a 303 to the client.
 *
 * A state that is missing, altered, expired or not bound to the browser's CSRF cookie stops the
 * POST before anything else happens (400, "this sign-in form expired").
 * @module
 */
import type { Client, Session } from '../../generated/prisma/client.js';
import type { EndpointContext, EndpointResult } from '../context.js';
import { acceptsRedirect, type AuthorizationRequest } from './request.js';
import { htmlResponse, readCookie, setCookie, SESSION_COOKIE } from './responses.js';
import { openState, sealState } from './state.js';
import { messagePage, secondFactorPage } from './pages.js';
import { signInForm } from './authorization.js';
import type { SignInState } from './outcomes.js';
import { consentStep, finishAuthorization } from './consent.js';
import { signInCounterKey, type SignInAttempt } from '../../domain/passwords.js';
import { randomUUID } from 'node:crypto';

/** How long the second step stays usable after the password was verified. */
export const SECOND_FACTOR_TTL_SECONDS = 300;
const MAX_USERNAME_ECHO = 320;
const MAX_CODE_LENGTH = 64;

export const MESSAGES = {
  expired: 'This sign-in form expired, start again from the application you were signing in to.',
  missing: 'Enter your username and password.',
  incorrect: 'Incorrect username or password.',
  locked: 'Too many attempts. Wait a while, then try again.',
  codeMissing: 'Enter the code from your authenticator app, or a backup code.',
  codeInvalid: 'That code is not valid. Each code works only once: wait for the next one and try again.',
  enrolmentRequired:
    'Your account must use two-step verification, and it has none set up yet. Ask an administrator of this service to set it up for you, then sign in again.',
} as const;

/** The device cookie (OWASP device cookies): which username this browser signed in as before. */
export const DEVICE_COOKIE = 'ag_device';
const DEVICE_COOKIE_MAX_AGE_SECONDS = 180 * 86_400;
const deviceContext = (ctx: EndpointContext) => `device-cookie:${ctx.issuer.id}`;

/** The device id in the browser's device cookie when it was issued for this username, else null. */
export function knownDevice(ctx: EndpointContext, username: string): string | null {
  const value = readCookie(ctx.req, DEVICE_COOKIE);
  if (!value || value.length > 1024) return null;
  try {
    const { k, d } = JSON.parse(ctx.shared.sealer.open(value, deviceContext(ctx))) as { k?: unknown; d?: unknown };
    return k === signInCounterKey(ctx.issuer.id, username) && typeof d === 'string' ? d : null;
  } catch {
    return null;
  }
}

/** A new device cookie naming this username (sealed under the master key, bound to the issuer). */
export function deviceCookie(ctx: EndpointContext, username: string): string {
  const sealed = ctx.shared.sealer.seal(
    JSON.stringify({ k: signInCounterKey(ctx.issuer.id, username), d: randomUUID() }),
    deviceContext(ctx),
  );
  return setCookie(ctx, DEVICE_COOKIE, sealed, DEVICE_COOKIE_MAX_AGE_SECONDS);
}

/** The page for a POST whose sealed state cannot be used. */
export function expiredFormPage(): EndpointResult {
  return htmlResponse(400, messagePage('This sign-in form expired', MESSAGES.expired, { alert: true }));
}

/** 429 with the time until the lock ends. */
function lockedHeaders(lockedUntil: Date, now: Date): Record<string, string> {
  return { 'retry-after': String(Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000))) };
}

/** Renews the browser's session of `userId`, or starts one; then answers with a code. */
async function complete(
  ctx: EndpointContext,
  client: Client,
  request: AuthorizationRequest,
  userId: string,
  amr: string[],
): Promise<EndpointResult> {
  const sessions = ctx.shared.services.sessions;
  const live = await sessions.fromCookie(ctx.issuer, readCookie(ctx.req, SESSION_COOKIE));
  let session: Session;
  const cookies: string[] = [];
  if (live && live.user.id === userId) {
    session = await sessions.reauthenticated(live.session.id, amr);
  } else {
    const started = await sessions.signIn({
      issuer: ctx.issuer,
      userId,
      clientId: client.id,
      amr,
      device: { userAgent: ctx.req.headers['user-agent'] ?? null, ip: ctx.shared.clientIp(ctx.req) },
    });
    session = started.session;
    cookies.push(setCookie(ctx, SESSION_COOKIE, started.cookie, ctx.issuer.sessionAbsoluteLifetimeSeconds));
  }
  return finishAuthorization(ctx, client, session, request, { cookies });
}

/** The second-step form; `stateToken` is the sealed `mfa` state. */
function secondFactorForm(
  client: Client,
  request: AuthorizationRequest,
  stateToken: string,
  status: number,
  error: string | null,
  headers?: Record<string, string>,
): EndpointResult {
  return htmlResponse(status, secondFactorPage({ clientName: client.name, stateToken, error }), {
    formTargets: [request.redirectUri],
    ...(headers ? { headers } : {}),
  });
}

/** Step 1: username and password. */
async function passwordStep(ctx: EndpointContext, client: Client, request: AuthorizationRequest, csrf: string): Promise<EndpointResult> {
  const username = ctx.params.get('username') ?? '';
  const password = ctx.params.get('password') ?? '';
  const echo = username.length <= MAX_USERNAME_ECHO ? username : null;
  if (username.trim() === '' || password === '')
    return signInForm(ctx, client, request, { status: 400, username: echo, error: MESSAGES.missing });

  // Guessing is throttled per username (unknown browsers) and per address; a browser holding this
  // username's device cookie is exempt from the per-username count (a stranger cannot lock it out).
  const attempt: SignInAttempt = {
    issuerId: ctx.issuer.id,
    username,
    address: ctx.shared.clientIp(ctx.req),
    deviceId: knownDevice(ctx, username),
  };
  const verdict = await ctx.shared.signInThrottle.check(attempt);
  if (!verdict.allowed) {
    return signInForm(ctx, client, request, {
      status: 429,
      username: echo,
      error: MESSAGES.locked,
      headers: { 'retry-after': String(verdict.retryAfterSeconds) },
    });
  }
  const credentials = ctx.shared.services.credentials;
  const check = await credentials.verifyPassword(ctx.issuer.id, username, password, { lockout: false });
  if (!check.ok) {
    await ctx.shared.signInThrottle.failed(attempt);
    return signInForm(ctx, client, request, { status: 400, username: echo, error: MESSAGES.incorrect });
  }
  await ctx.shared.signInThrottle.succeeded(attempt);
  const device = deviceCookie(ctx, username);
  const result = await afterPassword(ctx, client, request, csrf, check.user.id);
  return { ...result, cookies: [...(result.cookies ?? []), device] };
}

/** After a right password: the second step, or the code. */
async function afterPassword(
  ctx: EndpointContext,
  client: Client,
  request: AuthorizationRequest,
  csrf: string,
  userId: string,
): Promise<EndpointResult> {
  const credentials = ctx.shared.services.credentials;
  // the policy of the organization the session will act in counts too (the stricter wins)
  const mfa = await credentials.mfaRequired(userId, await ctx.shared.services.sessions.initialOrganization(userId));
  if (mfa.enrolled) {
    const state: SignInState = { step: 'mfa', request, userId };
    return secondFactorForm(client, request, sealState(ctx, 'authorize', state, csrf, SECOND_FACTOR_TTL_SECONDS), 200, null);
  }
  if (mfa.required) return htmlResponse(403, messagePage('Two-step verification required', MESSAGES.enrolmentRequired, { alert: true }));
  return complete(ctx, client, request, userId, ['pwd']);
}

/** Step 2: a TOTP code or a backup code, for the user whose password step passed. */
async function secondFactorStep(
  ctx: EndpointContext,
  client: Client,
  request: AuthorizationRequest,
  userId: string,
): Promise<EndpointResult> {
  const stateToken = ctx.params.get('ag_state')!;
  const backupCode = ctx.params.get('backup_code');
  const code = ctx.params.get('code');
  if (backupCode === undefined && code === undefined) return secondFactorForm(client, request, stateToken, 400, MESSAGES.codeMissing);

  const credentials = ctx.shared.services.credentials;
  const check =
    backupCode !== undefined
      ? await credentials.useBackupCode(userId, backupCode.slice(0, MAX_CODE_LENGTH))
      : await credentials.checkTotp(userId, code!.slice(0, MAX_CODE_LENGTH));
  if (!check.ok) {
    return check.reason === 'locked'
      ? secondFactorForm(client, request, stateToken, 429, MESSAGES.locked, lockedHeaders(check.lockedUntil, ctx.now))
      : secondFactorForm(client, request, stateToken, 400, MESSAGES.codeInvalid);
  }
  return complete(ctx, client, request, userId, ['pwd', 'otp']);
}

/** Answers a POST of the sign-in form (see the module comment). */
export async function continueSignIn(ctx: EndpointContext): Promise<EndpointResult> {
  const opened = openState<SignInState>(ctx, 'authorize');
  if (!opened) return expiredFormPage();
  const { step, request, userId } = opened.payload;
  // the client may have changed since the form was shown (redirect URI removed, grant withdrawn)
  const client = await ctx.shared.services.principals.client(ctx.issuer.id, request.clientId);
  if (!acceptsRedirect(client, request.redirectUri)) return expiredFormPage();
  if (step === 'mfa' && typeof userId === 'string') return secondFactorStep(ctx, client, request, userId);
  if (step === 'consent' && typeof userId === 'string' && typeof opened.payload.sessionId === 'string')
    return consentStep(ctx, client, request, userId, opened.payload.sessionId, expiredFormPage);
  if (step === 'password') return passwordStep(ctx, client, request, opened.csrf);
  return expiredFormPage();
}
