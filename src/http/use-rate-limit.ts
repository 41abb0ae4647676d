/**
 * useRateLimit: every operation of an authenticated caller counts against its credential's limit
 * — an HTTP request (GraphQL, SSE, GET /v1/me) or one graphql-ws `subscribe` — through the
 * limiter of ./rate-limit.ts. HTTP answers carry X-RateLimit-Limit/Remaining/Reset, and 429
 * RATE_LIMITED with Retry-After past the limit; graphql-ws gets the protocol's `error` message
 * (src/http/graphql-ws.ts).
 *
 * The limit is the credential's effective one as the kernel reads it (its own rateLimit, else its
 * kind's default: `restrictions.rateLimit`, config RATE_LIMIT_*). Access tokens count per
 * (issuer, client, subject), so minting new tokens does not reset the count.
 * @module
 */
import type { ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config/env.js';
import type { Logger } from '../lib/logger.js';
import type { Authenticated } from './authenticate.js';
import type { CoreServerContext } from './context.js';
import type { RateLimiter, RateLimitResult } from './rate-limit.js';
import { errorResponse, sendError, type TransportErrorOptions } from './node-io.js';

export interface RateLimitCheck {
  /** Counts one operation of `auth`; never rejects (see RateLimiter.consume). */
  consume(auth: Authenticated): Promise<RateLimitResult>;
  /** X-RateLimit-* (and Retry-After when refused) for a result. */
  headers(result: RateLimitResult): Record<string, string>;
}

/** The key, limit and window an authenticated caller is counted under. */
export function limitOf(auth: Authenticated, defaults: Config['rateLimit']): { key: string; limit: number; windowSeconds: number } {
  const viewer = auth.viewer;
  const own = viewer.restrictions.rateLimit;
  const windowSeconds = own?.windowSeconds ?? defaults.windowSeconds;
  if (viewer.kind === 'access_token')
    return {
      key: `accessToken:${viewer.issuerId}:${viewer.clientId}:${viewer.subject}`,
      limit: own?.limit ?? defaults.accessToken,
      windowSeconds,
    };
  const key = auth.apiKey
    ? `apiKey:${auth.apiKey.id}`
    : `${viewer.kind === 'personal_token' ? 'personalToken' : 'credential'}:${viewer.credentialId}`;
  return { key, limit: own?.limit ?? defaults.limit, windowSeconds };
}

export function createRateLimitCheck(limiter: RateLimiter, defaults: Config['rateLimit']): RateLimitCheck {
  return {
    consume(auth) {
      const { key, limit, windowSeconds } = limitOf(auth, defaults);
      return limiter.consume(key, limit, windowSeconds);
    },
    headers: (result) => limiter.headers(result),
  };
}

const LIMITED_MESSAGE = 'Rate limit exceeded: retry after the number of seconds in Retry-After.';
const limited = (result: RateLimitResult): TransportErrorOptions => ({ extensions: { retryAfterSeconds: result.retryAfterSeconds ?? 1 } });

/**
 * Counts the request of a plain route (GET /v1/me): sets the X-RateLimit-* headers on `res` and
 * answers 429 past the limit. Returns true when the request may go on.
 */
export async function admitPlainRequest(
  rateLimit: RateLimitCheck,
  auth: Authenticated,
  res: ServerResponse,
  logger: Logger,
): Promise<boolean> {
  const result = await rateLimit.consume(auth);
  for (const [name, value] of Object.entries(rateLimit.headers(result))) res.setHeader(name, value);
  if (result.allowed) return true;
  logger.info({ credential: auth.viewer.credentialId }, 'rate limited');
  sendError(res, 'RATE_LIMITED', LIMITED_MESSAGE, limited(result));
  return false;
}

/** The yoga plugin: after useCredential, counts the request and refuses it past the limit. */
export function useRateLimit(rateLimit: RateLimitCheck, logger: Logger): Plugin<object, CoreServerContext> {
  return {
    async onRequest({ serverContext, endResponse, fetchAPI }) {
      const auth = serverContext.authentication;
      if (!auth) return;
      const result = await rateLimit.consume(auth);
      const headers = rateLimit.headers(result);
      // on the node response: yoga's answer (or an early one) is written with them
      for (const [name, value] of Object.entries(headers)) serverContext.res.setHeader(name, value);
      if (result.allowed) return;
      logger.info({ credential: auth.viewer.credentialId }, 'rate limited');
      endResponse(errorResponse(fetchAPI.Response, 'RATE_LIMITED', LIMITED_MESSAGE, limited(result)));
    },
  };
}
