/**
 * Token exchange (RFC 8693) for agents acting for users: an agent presents a user's access token
 * of this issuer and gets a short delegated access token with `sub` = the user and
 * `act.sub` = the agent (§4.1).
 *
 * - Only subject tokens minted for this issuer's own audience are exchanged (not one the user
 *   sent to another API with `resource`).
 * - Caller: an agent, authenticated with its own verifier (clients: `unauthorized_client`). The
 *   authenticated agent is the actor, so `actor_token` is refused (`invalid_request`).
 * - `subject_token_type` must be `urn:ietf:params:oauth:token-type:access_token` and
 *   `requested_token_type`, when sent, too (else `invalid_request`). The subject token must be an
 *   unexpired, unrevoked access token of this issuer (its own audience), for a user (`usr_…`), issued to a live
 *   session (`sid`), of an active user; a delegated token (`act`) only with its delegation chain
 *   (`delegations`) — anything else is one `invalid_grant` with no reason given.
 * - Delegation (RFC 8693 §4.4 `may_act`, src/domain/delegations.ts): an active delegation must
 *   name this agent for the user — from the user when the subject is the user's own token, else
 *   under the subject chain's last delegation (the agent acting now passed part of it on). None is
 *   `invalid_request`; an agent already in the chain too. The result nests `act` (current actor
 *   outermost), carries the chain's ids in `delegations` (revoking any ends the token) and at most
 *   the delegation's scopes, and ends no later than the delegation.
 * - Organization: the result carries the subject token's `org_id`. The agent must then be an
 *   active member of that organization (else `invalid_request`: a policy refusal of the agent,
 *   §2.2.2), and the user still an active member (else `invalid_grant`).
 * - Scope: ⊆ the subject token's resource:action scopes ∩ the agent's scopes ∩, inside an
 *   organization, the agent's and the user's membership scopes there now. Asking for more is
 *   `invalid_scope`; asking for nothing gives the whole intersection. OIDC scopes never carry over.
 * - Audience: `resource` (RFC 8707) or `audience`, else the issuer URL; another issuer of this
 *   deployment is `invalid_target`. A registered Resource named so keeps its rules: only the
 *   scopes it defines (when it defines any), its token lifetime, its DPoP requirement.
 * - Lifetime: 300 s (or the Resource's shorter one), never past the subject token's `exp`. `sid`
 *   stays the user's session, so ending the session ends the delegated token wherever `sid` is
 *   checked. Never a refresh token.
 * - Emits metered `token.issued` with the agent as actor acting on behalf of the user.
 * @module
 */
import type { JWTPayload } from 'jose';
import { isIdOf } from '../../lib/ids.js';
import { AGENT_TOKEN_TTL_SECONDS } from '../../domain/agents.js';
import type { AgentWithVerifiers } from '../../domain/principals.js';
import { eventData } from '../../domain/event-payloads.js';
import { mintAccessToken, verifyAccessTokenOf } from '../access-tokens.js';
import { InvalidGrant, InvalidRequest, InvalidTarget, UnauthorizedClient } from '../errors.js';
import { recordIssued, scopeList, splitScopes } from '../user-tokens.js';
import { NO_STORE, type EndpointContext } from '../context.js';
import { audienceOf, grantScopes, requestedScopes } from './common.js';
import { lifetimeFor, requireDpopForResources, scopesForResources } from '../resources.js';
import type { Grant } from './common.js';

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
export const INVALID_SUBJECT_TOKEN = 'the subject_token is invalid, expired or revoked, or cannot be exchanged';

/** The checked request parameters (RFC 8693 §2.1). */
function readRequest(ctx: EndpointContext): { subjectToken: string; audience: string } {
  const p = ctx.params;
  const subjectToken = p.get('subject_token');
  if (subjectToken === undefined) throw new InvalidRequest('subject_token is required');
  const type = p.get('subject_token_type');
  if (type === undefined) throw new InvalidRequest('subject_token_type is required');
  if (type !== ACCESS_TOKEN_TYPE) throw new InvalidRequest(`subject_token_type must be ${ACCESS_TOKEN_TYPE}`);
  if (p.has('actor_token') && !p.has('actor_token_type')) throw new InvalidRequest('actor_token_type is required with actor_token');
  if (p.has('actor_token') || p.has('actor_token_type'))
    throw new InvalidRequest('the authenticated agent is the actor: actor_token is not accepted');
  const requested = p.get('requested_token_type');
  if (requested !== undefined && requested !== ACCESS_TOKEN_TYPE)
    throw new InvalidRequest(`requested_token_type must be ${ACCESS_TOKEN_TYPE}`);
  return { subjectToken, audience: audienceOfExchange(ctx) };
}

