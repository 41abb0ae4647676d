/**
 * RFC 8707 resource indicators, one rule for /authorize and every grant of /token:
 *
 * - `resource` may be sent several times (each value an absolute URI without a fragment, else
 *   `invalid_target`), and every value must be the identifier of one of the issuer's Resources
 *   (src/domain/resources.ts), else `invalid_target`: a token is minted only for an API the
 *   operator registered, never for a URI a client made up.
 * - The token's `aud` is exactly the resources asked for (one: a string; several: an array);
 *   none asked for: the issuer URL (the issuer's own APIs), as before.
 * - Scopes: a token for resources carries, of its resource:action scopes, only those the
 *   resources define; OIDC scopes stay. Lifetime: the shortest of the resources'
 *   `accessTokenTtlSeconds` and the lifetime it would have had.
 * - At the token endpoint after an authorization (code, refresh): the resources must be among
 *   those the authorization named; none sent: all of those. An authorization that named none
 *   yields tokens for the issuer only: a `resource` then is `invalid_target` (the person never
 *   saw that API on the consent page, and a third-party client's grant records the resources
 *   consented to).
 * - DPoP (RFC 9449): a token for a resource with `dpopRequired` is minted only for a request
 *   with a valid DPoP proof (the token is then bound, `cnf.jkt`); else `invalid_dpop_proof`.
 * @module
 */
import type { Resource } from '../generated/prisma/client.js';
import { OIDC_SCOPES } from '../domain/clients.js';
import { resourceIdentifierProblem } from '../domain/resources.js';
import { InvalidTarget } from './errors.js';
import type { EndpointContext } from './context.js';
import { InvalidDpopProof, requireDpopFor } from './dpop.js';

const OIDC: ReadonlySet<string> = new Set(OIDC_SCOPES);
/** At most this many resources in one request. */
export const MAX_RESOURCES = 10;

/** The `resource` values of the request, deduplicated; syntax checked (invalid_target). */
export function resourceParams(ctx: Pick<EndpointContext, 'lists'>): string[] {
  const values = [...new Set(ctx.lists.get('resource') ?? [])];
  if (values.length > MAX_RESOURCES) throw new InvalidTarget(`at most ${MAX_RESOURCES} resource parameters`);
  for (const value of values) if (resourceIdentifierProblem(value)) throw new InvalidTarget();
  return values;
}

/** The issuer's Resources named by `identifiers`, in order; an unknown one is invalid_target. */
export async function resolveResources(
  ctx: Pick<EndpointContext, 'issuer' | 'shared'>,
  identifiers: readonly string[],
): Promise<Resource[]> {
  if (identifiers.length === 0) return [];
  const known = await ctx.shared.services.resources.ofIssuer(ctx.issuer.id);
  return identifiers.map((identifier) => {
    const resource = known.get(identifier);
    if (!resource) throw new InvalidTarget('the resource parameter names no resource of this issuer');
    return resource;
  });
}

/** The resources of the request (`resource` parameters), resolved; [] when none was sent. */
export async function requestedResources(ctx: Pick<EndpointContext, 'lists' | 'issuer' | 'shared'>): Promise<Resource[]> {
  return resolveResources(ctx, resourceParams(ctx));
}

/**
 * The resources a token after an authorization is for: those asked for now (each among the
 * `granted` ones, else invalid_target — also when the authorization named none), or all the
 * granted ones.
 */
export async function targetResources(
  ctx: Pick<EndpointContext, 'lists' | 'issuer' | 'shared'>,
  granted: readonly string[],
): Promise<Resource[]> {
  const asked = resourceParams(ctx);
  if (asked.some((r) => !granted.includes(r))) throw new InvalidTarget('the resource was not part of the authorization');
  return resolveResources(ctx, asked.length ? asked : granted);
}

/** Every scope the resources define. */
export function definedScopes(resources: readonly Resource[]): Set<string> {
  return new Set(resources.flatMap((r) => r.scopes));
}

/** `scopes` narrowed to the resources: OIDC scopes, and resource scopes one of them defines (none: unchanged). */
export function scopesForResources(scopes: readonly string[], resources: readonly Resource[]): string[] {
  if (resources.length === 0) return [...scopes];
  const defined = definedScopes(resources);
  return scopes.filter((s) => OIDC.has(s) || defined.has(s));
}

/** The `aud` claim: the issuer URL without resources, one identifier, or the list. */
export function audienceFor(resources: readonly Resource[], issuerUrl: string): string | string[] {
  if (resources.length === 0) return issuerUrl;
  if (resources.length === 1) return resources[0]!.identifier;
  return resources.map((r) => r.identifier);
}

/** The lifetime: `fallback`, shortened to the shortest resource lifetime. */
export function lifetimeFor(resources: readonly Resource[], fallback: number): number {
  return Math.min(fallback, ...resources.map((r) => r.accessTokenTtlSeconds ?? fallback));
}

/**
 * Refuses (`invalid_dpop_proof`) a token request without a DPoP proof when one of the resources
 * requires DPoP-bound tokens (Resource.dpopRequired, RFC 9449): the token would be a bearer token
 * its resource refuses anyway.
 */
export function requireDpopForResources(ctx: Pick<EndpointContext, 'dpop'>, resources: readonly Resource[]): void {
  const strict = resources.find((r) => requireDpopFor({}, r));
  if (strict && !ctx.dpop)
    throw new InvalidDpopProof(`the resource ${strict.identifier} accepts only DPoP-bound tokens: send a DPoP proof`);
}
