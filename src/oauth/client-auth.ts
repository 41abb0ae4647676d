/**
 * Client authentication at the token, introspection and revocation endpoints (RFC 6749 §2.3).
 * A caller presents exactly one of: HTTP Basic (`client_secret_basic`; id and secret
 * form-urlencoded, then base64), `client_id` + `client_secret` in the body (`client_secret_post`),
 * or a client assertion (`private_key_jwt`). More than one is `invalid_request`; anything that
 * does not authenticate is `invalid_client`, with the same answer for an unknown client and a
 * wrong secret.
 *
 * Clients: a client with a secret may send it either way (basic or post), and the previous secret
 * works until its overlap ends; a client registered for private_key_jwt must sign an assertion.
 * Public clients (`none`, RFC 6749 §2.1): `client_id` alone, and only where the endpoint allows it
 * (the authorization_code and refresh_token grants, revocation); a public client that sends a
 * secret, or a confidential one that sends none, does not authenticate.
 * Client ID Metadata Document clients (a `client_id` that is a URL, ./cimd.ts) are public: the
 * URL alone, matched against the registration /authorize stored (never fetched here).
 * Agents (`agt_…`): a secret verifier or a private_key_jwt verifier, while the agent is active,
 * the verifier has not expired and the caller's address is within its IP allowlist.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { JWK } from 'jose';
import { secretMatchesHash, sha256Hex } from '../lib/crypto.js';
import { idKind } from '../lib/ids.js';
import { ipAllowed } from '../lib/cidr.js';
import type { Client } from '../generated/prisma/client.js';
import type { AgentWithVerifiers, PrincipalDirectory } from '../domain/principals.js';
import { creatorAllows } from '../domain/authorization/creator.js';
import { InvalidClient, InvalidRequest } from './errors.js';
import { JWT_BEARER_ASSERTION_TYPE, verifyClientAssertion } from './client-assertion.js';
import type { ReplayCache } from './replay-cache.js';
import type { EndpointContext } from './context.js';
import { isMetadataDocumentUrl, MAX_URL_LENGTH } from './cimd.js';

export type AuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';

export type Principal =
  | { kind: 'client'; id: string; client: Client; method: AuthMethod }
  | { kind: 'agent'; id: string; agent: AgentWithVerifiers; method: AuthMethod };

type Presented =
  | { method: 'client_secret_basic' | 'client_secret_post'; clientId: string; secret: string }
  | { method: 'private_key_jwt'; clientId: string; assertion: string }
  | { method: 'none'; clientId: string };

/** Decodes application/x-www-form-urlencoded (RFC 6749 §2.3.1 applies it inside Basic). */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw new InvalidRequest('the Authorization header is not valid HTTP Basic credentials');
  }
}

function readBasic(header: string): { clientId: string; secret: string } {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header.trim());
  if (!match) throw new InvalidRequest('the Authorization header is not valid HTTP Basic credentials');
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new InvalidRequest('the Authorization header is not valid HTTP Basic credentials');
  return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

/**
 * Which credential the request carries; throws invalid_request for two. A bare `client_id` is the
 * `none` method (a public client); nothing at all is invalid_client.
 */
export function readPresented(authorization: string | undefined, params: Map<string, string>): Presented {
  const bodyId = params.get('client_id');
  const bodySecret = params.get('client_secret');
  const assertion = params.get('client_assertion');
  const assertionType = params.get('client_assertion_type');
  if (authorization !== undefined) {
    const basic = readBasic(authorization);
    if (bodySecret !== undefined || assertion !== undefined) throw new InvalidRequest('use exactly one client authentication method');
    if (bodyId !== undefined && bodyId !== basic.clientId)
      throw new InvalidRequest('client_id differs from the one in the Authorization header');
    return { method: 'client_secret_basic', ...basic };
  }
  if (assertion !== undefined || assertionType !== undefined) {
    if (bodySecret !== undefined) throw new InvalidRequest('use exactly one client authentication method');
    if (assertionType !== JWT_BEARER_ASSERTION_TYPE) throw new InvalidRequest(`client_assertion_type must be ${JWT_BEARER_ASSERTION_TYPE}`);
    if (assertion === undefined) throw new InvalidRequest('client_assertion is missing');
    const clientId = bodyId ?? unverifiedSubject(assertion);
    return { method: 'private_key_jwt', clientId, assertion };
  }
  if (bodySecret !== undefined) {
    if (bodyId === undefined) throw new InvalidRequest('client_id is missing');
    return { method: 'client_secret_post', clientId: bodyId, secret: bodySecret };
  }
  if (bodyId !== undefined) return { method: 'none', clientId: bodyId };
  throw new InvalidClient('no client credentials');
}

/** The `sub` of a JWS payload, read without verification (only to find whose keys to verify with). */
function unverifiedSubject(assertion: string): string {
  try {
    const payload = JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: unknown };
    if (typeof payload.sub === 'string' && payload.sub.length <= 100) return payload.sub;
  } catch {
    // fall through
  }
  throw new InvalidClient('client assertion without a readable sub');
}

// Compared against when the client is unknown, so both failures cost the same.
const DECOY_HASH = sha256Hex('authgraph-decoy-secret');

function clientSecretMatches(client: Client, secret: string, now: Date): boolean {
  const current = client.secretHash !== null && secretMatchesHash(secret, client.secretHash);
  const previous =
    client.previousSecretHash !== null &&
    client.previousSecretExpiresAt !== null &&
    client.previousSecretExpiresAt > now &&
    secretMatchesHash(secret, client.previousSecretHash);
  return current || previous;
}

