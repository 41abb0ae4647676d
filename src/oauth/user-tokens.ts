/**
 * What the authorization_code and refresh_token grants answer once the session service has
 * redeemed the code or rotated the refresh token: the access token (RFC 9068), the ID token when
 * `openid` was granted, the refresh token when the client refreshes, and the metered
 * `token.issued` event.
 *
 * The access token is signed with the issuer's `signingAlg`; the ID token with the client's
 * `idTokenSignedResponseAlg` when it registered one, else the issuer's alg too.
 *
 * Access-token scope: the granted OIDC scopes (openid, profile, email, offline_access) plus the
 * resource:action scopes the user holds in the session's organization now — all of them, or only
 * those the grant named when it named any. Without an active organization context, no org claims.
 * `sid` is the session, so introspection and userinfo see a revoked session at once.
 * Lifetime: the client's access-token TTL, else the issuer's (15 minutes by default).
 * Resources (RFC 8707, ./resources.ts): the token is for the resources asked for at /token
 * (among those the authorization named), else all the authorization named, else the issuer; its
 * resource scopes are narrowed to what they define and its lifetime to theirs. A self-registered
 * client (CIMD, RFC 7591) that declared no resource scopes may hold those its resources define:
 * the user's consent (./authorize/consent.ts) and the scopes the user holds bound them.
 * @module
 */
import { SCOPE_PATTERN } from '../domain/validation.js';
import { OIDC_SCOPES } from '../domain/clients.js';
import type { Issuance, OrganizationContext } from '../domain/sessions.js';
import type { NewEvent } from '../domain/events.js';
import { eventData } from '../domain/event-payloads.js';
import { mintAccessToken } from './access-tokens.js';
import { mintIdToken } from './id-tokens.js';
import { audienceFor, definedScopes, lifetimeFor, requireDpopForResources, scopesForResources, targetResources } from './resources.js';
import { NO_STORE, type EndpointContext, type EndpointResult } from './context.js';
import type { Principal } from './client-auth.js';

export type ClientPrincipal = Extract<Principal, { kind: 'client' }>;

const OIDC = new Set<string>(OIDC_SCOPES);

/** Splits a space-delimited scope into OIDC scopes and resource:action scopes (others dropped). */
export function splitScopes(scopes: readonly string[]): { oidc: string[]; resource: string[] } {
  return { oidc: scopes.filter((s) => OIDC.has(s)), resource: scopes.filter((s) => !OIDC.has(s) && SCOPE_PATTERN.test(s)) };
}

export const scopeList = (scope: string): string[] => [...new Set(scope.split(' ').filter(Boolean))];

/**
 * The access token's scopes: the granted OIDC scopes, then the organization scopes held now that
 * the client is registered for (a client never receives a scope it may not request) — narrowed
 * to `resourceFilter` when given, else to the grant's resource scopes when it has any.
 */
export function userTokenScopes(
  granted: readonly string[],
  context: OrganizationContext,
  clientScopes: readonly string[],
  resourceFilter: readonly string[] | null = null,
): string[] {
  const { oidc, resource } = splitScopes(granted);
  const filter = resourceFilter ?? (resource.length ? resource : null);
  const held = context.organizationId ? context.scopes.filter((s) => SCOPE_PATTERN.test(s) && clientScopes.includes(s)) : [];
  return [...oidc, ...(filter ? held.filter((s) => filter.includes(s)) : held)];
}

/** Writes a metered `token.issued`: batched when the router has a buffer, else at once. */
export async function recordIssued(ctx: EndpointContext, event: Omit<NewEvent, 'type' | 'accountId' | 'issuerId'>): Promise<void> {
  const full = { ...event, type: 'token.issued' as const, accountId: ctx.issuer.accountId, issuerId: ctx.issuer.id };
  if (ctx.shared.metered) ctx.shared.metered.record(full);
  else await ctx.shared.services.principals.recordMetered(full);
}

export interface UserTokenOptions {
  grantType: 'authorization_code' | 'refresh_token';
  /** the authorization request's nonce (code exchange only) */
  nonce: string | null;
  /** resource scopes the request narrowed to (refresh with `scope`), else null */
  resourceFilter?: string[] | null;
}

/** Mints and answers the tokens of a redeemed code or rotated refresh token (see the module comment). */
export async function issueUserTokens(
  ctx: EndpointContext,
  principal: ClientPrincipal,
  issuance: Issuance,
  options: UserTokenOptions,
): Promise<EndpointResult> {
  const { session, user, context } = issuance;
  const resources = await targetResources(ctx, issuance.resources);
  requireDpopForResources(ctx, resources);
  const audience = audienceFor(resources, ctx.issuerUrl);
  const granted = scopeList(issuance.scope);
  const client = principal.client;
  const clientScopes =
    client.registrationType !== 'registered' && !client.scopes.some((s) => SCOPE_PATTERN.test(s))
      ? [...client.scopes, ...definedScopes(resources)]
      : client.scopes;
  const scopes = scopesForResources(userTokenScopes(granted, context, clientScopes, options.resourceFilter ?? null), resources);
  const lifetimeSeconds = lifetimeFor(resources, principal.client.accessTokenTtlSeconds ?? ctx.issuer.accessTokenTtlSeconds);
  const signingKeys = ctx.shared.services.signingKeys;
  const signer = await signingKeys.currentSigner(ctx.issuer.id, ctx.issuer.signingAlg);
  const minted = await mintAccessToken(
    signer,
    {
      issuerUrl: ctx.issuerUrl,
      subject: user.id,
      clientId: principal.id,
      audience,
      scopes,
      organizationId: context.organizationId,
      lifetimeSeconds,
      sessionId: session.id,
      confirmation: ctx.dpop?.jkt ?? null,
    },
    ctx.now,
  );
  const body: Record<string, unknown> = {
    access_token: minted.token,
    token_type: ctx.dpop ? 'DPoP' : 'Bearer',
    expires_in: lifetimeSeconds,
  };
  if (scopes.length) body.scope = scopes.join(' ');
  if (scopes.includes('openid')) {
    const idAlg = principal.client.idTokenSignedResponseAlg ?? ctx.issuer.signingAlg;
    const idSigner = idAlg === signer.alg ? signer : await signingKeys.currentSigner(ctx.issuer.id, idAlg);
    const idToken = await mintIdToken(
      idSigner,
      {
        issuerUrl: ctx.issuerUrl,
        clientId: principal.id,
        user,
        session,
        scopes,
        organizationId: context.organizationId,
        nonce: options.nonce,
        accessToken: minted.token,
        lifetimeSeconds,
      },
      ctx.now,
    );
    body.id_token = idToken.token;
  }
  if (issuance.refreshToken) body.refresh_token = issuance.refreshToken;
  await recordIssued(ctx, {
    organizationId: context.organizationId,
    subject: user.id,
    actor: { type: 'user', id: user.id },
    data: eventData('token.issued', {
      grantType: options.grantType,
      principalType: 'user',
      clientId: principal.id,
      authMethod: principal.method,
      userId: user.id,
      sessionId: session.id,
      jti: minted.jti,
      kid: minted.kid,
      audience,
      scope: scopes,
      idToken: body.id_token !== undefined,
      refreshToken: body.refresh_token !== undefined,
      expiresAt: minted.expiresAt.toISOString(),
    }),
  });
  return { status: 200, body, headers: { ...NO_STORE } };
}