/** `resource` or `audience` (not both), else the issuer URL; never another issuer of ours. */
function audienceOfExchange(ctx: EndpointContext): string {
  const resource = ctx.params.get('resource');
  const audience = ctx.params.get('audience');
  if (resource !== undefined && audience !== undefined) throw new InvalidRequest('send resource or audience, not both');
  if (audience !== undefined && (audience.length > 2000 || /\s/.test(audience)))
    throw new InvalidTarget('audience must be a single name or URI');
  const chosen = audience ?? audienceOf(resource, ctx.issuerUrl);
  const publicUrl = ctx.issuerUrl.slice(0, ctx.issuerUrl.length - ctx.issuer.id.length - 1);
  const ours = chosen === ctx.issuerUrl || chosen.startsWith(`${ctx.issuerUrl}/`);
  if (!ours && chosen.startsWith(`${publicUrl}/i_`)) throw new InvalidTarget('tokens of this issuer are not issued for another issuer');
  return chosen;
}

/** The subject token's claims when it may be exchanged (see the module comment), else invalid_grant. */
async function acceptableSubject(ctx: EndpointContext, token: string): Promise<JWTPayload & { sub: string; sid: string }> {
  const verified = await verifyAccessTokenOf(token, ctx.issuer.id, ctx.shared.keys, {
    issuerUrl: ctx.issuerUrl,
    now: ctx.now,
    audience: ctx.issuerUrl,
    revocations: ctx.shared.services.revokedTokens,
  });
  const p = verified?.payload;
  if (!p || typeof p.sub !== 'string' || !isIdOf('user', p.sub))
    throw new InvalidGrant(INVALID_SUBJECT_TOKEN, 'not a user access token of this issuer');
  if (typeof p.sid !== 'string') throw new InvalidGrant(INVALID_SUBJECT_TOKEN, 'no session');
  // a delegated subject (an agent's token for the user) continues its chain: it must name it
  if (p.act !== undefined && !(Array.isArray(p.delegations) && p.delegations.length > 0))
    throw new InvalidGrant(INVALID_SUBJECT_TOKEN, 'delegated without a delegation chain');
  const { sessions } = ctx.shared.services;
  if (!(await sessions.isActive(p.sid))) throw new InvalidGrant(INVALID_SUBJECT_TOKEN, 'session ended');
  if ((await sessions.user(p.sub))?.status !== 'active') throw new InvalidGrant(INVALID_SUBJECT_TOKEN, 'user inactive');
  return p as JWTPayload & { sub: string; sid: string };
}

/** The actors of a token's nested `act` (RFC 8693 §4.1), current first. */
export function actorsOf(act: unknown): string[] {
  const actors: string[] = [];
  let level = act as { sub?: unknown; act?: unknown } | undefined;
  while (level && typeof level === 'object' && typeof level.sub === 'string' && actors.length < 16) {
    actors.push(level.sub);
    level = level.act as typeof level;
  }
  return actors;
}

/** The scopes the agent may hold for the user: subject ∩ agent (∩ both memberships in the org). */
async function heldScopes(ctx: EndpointContext, agent: AgentWithVerifiers, subject: JWTPayload & { sub: string }): Promise<string[]> {
  const fromSubject = splitScopes(scopeList(typeof subject.scope === 'string' ? subject.scope : '')).resource.filter((s) =>
    agent.scopes.includes(s),
  );
  const orgId = typeof subject.org_id === 'string' ? subject.org_id : null;
  if (!orgId) return fromSubject;
  const asAgent = await ctx.shared.services.principals.agentOrganization(agent, orgId);
  if (asAgent.kind !== 'member') throw new InvalidRequest('the agent is not an active member of the subject token’s organization');
  const asUser = await ctx.shared.services.sessions.context(subject.sub, orgId);
  if (!asUser.organizationId) throw new InvalidGrant(INVALID_SUBJECT_TOKEN, 'user no longer active in the organization');
  return fromSubject.filter((s) => asAgent.scopes.includes(s) && asUser.scopes.includes(s));
}