function agentSecretMatches(agent: AgentWithVerifiers, secret: string): boolean {
  let ok = false;
  for (const v of agent.verifiers) if (v.type === 'secret' && v.secretHash !== null && secretMatchesHash(secret, v.secretHash)) ok = true;
  return ok;
}

export interface ClientAuthContext {
  issuerId: string;
  issuerUrl: string;
  /** URL of the endpoint being called (accepted as an assertion audience) */
  endpointUrl: string;
  now: Date;
  principals: PrincipalDirectory;
  replay: ReplayCache;
  /** the caller's IP address (http/client-ip.ts), checked against agent verifiers' allowlists; null: unknown */
  clientIp: string | null;
}

export interface AuthenticateOptions {
  /** agents (`agt_…`) may call */
  allowAgents: boolean;
  /** public clients may call with `client_id` alone */
  allowPublic?: boolean;
}

/** Spends the time of a secret comparison (unknown callers cost what known ones do). */
function decoy(presented: Presented): void {
  if (presented.method === 'client_secret_basic' || presented.method === 'client_secret_post')
    secretMatchesHash(presented.secret, DECOY_HASH);
}

/**
 * Authenticates the caller as a client (or, with `allowAgents`, an agent; with `allowPublic`, a
 * public client) of this issuer. Throws InvalidRequest for malformed or doubled credentials and
 * InvalidClient otherwise.
 */
export async function authenticateClient(
  req: IncomingMessage,
  params: Map<string, string>,
  ctx: ClientAuthContext,
  { allowAgents, allowPublic = false }: AuthenticateOptions,
): Promise<Principal> {
  const presented = readPresented(req.headers.authorization, params);
  const kind = idKind(presented.clientId);
  const denied = (detail: string) => new InvalidClient(detail);
  if (presented.method === 'none' && !allowPublic) throw denied('no client credentials (public clients cannot use this endpoint)');

  if (kind === null && isMetadataDocumentUrl(presented.clientId)) {
    const client =
      presented.clientId.length <= MAX_URL_LENGTH ? await ctx.principals.clientByMetadataDocument(ctx.issuerId, presented.clientId) : null;
    if (!client) {
      decoy(presented);
      throw denied('unknown metadata document client');
    }
    if (presented.method !== 'none') throw denied('a metadata document client is public: client_id only');
    return { kind: 'client', id: client.id, client, method: 'none' };
  }

  if (kind === 'client') {
    const client = await ctx.principals.client(ctx.issuerId, presented.clientId);
    if (!client) {
      decoy(presented);
      throw denied('unknown client');
    }
    if (presented.method === 'none') {
      if (client.tokenEndpointAuthMethod !== 'none') throw denied('no client credentials for a confidential client');
    } else if (presented.method === 'private_key_jwt') {
      if (client.tokenEndpointAuthMethod !== 'private_key_jwt' || !client.jwks)
        throw denied('client is not registered for private_key_jwt');
      await verifyClientAssertion(presented.assertion, assertionCheck(ctx, client.id, (client.jwks as { keys: JWK[] }).keys));
    } else {
      const registered =
        client.tokenEndpointAuthMethod === 'client_secret_basic' || client.tokenEndpointAuthMethod === 'client_secret_post';
      if (!clientSecretMatches(client, presented.secret, ctx.now) || !registered) throw denied('wrong secret or method');
    }
    return { kind: 'client', id: client.id, client, method: presented.method };
  }

  if (kind === 'agent' && allowAgents) {
    const found = await ctx.principals.agent(ctx.issuerId, presented.clientId);
    // a verifier works only before its expiry, from its allowlisted networks (inherited from its
    // creator) and while its creators' authority holds (authorization/creator.ts)
    const agent = found && {
      ...found,
      verifiers: found.verifiers.filter(
        (v) => (!v.expiresAt || v.expiresAt > ctx.now) && ipAllowed(ctx.clientIp, v.ipAllowlist) && creatorAllows(v.creator, ctx.now),
      ),
    };
    if (!agent) {
      decoy(presented);
      throw denied('unknown agent');
    }
    if (presented.method === 'none') {
      throw denied('an agent must authenticate');
    } else if (presented.method === 'private_key_jwt') {
      const keys = agent.verifiers.filter((v) => v.type === 'private_key_jwt' && v.publicJwk !== null).map((v) => v.publicJwk as JWK);
      if (keys.length === 0) throw denied('agent has no active private_key_jwt verifier');
      await verifyClientAssertion(presented.assertion, assertionCheck(ctx, agent.id, keys));
    } else if (!agentSecretMatches(agent, presented.secret)) {
      throw denied('wrong agent secret');
    }
    // Checked after the credential so a suspended agent and a wrong secret look the same.
    if (agent.status !== 'active') throw denied('agent is suspended');
    return { kind: 'agent', id: agent.id, agent, method: presented.method };
  }

  decoy(presented);
  throw denied('not a client id of this endpoint');
}

function assertionCheck(ctx: ClientAuthContext, clientId: string, keys: JWK[]) {
  const audiences = [...new Set([ctx.issuerUrl, `${ctx.issuerUrl}/token`, ctx.endpointUrl])];
  return { clientId, keys, audiences, now: ctx.now, replay: ctx.replay, replayScope: `${ctx.issuerId}:${clientId}` };
}

/** The client-authentication context of an endpoint call. */
export function authContext(ctx: EndpointContext): ClientAuthContext {
  return {
    issuerId: ctx.issuer.id,
    issuerUrl: ctx.issuerUrl,
    endpointUrl: ctx.endpointUrl,
    now: ctx.now,
    principals: ctx.shared.services.principals,
    replay: ctx.shared.replay,
    clientIp: ctx.shared.clientIp(ctx.req),
  };
}
