/**
 * `POST /{issuer}/introspect` (RFC 7662). The caller authenticates as a confidential client of
 * this issuer (agents and public clients may not introspect). Active answers:
 *
 * - an unexpired, unrevoked access token of this issuer, with its claims; one issued to a user's session
 *   (`sid`) only while that session is live (read from the database on every call), so a revoked
 *   or compromised session ends its access tokens here at once;
 * - a refresh token (`agr_…`) that is live and was issued to the calling client (another
 *   client's refresh token is none of its business, RFC 7662 §4).
 *
 * Who may learn about an access token (RFC 7662 §4, SECURITY-CASES TI-07: a tenant's resource
 * server never reads another tenant's tokens). The caller must be one of:
 *
 * - the token's own client (`client_id`);
 * - a client registered to the token's organization (`org_id`), while that organization is
 *   active — a tenant's resource server reads its own tenant's tokens;
 * - an issuer-level client (registered to no organization, made only with an account key, so
 *   the operator's own), for a token whose `aud` is this issuer's URL: such a token was minted
 *   for the issuer's own APIs, whose resource servers these clients are. A token minted for
 *   another audience (RFC 8707 `resource`) names a resource server no client is registered as,
 *   so only its own client (or its organization's) may introspect it.
 *
 * So a client registered to organization A learns nothing about a token of organization B, of
 * no organization, or of another client, whatever its kind (user, M2M, agent, delegated).
 *
 * A token carrying a user's approval (CIBA, RFC 9396 `authorization_details`) for a Resource with
 * `singleUseApprovalTokens` answers active once: the first introspection spends it.
 *
 * Anything else — garbage, expired, another issuer's token, a key no longer published, an ended
 * session, a session-less user token (CIBA) of a user no longer active, a token the caller may not read — answers exactly `{ "active": false }`, with no reason.
 * @module
 */
import type { JWTPayload } from 'jose';
import { REFRESH_TOKEN_PREFIX } from '../domain/sessions.js';
import { InvalidRequest } from './errors.js';
import { idKind } from '../lib/ids.js';
import { authContext, authenticateClient, type Principal } from './client-auth.js';
import { verifyAccessTokenOf } from './access-tokens.js';
import { NO_STORE, type EndpointContext, type EndpointResult } from './context.js';

const INACTIVE = { active: false } as const;

/**
 * Whether the caller may introspect an access token with these claims (the rule in the module
 * comment): its own client; a client of its organization while that is active; an issuer-level
 * client for a token minted for this issuer's APIs.
 */
async function mayIntrospect(ctx: EndpointContext, caller: Principal, p: JWTPayload): Promise<boolean> {
  if (p.client_id === caller.id) return true;
  if (caller.kind !== 'client') return false;
  const { client } = caller;
  if (client.organizationId) {
    return typeof p.org_id === 'string' && p.org_id === (await ctx.shared.services.principals.clientOrganization(client));
  }
  const audiences = Array.isArray(p.aud) ? p.aud : [p.aud];
  return audiences.includes(ctx.issuerUrl);
}

/** The introspection of an access token, or null when it is not active or not the caller's to read. */
async function accessToken(ctx: EndpointContext, caller: Principal, token: string): Promise<Record<string, unknown> | null> {
  const verified = await verifyAccessTokenOf(token, ctx.issuer.id, ctx.shared.keys, {
    issuerUrl: ctx.issuerUrl,
    now: ctx.now,
    audience: null,
    revocations: ctx.shared.services.revokedTokens,
  });
  if (!verified) return null;
  const p = verified.payload;
  if (!(await mayIntrospect(ctx, caller, p))) return null;
  if (typeof p.sid === 'string' && !(await ctx.shared.services.sessions.isActive(p.sid))) return null;
  // a person's token without a session (a CIBA approval's) is active only while the person is
  if (
    typeof p.sid !== 'string' &&
    idKind(p.sub as string) === 'user' &&
    (await ctx.shared.services.sessions.user(p.sub as string))?.status !== 'active'
  )
    return null;
  if (!(await spendApproval(ctx, p))) return null;
  const body: Record<string, unknown> = {
    active: true,
    // RFC 9449 §6.2: a DPoP-bound token says so, with its key's thumbprint in cnf
    token_type: p.cnf !== undefined ? 'DPoP' : 'Bearer',
    client_id: p.client_id,
    sub: p.sub,
    iss: p.iss,
    aud: p.aud,
    exp: p.exp,
    iat: p.iat,
    jti: p.jti,
  };
  for (const claim of ['nbf', 'scope', 'org_id', 'sid', 'act', 'cnf', 'authorization_details'] as const)
    if (p[claim] !== undefined) body[claim] = p[claim];
  return body;
}

/**
 * A token carrying a user's approval (RFC 9396 `authorization_details`, CIBA) for a Resource with
 * `singleUseApprovalTokens` is active for its first introspection only: its `jti` is spent (in
 * the replay cache, shared by every node with Redis) until it expires. True when the token may
 * be answered active.
 */
async function spendApproval(ctx: EndpointContext, p: JWTPayload): Promise<boolean> {
  if (!Array.isArray(p.authorization_details) || typeof p.jti !== 'string') return true;
  const audiences = (Array.isArray(p.aud) ? p.aud : [p.aud]).filter((a): a is string => typeof a === 'string');
  const resources = await ctx.shared.services.resources.ofIssuer(ctx.issuer.id);
  if (!audiences.some((a) => resources.get(a)?.singleUseApprovalTokens === true)) return true;
  const until = ((p.exp as number) + 60) * 1000;
  return ctx.shared.replay.consume(`approval:${ctx.issuer.id}`, p.jti, until, ctx.now.getTime());
}

/** The introspection of a refresh token of the caller, or null when it is not active. */
async function refreshToken(ctx: EndpointContext, caller: Principal, token: string): Promise<Record<string, unknown> | null> {
  const live = await ctx.shared.services.sessions.refreshTokenActive(ctx.issuer.id, token);
  if (!live || live.clientId !== caller.id) return null;
  const body: Record<string, unknown> = {
    active: true,
    token_type: 'refresh_token',
    client_id: live.clientId,
    sub: live.session.userId,
    iss: ctx.issuerUrl,
    exp: Math.floor(live.expiresAt.getTime() / 1000),
    sid: live.session.id,
  };
  if (live.scope) body.scope = live.scope;
  return body;
}

/** Answers an introspection request (RFC 7662 §2.2). */
export async function introspectionEndpoint(ctx: EndpointContext): Promise<EndpointResult> {
  const caller = await authenticateClient(ctx.req, ctx.params, authContext(ctx), { allowAgents: false });
  const token = ctx.params.get('token');
  if (token === undefined) throw new InvalidRequest('token is required');
  // token_type_hint is only a hint (RFC 7662 §2.1): the token's own shape says what it is.
  const body = token.startsWith(REFRESH_TOKEN_PREFIX) ? await refreshToken(ctx, caller, token) : await accessToken(ctx, caller, token);
  return { status: 200, body: body ?? INACTIVE, headers: { ...NO_STORE } };
}
