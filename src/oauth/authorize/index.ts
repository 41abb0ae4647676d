/**
 * The hosted sign-in: `GET|POST /{issuer}/authorize` (OIDC Core §3.1.2, RFC 6749 §4.1, RFC 7636,
 * RFC 9700) and RP-initiated logout at `GET|POST /{issuer}/end_session`. These endpoints answer
 * with HTML pages and redirects, never with the JSON errors of the other endpoints.
 *
 * - ./request.ts validates an authorization request; ./authorization.ts answers it (SSO code,
 *   `login_required`, or the sign-in form); ./sign-in.ts runs the form's steps (password, second
 *   factor, session, code); ./end-session.ts signs out.
 * - ./state.ts carries state between steps sealed in the form, bound to a CSRF cookie;
 *   ./responses.ts holds the security headers, cookies and redirects; ./pages.ts the HTML.
 * @module
 */
import type { EndpointContext, EndpointResult } from '../context.js';
import { invalidRequestPage, startAuthorization } from './authorization.js';
import { continueSignIn } from './sign-in.js';
import { handleEndSession } from './end-session.js';

/**
 * A GET, or a POST that carries an authorization request (`client_id`, OIDC Core §3.1.2.1),
 * starts a sign-in; any other POST is a step of the sign-in form.
 */
export async function authorizeEndpoint(ctx: EndpointContext): Promise<EndpointResult> {
  const startsSignIn = ctx.req.method !== 'POST' || (ctx.params.has('client_id') && !ctx.params.has('ag_state'));
  if (startsSignIn) return startAuthorization(ctx);
  // a form step with a field sent twice was not made by our page
  if (ctx.repeated.size > 0)
    return invalidRequestPage('The sign-in form was sent with a field repeated; start again from the application.');
  return continueSignIn(ctx);
}

/** RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0). */
export async function endSessionEndpoint(ctx: EndpointContext): Promise<EndpointResult> {
  return handleEndSession(ctx);
}
