/**
 * The hosted invitation page, `GET|POST /{issuer}/invitation`: where the invitee accepts. Accepting
 * is the invitee's act and needs their own authentication; no credential of the inviter can do it
 * (the Core API's `acceptInvitation` takes only the invitee's own sign-in, see
 * src/domain/invitations.ts).
 *
 * - `GET ?token=agi_…` (the link in the invitation email, `acceptUrl` on createInvitation) shows the
 *   organization and the invited address. When the issuer has a user with that address (username,
 *   or verified email) the person signs in with their password, then passes TOTP when enrolled
 *   (a user the MFA policy requires to have it but who has none cannot accept here); otherwise
 *   they sign up by choosing a password (policy of src/domain/passwords.ts), and the user is
 *   created with the invited address as username and email, `emailVerified: false` (the token was
 *   handed to the API caller that invited, not provably to the mailbox).
 * - `POST` (the form, sealed state `ag_state` bound to the `ag_csrf` cookie, as the sign-in page)
 *   accepts: membership with the invitation's scopes and `organization.invitation.accepted`, actor
 *   `{ type: 'user' }`, in one transaction with the sign-up when there is one.
 * - Password checks are the sign-in page's (`credentials.verifyPassword`: decoy argon2 for unknown
 *   users, lockout with 429 and Retry-After). The token itself is never sent again after the GET:
 *   the sealed state carries the invitation id.
 * - A token that is malformed, unknown, or of another issuer gets the same 404 page. Used, revoked
 *   and expired invitations and suspended organizations get a page saying so (the holder of the
 *   token already knows the invitation exists).
 *
 * Accepting does not sign the person in to any application: the success page says to sign in to
 * the application they were invited to.
 * @module
 */
import type { EndpointContext, EndpointResult } from '../context.js';
import { htmlResponse } from '../authorize/responses.js';
import { csrfToken, openState, sealState } from '../authorize/state.js';
import { messagePage } from '../authorize/pages.js';
import { MESSAGES, SECOND_FACTOR_TTL_SECONDS, knownDevice } from '../authorize/sign-in.js';
import type { SignInAttempt } from '../../domain/passwords.js';
import { SIGN_IN_FORM_TTL_SECONDS } from '../authorize/outcomes.js';
import { AppError, ConflictError, LimitReachedError } from '../../domain/errors.js';
import type { InvitationLookup } from '../../domain/invitations.js';
import { invitationSecondFactorPage, invitationSignInPage, invitationSignUpPage, type InvitationPage } from './pages.js';

/** What the sealed state of the invitation form holds. */
interface InvitationState {
  step: 'sign_in' | 'sign_up' | 'mfa';
  invitationId: string;
  /** the user whose password was verified (step `mfa`) */
  userId?: string;
}

type Pending = Extract<InvitationLookup, { status: 'pending' }>;

const MAX_TOKEN_LENGTH = 200;
const MAX_CODE_LENGTH = 64;

const TEXT = {
  missing: 'Enter your password.',
  incorrect: 'Incorrect password.',
  mismatch: 'The two passwords differ.',
  nowExists: 'An account with this address exists now: sign in with its password to accept.',
  expiredForm: 'This invitation form expired. Open the link in your invitation email again.',
} as const;

function page(status: number, title: string, message: string, alert = true, cookies: string[] = []): EndpointResult {
  return htmlResponse(status, messagePage(title, message, { alert }), { cookies });
}

/** The one answer for a malformed, unknown or other issuer's token. */
function notValid(): EndpointResult {
  return page(
    404,
    'This invitation link is not valid',
    'This invitation link is not valid. Check that you opened the whole link from your invitation email, or ask for a new invitation.',
  );
}

/** The page for an invitation that cannot be accepted any more (or now). */
function settledPage(lookup: Exclude<InvitationLookup, Pending>): EndpointResult {
  switch (lookup.status) {
    case 'unknown':
      return notValid();
    case 'accepted':
      return page(
        410,
        'Invitation already accepted',
        `This invitation to ${lookup.organization.name} was accepted already. Sign in to the application to continue.`,
      );
    case 'revoked':
      return page(
        410,
        'Invitation withdrawn',
        `This invitation to ${lookup.organization.name} was withdrawn. Ask the person who invited you for a new one.`,
      );
    case 'expired':
      return page(
        410,
        'Invitation expired',
        `This invitation to ${lookup.organization.name} has expired. Ask the person who invited you for a new one.`,
      );
    case 'suspended':
      return page(
        409,
        'Invitation on hold',
        `${lookup.organization.name} cannot take new members at the moment. Try again later, or ask the person who invited you.`,
      );
  }
}

function lockedHeaders(lockedUntil: Date, now: Date): Record<string, string> {
  return { 'retry-after': String(Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000))) };
}

