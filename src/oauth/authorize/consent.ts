/**
 * Consent for third-party clients (Client ID Metadata Document and RFC 7591 clients, and clients
 * registered with `thirdParty`): before such a client gets a code, the signed-in person approves
 * the scopes and resources it asks for on a hosted page. First-party clients (the operator's own)
 * are not asked about.
 *
 * - **Remembered** per user + client (src/domain/grants.ts): a request the grant already covers
 *   gets its code without the page, unless `prompt=consent`; `prompt=none` that would need the
 *   page answers `consent_required` (OIDC Core §3.1.2.6).
 * - **Incremental**: the page asks only about what is new, consenting adds it to the grant, and
 *   the code then covers what was asked now plus what was granted before for the same resources
 *   (a step-up for one more scope keeps the first one).
 * - **Deny**: `access_denied` at the redirect URI (RFC 6749 §4.1.2.1).
 * - The page's form carries the request sealed with the browser's CSRF token (./state.ts); the
 *   POST checks the browser still has the same live session and the client still accepts the
 *   redirect URI.
 * @module
 */
import type { Client, Grant, Session } from '../../generated/prisma/client.js';
import type { EndpointContext, EndpointResult } from '../context.js';
import type { AuthorizationRequest, Prompt } from './request.js';
import { codeRedirect, errorRedirect, SIGN_IN_FORM_TTL_SECONDS, type SignInState } from './outcomes.js';
import { htmlResponse, readCookie, SESSION_COOKIE } from './responses.js';
import { csrfToken, sealState } from './state.js';
import { escapeHtml, hidden, layout } from './pages.js';
import { grantCovers } from '../../domain/grants.js';
import { firstPartyClient } from '../../domain/authorization/visibility.js';
import { OIDC_SCOPES } from '../../domain/clients.js';

const OIDC: ReadonlySet<string> = new Set(OIDC_SCOPES);

/** Whether the client's users consent before it gets a code. */
export function needsConsent(client: Pick<Client, 'thirdParty' | 'registrationType'>): boolean {
  return !firstPartyClient(client);
}

const scopesOf = (request: AuthorizationRequest) => request.scope.split(' ').filter(Boolean);

/**
 * The request widened by what the grant already holds (incremental authorization): the resource
 * scopes granted before, for the resources asked for now when it names any. OIDC scopes are not
 * added (they change what the token response carries).
 */
export async function withGranted(ctx: EndpointContext, request: AuthorizationRequest, grant: Grant | null): Promise<AuthorizationRequest> {
  if (!grant) return request;
  const asked = scopesOf(request);
  let extra = grant.scopes.filter((s) => !OIDC.has(s) && !asked.includes(s));
  if (request.resources.length) {
    const known = await ctx.shared.services.resources.ofIssuer(ctx.issuer.id);
    const defined = new Set(request.resources.flatMap((r) => known.get(r)?.scopes ?? []));
    extra = extra.filter((s) => defined.has(s));
  }
  return extra.length ? { ...request, scope: [...asked, ...extra].join(' ') } : request;
}

interface ConsentPage {
  clientName: string;
  clientHost: string | null;
  stateToken: string;
  newScopes: string[];
  grantedScopes: string[];
  resources: { name: string; identifier: string }[];
}

/** The consent page: who asks, for what (new and already granted), and for which APIs. */
export function consentPage(page: ConsentPage): string {
  const list = (items: string[]) => `<ul>${items.map((i) => `<li><code>${escapeHtml(i)}</code></li>`).join('')}</ul>`;
  const resources = page.resources.length
    ? `<p>for</p><ul>${page.resources.map((r) => `<li><strong>${escapeHtml(r.name)}</strong> <code>${escapeHtml(r.identifier)}</code></li>`).join('')}</ul>`
    : '';
  return layout({
    title: `Allow ${page.clientName}?`,
    body: `<h1>Allow access?</h1>
<p><strong>${escapeHtml(page.clientName)}</strong>${page.clientHost ? ` (${escapeHtml(page.clientHost)})` : ''} asks to act for you with:</p>
${page.newScopes.length ? list(page.newScopes) : '<p>no new permissions</p>'}
${resources}
${page.grantedScopes.length ? `<p class="hint">You already allowed:</p>${list(page.grantedScopes)}` : ''}
<form method="post" action="authorize">
${hidden('ag_state', page.stateToken)}
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  });
}

/**
 * Ends an authorization for a signed-in person: a code at once (first-party client, or a grant
 * that covers the request), `consent_required` for `prompt=none`, else the consent page.
 */
export async function finishAuthorization(
  ctx: EndpointContext,
  client: Client,
  session: Session,
  request: AuthorizationRequest,
  options: { cookies?: string[]; prompt?: ReadonlySet<Prompt> } = {},
): Promise<EndpointResult> {
  const cookies = options.cookies ?? [];
  if (!needsConsent(client)) return codeRedirect(ctx, session, request, cookies);
  const grant = await ctx.shared.services.grants.find(session.userId, client.id);
  const asked = scopesOf(request);
  if (grantCovers(grant, asked, request.resources) && !options.prompt?.has('consent'))
    return codeRedirect(ctx, session, await withGranted(ctx, request, grant), cookies);
  if (options.prompt?.has('none'))
    return errorRedirect(ctx, request.redirectUri, request.state, 'consent_required', 'the person must approve this application');

  const csrf = csrfToken(ctx);
  const state: SignInState = { step: 'consent', request, userId: session.userId, sessionId: session.id };
  const stateToken = sealState(ctx, 'authorize', state, csrf.token, SIGN_IN_FORM_TTL_SECONDS);
  const known = await ctx.shared.services.resources.ofIssuer(ctx.issuer.id);
  const metadata = (client.metadata ?? {}) as Record<string, unknown>;
  const html = consentPage({
    clientName: client.name,
    clientHost: typeof metadata.client_id_host === 'string' ? metadata.client_id_host : null,
    stateToken,
    newScopes: asked.filter((s) => !grant?.scopes.includes(s)),
    grantedScopes: grant?.scopes ?? [],
    resources: request.resources.map((identifier) => ({ identifier, name: known.get(identifier)?.name ?? identifier })),
  });
  return htmlResponse(200, html, { formTargets: [request.redirectUri], cookies: [...cookies, csrf.cookie] });
}

/** The consent form's POST: remember the grant and answer with the code, or `access_denied`. */
export async function consentStep(
  ctx: EndpointContext,
  client: Client,
  request: AuthorizationRequest,
  userId: string,
  sessionId: string,
  expired: () => EndpointResult,
): Promise<EndpointResult> {
  const live = await ctx.shared.services.sessions.fromCookie(ctx.issuer, readCookie(ctx.req, SESSION_COOKIE));
  if (!live || live.session.id !== sessionId || live.user.id !== userId) return expired();
  const decision = ctx.params.get('decision');
  if (decision !== 'allow')
    return errorRedirect(ctx, request.redirectUri, request.state, 'access_denied', 'the person did not allow this application');
  const grant = await ctx.shared.services.grants.remember({
    accountId: ctx.issuer.accountId,
    issuerId: ctx.issuer.id,
    userId,
    clientId: client.id,
    scopes: scopesOf(request),
    resources: request.resources,
  });
  return codeRedirect(ctx, live.session, await withGranted(ctx, request, grant), []);
}
