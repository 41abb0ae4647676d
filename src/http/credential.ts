/**
 * useCredential: who is calling, the same way for every transport of the Core API — HTTP
 * (GraphQL, SSE, GET /v1/me, an authenticated GraphiQL page) and graphql-ws (its connection_init
 * payload). Like graphql-yoga's JWT plugin: the plugin reads the credential in `onRequest`,
 * refuses the request there, and hands what it established to the rest of the pipeline through
 * the server context (`authentication`, read by useRateLimit and the GraphQL context).
 *
 * Order of checks: failed attempts are throttled per identifier and per address (429
 * RATE_LIMITED past the limit, before any verification); then the credential is verified (401
 * UNAUTHENTICATED for every refusal alike, the reason to the debug log); a credential that fails
 * counts as a failed attempt, one that works has its last use noted (HTTP only; in memory,
 * written in batches).
 * @module
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../lib/logger.js';
import type { LastUsedRecorder } from '../domain/last-used.js';
import type { FailedAuthLimiter } from './failed-auth.js';
import type { ClientIpResolver } from './client-ip.js';
import type { Authenticated, Authentication } from './authenticate.js';
import type { CoreServerContext } from './context.js';
import { readCredential } from './credentials.js';
import { errorResponse, sendError, type TransportErrorOptions } from './node-io.js';

/** What checking a request's credential came to. */
export type CredentialOutcome =
  | Authenticated
  | { ok: false; code: 'UNAUTHENTICATED' }
  | { ok: false; code: 'RATE_LIMITED'; retryAfterSeconds: number };

export interface CredentialCheckDeps {
  /** verifies the credential of a request (./authenticate.ts) */
  authenticate: (req: IncomingMessage) => Promise<Authentication>;
  failedAuth: FailedAuthLimiter;
  clientIp: ClientIpResolver;
  lastUsed: Pick<LastUsedRecorder, 'touch'>;
  logger: Logger;
}

export interface CredentialCheck {
  /** An HTTP request's credential (Authorization or X-API-Key). */
  check(req: IncomingMessage): Promise<CredentialOutcome>;
  /**
   * A graphql-ws connection's credential: `authorization` or `x-api-key` of its connection_init
   * payload, as in HTTP headers (and `dpop`, the proof a DPoP-bound token needs); the handshake's
   * address counts failures.
   */
  checkConnection(upgrade: IncomingMessage, params: Record<string, unknown>): Promise<CredentialOutcome>;
}

/** The identifier a failed credential is counted under (the key or token id; null for a JWT). */
function presentedIdentifier(headers: IncomingHttpHeaders): string | null {
  const presented = readCredential(headers);
  return presented.kind === 'api_key' || presented.kind === 'personal_token' ? presented.id : null;
}

export function createCredentialCheck({ authenticate, failedAuth, clientIp, lastUsed, logger }: CredentialCheckDeps): CredentialCheck {
  async function verify(req: IncomingMessage, addressOf: IncomingMessage): Promise<CredentialOutcome> {
    const identifier = presentedIdentifier(req.headers);
    const address = clientIp(addressOf);
    const verdict = await failedAuth.check(identifier, address);
    if (verdict.blocked) return { ok: false, code: 'RATE_LIMITED', retryAfterSeconds: verdict.retryAfterSeconds };
    const auth = await authenticate(req);
    if (auth.ok) return auth;
    logger.debug({ reason: auth.reason }, 'credential refused');
    if (auth.presented) await failedAuth.failed(identifier, address);
    return { ok: false, code: 'UNAUTHENTICATED' };
  }

  return {
    async check(req) {
      const outcome = await verify(req, req);
      if (outcome.ok) {
        if (outcome.viewer.kind === 'personal_token') lastUsed.touch('personalToken', outcome.viewer.credentialId);
        if (outcome.apiKey) lastUsed.touch('apiKey', outcome.apiKey.id);
      }
      return outcome;
    },
    async checkConnection(upgrade, params) {
      const pick = (...names: string[]) => names.map((n) => params[n]).find((v): v is string => typeof v === 'string');
      const authorization = pick('authorization', 'Authorization');
      const apiKey = pick('x-api-key', 'X-API-Key', 'apiKey');
      // the payload's credential stands in for the handshake's
      const headers: IncomingHttpHeaders = { ...upgrade.headers };
      if (authorization) headers.authorization = authorization;
      if (apiKey) headers['x-api-key'] = apiKey;
      if (!authorization && !apiKey) delete headers.authorization;
      // RFC 9449 has no WebSocket binding: a DPoP proof for GET {publicUrl}/graphql rides in the payload
      const proof = pick('dpop', 'DPoP');
      if (proof) headers.dpop = proof;
      else delete headers.dpop;
      const shim = Object.assign(Object.create(upgrade) as IncomingMessage, { headers });
      Object.defineProperty(shim, 'rawHeaders', { value: proof ? ['DPoP', proof] : [] });
      return verify(shim, upgrade);
    },
  };
}

const UNAUTHENTICATED_MESSAGE = 'Authentication required: present a valid credential (HTTP Basic key_id:secret, or Bearer).';
const FAILURES_MESSAGE = 'Too many failed authentications: retry after the number of seconds in Retry-After.';

/** The answer to a refused credential: 401 with WWW-Authenticate, or 429 with Retry-After. */
function refusal(
  outcome: Exclude<CredentialOutcome, Authenticated>,
): [code: 'UNAUTHENTICATED' | 'RATE_LIMITED', message: string, options: TransportErrorOptions] {
  if (outcome.code === 'RATE_LIMITED') {
    return [
      'RATE_LIMITED',
      FAILURES_MESSAGE,
      { headers: { 'retry-after': String(outcome.retryAfterSeconds) }, extensions: { retryAfterSeconds: outcome.retryAfterSeconds } },
    ];
  }
  return [
    'UNAUTHENTICATED',
    UNAUTHENTICATED_MESSAGE,
    { headers: { 'www-authenticate': 'Basic realm="authgraph", charset="UTF-8", Bearer realm="authgraph"' } },
  ];
}

/** Writes the refusal of a plain route (GET /v1/me, GraphiQL); returns the status. */
export function sendCredentialRefusal(res: ServerResponse, outcome: Exclude<CredentialOutcome, Authenticated>): number {
  return sendError(res, ...refusal(outcome));
}

/**
 * The yoga plugin: every request of the GraphQL endpoint (HTTP and SSE) is refused or carries its
 * `authentication` from here on. The GraphiQL page is served by the router, not here.
 */
export function useCredential(credential: CredentialCheck): Plugin<object, CoreServerContext> {
  return {
    async onRequest({ serverContext, endResponse, fetchAPI }) {
      const outcome = await credential.check(serverContext.req);
      if (outcome.ok) serverContext.authentication = outcome;
      else endResponse(errorResponse(fetchAPI.Response, ...refusal(outcome)));
    },
  };
}