interface FormOptions {
  status?: number;
  error?: string | null;
  notice?: string | null;
  headers?: Record<string, string>;
}

/** The sign-in or sign-up form for a pending invitation, with a fresh sealed state bound to the CSRF cookie. */
function acceptForm(ctx: EndpointContext, lookup: Pending, options: FormOptions = {}): EndpointResult {
  const csrf = csrfToken(ctx);
  const state: InvitationState = { step: lookup.invitee ? 'sign_in' : 'sign_up', invitationId: lookup.invitation.id };
  const view: InvitationPage = {
    organizationName: lookup.organization.name,
    email: lookup.invitation.email,
    stateToken: sealState(ctx, 'invitation', state, csrf.token, SIGN_IN_FORM_TTL_SECONDS),
    error: options.error ?? null,
    notice: options.notice ?? null,
  };
  const html = lookup.invitee ? invitationSignInPage(view) : invitationSignUpPage(view);
  return htmlResponse(options.status ?? 200, html, { cookies: [csrf.cookie], ...(options.headers ? { headers: options.headers } : {}) });
}

/** The second-step form; `stateToken` is the sealed `mfa` state. */
function secondFactorForm(
  lookup: Pending,
  stateToken: string,
  status: number,
  error: string | null,
  headers?: Record<string, string>,
): EndpointResult {
  const view: InvitationPage = { organizationName: lookup.organization.name, email: lookup.invitation.email, stateToken, error };
  return htmlResponse(status, invitationSecondFactorPage(view), headers ? { headers } : {});
}

/** The outcome of an acceptance, or the page for the expected refusal it met. */
async function accepting(ctx: EndpointContext, lookup: Pending, accept: () => Promise<unknown>): Promise<EndpointResult> {
  const organization = lookup.organization.name;
  try {
    await accept();
  } catch (error) {
    if (error instanceof LimitReachedError)
      return page(409, 'No room in the organization', `${organization} has reached its member limit. Ask the person who invited you.`);
    if (error instanceof ConflictError && error.field === 'memberId')
      return page(409, 'Already a member', `You are already a member of ${organization}. Sign in to the application to continue.`);
    if (error instanceof AppError) {
      // the invitation changed since the form was shown (accepted elsewhere, revoked, expired),
      // or the invitee signed up meanwhile (sign in instead)
      const now = await ctx.shared.services.invitations.lookupById(ctx.issuer.id, lookup.invitation.id);
      if (now.status !== 'pending') return settledPage(now);
      if (error instanceof ConflictError && now.invitee) return acceptForm(ctx, now, { status: 409, notice: TEXT.nowExists });
      return page(403, 'This invitation cannot be accepted', error.message);
    }
    throw error;
  }
  return page(
    200,
    `You joined ${organization}`,
    `You are now a member of ${organization} as ${lookup.invitation.email}. Sign in to the application to continue.`,
    false,
  );
}

/** Sign-in step: the invitee's password, then the second factor when enrolled. */
async function signInStep(ctx: EndpointContext, lookup: Pending, csrf: string): Promise<EndpointResult> {
  const invitee = lookup.invitee!;
  const password = ctx.params.get('password') ?? '';
  if (password === '') return acceptForm(ctx, lookup, { status: 400, error: TEXT.missing });
  const credentials = ctx.shared.services.credentials;
  // the sign-in page's throttle, not the account lock: a stranger holding an invitation to this
  // address must not be able to lock its owner out (per username for unknown browsers, per address)
  const attempt: SignInAttempt = {
    issuerId: ctx.issuer.id,
    username: invitee.username,
    address: ctx.shared.clientIp(ctx.req),
    deviceId: knownDevice(ctx, invitee.username),
  };
  const verdict = await ctx.shared.signInThrottle.check(attempt);
  if (!verdict.allowed)
    return acceptForm(ctx, lookup, { status: 429, error: MESSAGES.locked, headers: { 'retry-after': String(verdict.retryAfterSeconds) } });
  const check = await credentials.verifyPassword(ctx.issuer.id, invitee.username, password, { lockout: false });
  if (!check.ok) {
    if (check.reason === 'locked')
      return acceptForm(ctx, lookup, { status: 429, error: MESSAGES.locked, headers: lockedHeaders(check.lockedUntil, ctx.now) });
    await ctx.shared.signInThrottle.failed(attempt);
    return acceptForm(ctx, lookup, { status: 400, error: TEXT.incorrect });
  }
  await ctx.shared.signInThrottle.succeeded(attempt);
  if (check.user.id !== invitee.id) return acceptForm(ctx, lookup, { status: 400, error: TEXT.incorrect });
  // the organization being joined counts with the issuer (the stricter policy wins)
  const mfa = await credentials.mfaRequired(invitee.id, lookup.invitation.organizationId);
  if (mfa.enrolled) {
    const state: InvitationState = { step: 'mfa', invitationId: lookup.invitation.id, userId: invitee.id };
    return secondFactorForm(lookup, sealState(ctx, 'invitation', state, csrf, SECOND_FACTOR_TTL_SECONDS), 200, null);
  }
  if (mfa.required) return page(403, 'Two-step verification required', MESSAGES.enrolmentRequired);
  return accepting(ctx, lookup, () => ctx.shared.services.invitations.acceptAsUser(ctx.issuer.id, lookup.invitation.id, invitee.id));
}