/** The token-exchange grant (see the module comment). */
export const tokenExchange: Grant = {
  grantType: TOKEN_EXCHANGE_GRANT,
  async handle(ctx, principal) {
    if (principal.kind !== 'agent') throw new UnauthorizedClient('only agents may exchange tokens');
    const { subjectToken, audience } = readRequest(ctx);
    // a registered Resource named as the audience keeps its DPoP requirement
    const named = await ctx.shared.services.resources.byIdentifier(ctx.issuer.id, audience);
    requireDpopForResources(ctx, named ? [named] : []);
    const requested = requestedScopes(ctx.params.get('scope'));
    const subject = await acceptableSubject(ctx, subjectToken);
    // the user's consent (RFC 8693 §4.4 may_act, kept as a delegation): from the user, or, for a
    // delegated subject, from the agent acting now under the chain's last delegation
    const subjectChain = Array.isArray(subject.delegations) ? (subject.delegations as string[]) : [];
    const priorActors = actorsOf(subject.act);
    if (priorActors.includes(principal.id)) throw new InvalidRequest('the agent already acts in this delegation chain');
    const organizationId = typeof subject.org_id === 'string' ? subject.org_id : null;
    const held = await heldScopes(ctx, principal.agent, subject);
    const delegation = await ctx.shared.services.delegations.usable({
      issuerId: ctx.issuer.id,
      userId: subject.sub,
      agentId: principal.id,
      parentId: subjectChain.at(-1) ?? null,
      organizationId,
    });
    if (!delegation) throw new InvalidRequest('no delegation lets this agent act for the subject (createDelegation, or a CIBA approval)');
    // a registered Resource as the audience: only the scopes it defines (RFC 8707 §2)
    const targets = named ? [named] : [];
    const scopes = grantScopes(
      requested,
      scopesForResources(
        held.filter((s) => delegation.scopes.includes(s)),
        targets,
      ),
    );
    const nowSeconds = Math.floor(ctx.now.getTime() / 1000);
    const lifetimeSeconds = Math.min(
      lifetimeFor(targets, AGENT_TOKEN_TTL_SECONDS),
      (subject.exp as number) - nowSeconds,
      Math.floor(delegation.expiresAt.getTime() / 1000) - nowSeconds,
    );
    const delegations = [...subjectChain, delegation.id];
    if (lifetimeSeconds < 1) throw new InvalidGrant(INVALID_SUBJECT_TOKEN, 'subject token expires now');
    const signer = await ctx.shared.services.signingKeys.currentSigner(ctx.issuer.id, ctx.issuer.signingAlg);
    const minted = await mintAccessToken(
      signer,
      {
        issuerUrl: ctx.issuerUrl,
        subject: subject.sub,
        clientId: principal.id,
        audience,
        scopes,
        organizationId,
        lifetimeSeconds,
        sessionId: subject.sid,
        actorId: principal.id,
        priorActors,
        delegations,
        confirmation: ctx.dpop?.jkt ?? null,
      },
      ctx.now,
    );
    await recordIssued(ctx, {
      organizationId,
      subject: subject.sub,
      actor: { type: 'agent', id: principal.id, onBehalfOf: subject.sub },
      data: eventData('token.issued', {
        grantType: TOKEN_EXCHANGE_GRANT,
        principalType: 'agent',
        clientId: principal.id,
        authMethod: principal.method,
        userId: subject.sub,
        agentId: principal.id,
        sessionId: subject.sid,
        subjectTokenJti: subject.jti ?? null,
        delegations,
        actors: [...priorActors].reverse().concat(principal.id),
        jti: minted.jti,
        kid: minted.kid,
        audience,
        scope: scopes,
        expiresAt: minted.expiresAt.toISOString(),
      }),
    });
    const body: Record<string, unknown> = {
      access_token: minted.token,
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: ctx.dpop ? 'DPoP' : 'Bearer',
      expires_in: lifetimeSeconds,
    };
    if (scopes.length) body.scope = scopes.join(' ');
    return { status: 200, body, headers: { ...NO_STORE } };
  },
};
