/**
 * The ends of an authorization request that every step can reach (start, sign-in, consent): the
 * redirect with a code or an error (RFC 6749 §4.1.2, with RFC 9207 `iss`), and the sealed state
 * the steps hand each other. A leaf of ./authorization.ts, ./sign-in.ts and ./consent.ts.
 * @module
 */
import type { Session } from '../../generated/prisma/client.js';
import type { EndpointContext, EndpointResult } from '../context.js';
import type { AuthorizationErrorCode, AuthorizationRequest } from './request.js';
import { redirectResponse, withParams } from './responses.js';

/** How long a sign-in form stays usable. */
export const SIGN_IN_FORM_TTL_SECONDS = 600;

/** What the first step's sealed state holds (the second step adds the user, see ./sign-in.ts). */
export interface SignInState {
  step: 'password' | 'mfa' | 'consent';
  request: AuthorizationRequest;
  /** the user whose password was verified (step `mfa`), or who is asked to consent */
  userId?: string;
  /** the session the consent is asked in (step `consent`, ./consent.ts) */
  sessionId?: string;
}

/** An error answered at the redirect_uri (RFC 6749 §4.1.2.1 with RFC 9207 `iss`). */
export function errorRedirect(
  ctx: EndpointContext,
  redirectUri: string,
  state: string | null,
  error: AuthorizationErrorCode,
  description: string,
): EndpointResult {
  return redirectResponse(ctx, withParams(redirectUri, { error, error_description: description, state, iss: ctx.issuerUrl }));
}

/** Issues a code from `session` for `request` and redirects to the client with it. */
export async function codeRedirect(
  ctx: EndpointContext,
  session: Session,
  request: AuthorizationRequest,
  cookies: string[] = [],
): Promise<EndpointResult> {
  const code = await ctx.shared.services.sessions.issueCode({
    session,
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    scope: request.scope,
    resources: request.resources,
    nonce: request.nonce,
    codeChallenge: request.codeChallenge,
    codeChallengeMethod: request.codeChallengeMethod,
  });
  return redirectResponse(ctx, withParams(request.redirectUri, { code, state: request.state, iss: ctx.issuerUrl }), cookies);
}