/** Second-factor step: a TOTP code or a backup code of the user whose password passed. */
async function secondFactorStep(ctx: EndpointContext, lookup: Pending, userId: string): Promise<EndpointResult> {
  const stateToken = ctx.params.get('ag_state')!;
  const backupCode = ctx.params.get('backup_code');
  const code = ctx.params.get('code');
  if (backupCode === undefined && code === undefined) return secondFactorForm(lookup, stateToken, 400, MESSAGES.codeMissing);
  const credentials = ctx.shared.services.credentials;
  const check =
    backupCode !== undefined
      ? await credentials.useBackupCode(userId, backupCode.slice(0, MAX_CODE_LENGTH))
      : await credentials.checkTotp(userId, code!.slice(0, MAX_CODE_LENGTH));
  if (!check.ok) {
    return check.reason === 'locked'
      ? secondFactorForm(lookup, stateToken, 429, MESSAGES.locked, lockedHeaders(check.lockedUntil, ctx.now))
      : secondFactorForm(lookup, stateToken, 400, MESSAGES.codeInvalid);
  }
  return accepting(ctx, lookup, () => ctx.shared.services.invitations.acceptAsUser(ctx.issuer.id, lookup.invitation.id, userId));
}

/** Sign-up step: a new password (twice), checked against the policy, then user + membership at once. */
async function signUpStep(ctx: EndpointContext, lookup: Pending): Promise<EndpointResult> {
  const password = ctx.params.get('password') ?? '';
  if (password === '') return acceptForm(ctx, lookup, { status: 400, error: TEXT.missing });
  if (password !== (ctx.params.get('password_confirm') ?? '')) return acceptForm(ctx, lookup, { status: 400, error: TEXT.mismatch });
  const email = lookup.invitation.email;
  const hashed = await ctx.shared.services.credentials.hashNewPassword(password, { username: email, email });
  if (!hashed.ok) return acceptForm(ctx, lookup, { status: 400, error: `The password ${hashed.issues.map((i) => i.message).join('; ')}.` });
  return accepting(ctx, lookup, () => ctx.shared.services.invitations.acceptBySignUp(ctx.issuer.id, lookup.invitation.id, hashed.hash));
}

/** `GET /{issuer}/invitation?token=…`: the form for a pending invitation, or the page saying why not. */
async function showInvitation(ctx: EndpointContext): Promise<EndpointResult> {
  const token = ctx.params.get('token');
  if (!token || token.length > MAX_TOKEN_LENGTH) return notValid();
  const lookup = await ctx.shared.services.invitations.lookup(ctx.issuer.id, token);
  return lookup.status === 'pending' ? acceptForm(ctx, lookup) : settledPage(lookup);
}

/** `POST /{issuer}/invitation`: a step of the form (see the module comment). */
async function continueInvitation(ctx: EndpointContext): Promise<EndpointResult> {
  const opened = openState<InvitationState>(ctx, 'invitation');
  if (!opened || typeof opened.payload.invitationId !== 'string') return page(400, 'This invitation form expired', TEXT.expiredForm);
  const { step, invitationId, userId } = opened.payload;
  const lookup = await ctx.shared.services.invitations.lookupById(ctx.issuer.id, invitationId);
  if (lookup.status !== 'pending') return settledPage(lookup);
  // the issuer's users may have changed since the form was shown: the form follows them
  if (step === 'sign_up') {
    return lookup.invitee ? acceptForm(ctx, lookup, { status: 409, notice: TEXT.nowExists }) : signUpStep(ctx, lookup);
  }
  if (!lookup.invitee) return acceptForm(ctx, lookup, { status: 409 });
  if (step === 'sign_in') return signInStep(ctx, lookup, opened.csrf);
  if (step === 'mfa' && userId === lookup.invitee.id) return secondFactorStep(ctx, lookup, userId);
  return page(400, 'This invitation form expired', TEXT.expiredForm);
}

/** `GET|POST /{issuer}/invitation`. */
export async function invitationEndpoint(ctx: EndpointContext): Promise<EndpointResult> {
  return ctx.req.method === 'POST' ? continueInvitation(ctx) : showInvitation(ctx);
}
