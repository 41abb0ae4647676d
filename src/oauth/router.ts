/**
 * The REST sidecar of one issuer, at `{PUBLIC_URL}/{issuer_id}/…`: discovery, JWKS, token,
 * introspection, revocation. Plain node:http (no GraphQL on this path). Every error goes through
 * the one OAuth serializer (./errors.ts); token, introspection and revocation answers and all
 * errors carry `Cache-Control: no-store`.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from '../domain/services.js';
import type { MeteredEvents } from '../domain/metered.js';
import type { Issuer } from '../generated/prisma/client.js';
import type { Config } from '../config/env.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { BodyTooLargeError, readBody } from '../http/node-io.js';
import { OAuthError, oauthErrorResponse } from './errors.js';
import { parseForm } from './form.js';
import { createReplayCache } from './replay-cache.js';
import { createIssuerKeyCache } from './access-tokens.js';
import { metadataEndpoint, jwksEndpoint } from './discovery.js';
import { tokenEndpoint } from './token.js';
import { introspectionEndpoint } from './introspection.js';
import { revocationEndpoint } from './revocation.js';
import type { EndpointContext, EndpointResult, OAuthShared } from './context.js';

export interface OAuthRouterDeps {
  config: Config;
  /** `{PUBLIC_URL}`: the issuer URL of issuer X is `${publicUrl()}/${X}` */
  publicUrl: () => string;
  services: Services;
  clock: Clock;
  logger: Logger;
  /** batches `token.issued`; without it each issued token costs one extra insert */
  metered?: MeteredEvents;
}

const FORM_BODY_LIMIT = 64 * 1024;
/** Issuer rows are read on every call: cached briefly (a policy change applies within this). */
const ISSUER_CACHE_MS = 5_000;
const ISSUER_CACHE_MAX = 10_000;

interface Endpoint {
  method: 'GET' | 'POST';
  handle(ctx: EndpointContext): EndpointResult | Promise<EndpointResult>;
}

const ENDPOINTS: Record<string, Endpoint> = {
  '/.well-known/openid-configuration': { method: 'GET', handle: metadataEndpoint },
  '/.well-known/oauth-authorization-server': { method: 'GET', handle: metadataEndpoint },
  '/jwks': { method: 'GET', handle: jwksEndpoint },
  '/token': { method: 'POST', handle: tokenEndpoint },
  '/introspect': { method: 'POST', handle: introspectionEndpoint },
  '/revoke': { method: 'POST', handle: revocationEndpoint },
};

function send(res: ServerResponse, result: EndpointResult): void {
  const text = result.body === null ? '' : JSON.stringify(result.body);
  const headers: Record<string, string | number> = { ...result.headers, 'content-length': Buffer.byteLength(text) };
  if (result.body !== null) headers['content-type'] = 'application/json; charset=utf-8';
  res.writeHead(result.status, headers);
  res.end(text);
}

/**
 * Handles `/{issuerId}/{rest}`; returns the status sent, or null when the path is not an issuer
 * route or the issuer does not exist (so the caller answers 404).
 */
export function createOAuthRouter(deps: OAuthRouterDeps) {
  const { services, clock, logger, publicUrl } = deps;
  const log = logger.child({ source: 'oauth' });
  const issuers = new Map<string, { issuer: Issuer; at: number }>();
  const shared: OAuthShared = {
    services,
    metered: deps.metered ?? null,
    replay: createReplayCache(),
    keys: createIssuerKeyCache({
      load: async (issuerId) => {
        const issuer = await findIssuer(issuerId);
        return issuer && { accountId: issuer.accountId, keys: (await services.signingKeys.jwks(issuerId)).keys };
      },
    }),
  };

  async function findIssuer(id: string): Promise<Issuer | null> {
    const cached = issuers.get(id);
    if (cached && Date.now() - cached.at < ISSUER_CACHE_MS) return cached.issuer;
    const issuer = await services.principals.issuer(id);
    issuers.delete(id);
    if (issuer) {
      if (issuers.size >= ISSUER_CACHE_MAX) issuers.delete(issuers.keys().next().value!);
      issuers.set(id, { issuer, at: Date.now() });
    }
    return issuer;
  }

  async function readParams(req: IncomingMessage): Promise<Map<string, string>> {
    try {
      return parseForm(req.headers['content-type'], await readBody(req, FORM_BODY_LIMIT));
    } catch (error) {
      if (error instanceof BodyTooLargeError) throw new OAuthError('invalid_request', 413, `the body is larger than ${FORM_BODY_LIMIT} bytes`);
      throw error;
    }
  }

  return async function handleIssuerRoute(req: IncomingMessage, res: ServerResponse, issuerId: string, rest: string): Promise<number | null> {
    const endpoint = Object.hasOwn(ENDPOINTS, rest) ? ENDPOINTS[rest] : undefined;
    if (!endpoint) return null;
    const issuer = await findIssuer(issuerId);
    if (!issuer) return null;
    const issuerUrl = `${publicUrl()}/${issuer.id}`;
    let result: EndpointResult;
    try {
      if (req.method !== endpoint.method) {
        req.resume();
        const refused = oauthErrorResponse(new OAuthError('invalid_request', 405, `use ${endpoint.method}`));
        send(res, { ...refused, headers: { ...refused.headers, allow: endpoint.method } });
        return 405;
      }
      const params = endpoint.method === 'POST' ? await readParams(req) : new Map<string, string>();
      result = await endpoint.handle({ req, issuer, issuerUrl, endpointUrl: `${issuerUrl}${rest}`, now: clock.now(), params, shared });
    } catch (error) {
      if (!(error instanceof OAuthError)) log.error({ err: error, path: rest }, 'oauth endpoint failed');
      else if (error.detail) log.debug({ path: rest, error: error.error, detail: error.detail }, 'oauth request refused');
      result = oauthErrorResponse(error);
      if (result.status === 413) result.headers = { ...result.headers, connection: 'close' };
    }
    send(res, result);
    return result.status;
  };
}
