/**
 * `client_credentials` (RFC 6749 §4.4) for M2M clients and agents.
 *
 * - Scopes: the requested ones must all be held, else `invalid_scope`; none requested means
 *   everything held. A client holds its resource:action scopes; an agent its own scopes, or,
 *   inside an organization, those it holds both itself and through the membership.
 * - Organization: an M2M client carries `org_id` of its registered organization while that is
 *   active; an agent the one it names in `organization_id` (or its only active one) while
 *   organization and membership are active. Otherwise no organization claims.
 * - Suspended organizations (DESIGN §1: newly issued tokens carry no claims for that org): an M2M
 *   client registered to an organization holds its resource:action scopes only through it, so
 *   while the organization is not active (suspended, or gone) it holds none — its token carries
 *   no `scope` and no `org_id`, and asking for one of them is `invalid_scope`. An agent that names
 *   an organization where the organization or its membership is not active holds no resource
 *   scopes either (the token is asked for inside that organization). An agent that names none and
 *   has no single active membership keeps its own scopes: those are granted to it at the issuer,
 *   outside any organization (createAgent is issuer-level), and the token carries no `org_id`.
 * - Audience: the RFC 8707 `resource`s, each one of the issuer's Resources (else
 *   `invalid_target`); their scopes and lifetimes bound the token (../resources.ts). None: the
 *   issuer URL.
 * - Lifetime: agents exactly 300 s; clients their own TTL, else the issuer's. Never a refresh token.
 * @module
 */
import { isIdOf } from '../../lib/ids.js';
import { SCOPE_PATTERN } from '../../domain/validation.js';
import { AGENT_TOKEN_TTL_SECONDS } from '../../domain/agents.js';
import { eventData } from '../../domain/event-payloads.js';
import { mintAccessToken } from '../access-tokens.js';
import { InvalidRequest, InvalidScope, UnauthorizedClient } from '../errors.js';
import { NO_STORE, type EndpointContext, type EndpointResult } from '../context.js';
import type { Principal } from '../client-auth.js';
import { type Grant, grantScopes, requestedScopes } from './common.js';
import { audienceFor, definedScopes, lifetimeFor, requestedResources, requireDpopForResources, scopesForResources } from '../resources.js';

interface Issuance {
  scopes: string[];
  organizationId: string | null;
  lifetimeSeconds: number;
}

async function forClient(ctx: EndpointContext, principal: Extract<Principal, { kind: 'client' }>): Promise<Issuance> {
  const { client } = principal;
  if (!client.grantTypes.includes('client_credentials')) throw new UnauthorizedClient('this client may not use client_credentials');
  const named = ctx.params.get('organization_id');
  if (named !== undefined && named !== client.organizationId)
    throw new InvalidRequest('a client acts only in the organization it was registered for');
  const organizationId = await ctx.shared.services.principals.clientOrganization(client);
  // a client registered to an organization holds its scopes through it: none while it is not active
  const orgBound = client.organizationId !== null && organizationId === null;
  const held = orgBound ? [] : client.scopes.filter((s) => SCOPE_PATTERN.test(s));
  const scopes = grantScopes(requestedScopes(ctx.params.get('scope')), held);
  return { scopes, organizationId, lifetimeSeconds: client.accessTokenTtlSeconds ?? ctx.issuer.accessTokenTtlSeconds };
}

async function forAgent(ctx: EndpointContext, principal: Extract<Principal, { kind: 'agent' }>): Promise<Issuance> {
  const { agent } = principal;
  const requested = requestedScopes(ctx.params.get('scope'));
  const named = ctx.params.get('organization_id');
  if (named !== undefined && !isIdOf('organization', named)) throw new InvalidRequest('organization_id must be an organization id (org_…)');
  const org = await ctx.shared.services.principals.agentOrganization(agent, named ?? null);
  if (org.kind === 'not_member') throw new InvalidRequest('the agent is not a member of that organization');
  if (org.kind === 'none') {
    // named an organization it may not act in now: nothing of that organization, nor its own instead
    const held = named !== undefined ? [] : agent.scopes;
    return { scopes: grantScopes(requested, held), organizationId: null, lifetimeSeconds: AGENT_TOKEN_TTL_SECONDS };
  }
  const inOrg = new Set(org.scopes);
  const held = agent.scopes.filter((s) => inOrg.has(s));
  return { scopes: grantScopes(requested, held), organizationId: org.organizationId, lifetimeSeconds: AGENT_TOKEN_TTL_SECONDS };
}

/** The client_credentials grant: scopes, org context, audience and lifetime as above; emits `token.issued`. */
export const clientCredentials: Grant = {
  grantType: 'client_credentials',
  async handle(ctx, principal): Promise<EndpointResult> {
    const resources = await requestedResources(ctx);
    requireDpopForResources(ctx, resources);
    const audience = audienceFor(resources, ctx.issuerUrl);
    const held = principal.kind === 'client' ? await forClient(ctx, principal) : await forAgent(ctx, principal);
    // a token for resources carries only scopes they define, for no longer than they allow
    const defined = definedScopes(resources);
    if (resources.length && (requestedScopes(ctx.params.get('scope')) ?? []).some((s) => !defined.has(s)))
      throw new InvalidScope('the requested scope is not defined by the requested resource');
    const issuance = {
      ...held,
      scopes: scopesForResources(held.scopes, resources),
      lifetimeSeconds: lifetimeFor(resources, held.lifetimeSeconds),
    };
    const signer = await ctx.shared.services.signingKeys.currentSigner(ctx.issuer.id, ctx.issuer.signingAlg);
    const minted = await mintAccessToken(
      signer,
      {
        issuerUrl: ctx.issuerUrl,
        subject: principal.id,
        clientId: principal.id,
        audience,
        scopes: issuance.scopes,
        organizationId: issuance.organizationId,
        lifetimeSeconds: issuance.lifetimeSeconds,
        confirmation: ctx.dpop?.jkt ?? null,
      },
      ctx.now,
    );
    const event = {
      type: 'token.issued' as const,
      accountId: ctx.issuer.accountId,
      issuerId: ctx.issuer.id,
      organizationId: issuance.organizationId,
      subject: principal.id,
      actor: { type: 'system' as const, id: null },
      data: eventData('token.issued', {
        grantType: 'client_credentials',
        principalType: principal.kind,
        clientId: principal.id,
        authMethod: principal.method,
        jti: minted.jti,
        kid: minted.kid,
        audience,
        scope: issuance.scopes,
        expiresAt: minted.expiresAt.toISOString(),
      }),
    };
    if (ctx.shared.metered) ctx.shared.metered.record(event);
    else await ctx.shared.services.principals.recordMetered(event);
    const body: Record<string, unknown> = {
      access_token: minted.token,
      token_type: ctx.dpop ? 'DPoP' : 'Bearer',
      expires_in: issuance.lifetimeSeconds,
    };
    if (issuance.scopes.length) body.scope = issuance.scopes.join(' ');
    return { status: 200, body, headers: { ...NO_STORE } };
  },
};
