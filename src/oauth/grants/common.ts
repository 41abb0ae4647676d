/**
 * What every grant of the token endpoint shares: the `Grant` shape and the scope and audience
 * rules of RFC 6749 §3.3 and RFC 8707, so the grants (./*.ts) and ./index.ts import this module
 * and never each other.
 * @module
 */
import type { EndpointContext, EndpointResult } from '../context.js';
import type { Principal } from '../client-auth.js';
import { InvalidScope, InvalidTarget } from '../errors.js';

export interface Grant {
  grantType: string;
  /** public clients (token_endpoint_auth_method `none`) may use the grant */
  publicClients?: boolean;
  handle(ctx: EndpointContext, principal: Principal): Promise<EndpointResult>;
}

/** RFC 6749 §3.3 scope-token characters. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]{1,200}$/;

/** The requested scopes (space-delimited, deduplicated), or null when none were requested. */
export function requestedScopes(scope: string | undefined): string[] | null {
  if (scope === undefined) return null;
  const tokens = [...new Set(scope.split(' ').filter(Boolean))];
  if (tokens.length === 0) return null;
  if (tokens.length > 100 || tokens.some((t) => !SCOPE_TOKEN.test(t)))
    throw new InvalidScope('scope is not a space-delimited list of scope tokens');
  return tokens;
}

/** Grants the requested scopes when all are held (else invalid_scope); nothing requested → all held. */
export function grantScopes(requested: string[] | null, held: string[]): string[] {
  if (requested === null) return held;
  const holding = new Set(held);
  if (requested.some((s) => !holding.has(s))) throw new InvalidScope();
  return requested;
}

/** The token audience: the `resource` parameter, or the issuer URL. */
export function audienceOf(resource: string | undefined, issuerUrl: string): string {
  if (resource === undefined) return issuerUrl;
  let url: URL;
  try {
    url = new URL(resource);
  } catch {
    throw new InvalidTarget();
  }
  if (resource.length > 2000 || resource.includes('#') || !url.protocol) throw new InvalidTarget();
  return resource;
}
