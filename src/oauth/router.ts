/**
 * The REST sidecar of one issuer, at `{PUBLIC_URL}/{issuer_id}/…`: discovery, JWKS, token,
 * introspection, revocation. Plain node:http (no GraphQL on this path).
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from '../domain/services.js';
import type { Config } from '../config/env.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { sendJson } from '../http/node-io.js';

export interface OAuthRouterDeps {
  config: Config;
  /** `{PUBLIC_URL}`: the issuer URL of issuer X is `${publicUrl()}/${X}` */
  publicUrl: () => string;
  services: Services;
  clock: Clock;
  logger: Logger;
}

/**
 * Handles `/{issuerId}/{rest}`; returns the status sent, or null when the path is not an issuer
 * route (so the caller answers 404).
 */
export function createOAuthRouter(_deps: OAuthRouterDeps) {
  return async function handleIssuerRoute(_req: IncomingMessage, res: ServerResponse, _issuerId: string, _rest: string): Promise<number | null> {
    sendJson(res, 404, { error: 'not_found' });
    return 404;
  };
}
