/**
 * The router of the one node:http server: the Core API (`/graphql`, yoga's node listener, see
 * ./core-api.ts) and the plain routes — GET /v1/me, the GraphiQL page, /healthz, /readyz,
 * /metrics and the OAuth/OIDC sidecar of each issuer (`/{issuer_id}/…`, and RFC 8414's
 * `/.well-known/oauth-authorization-server/{issuer_id}`). Anything else is 404 NOT_FOUND.
 *
 * Each route returns the label it is counted under in /metrics (never an arbitrary path) and
 * the status it answered.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '../data/database.js';
import type { MeteredEvents } from '../domain/metered.js';
import { verifiedEvent } from '../domain/metered.js';
import { describeViewer, whoamiJson } from '../domain/whoami.js';
import type { Logger } from '../lib/logger.js';
import type { CoreApi } from './core-api.js';
import { sendCredentialRefusal, type CredentialCheck } from './credential.js';
import { admitPlainRequest, type RateLimitCheck } from './use-rate-limit.js';
import { sendError, sendJson } from './node-io.js';
import type { Authenticated } from './authenticate.js';

/** A route's metrics label and status. */
export type Routed = [route: string, status: number];

export interface RouterDeps {
  core: CoreApi;
  credential: CredentialCheck;
  rateLimit: RateLimitCheck;
  prisma: PrismaClient;
  metered: Pick<MeteredEvents, 'record'>;
  logger: Logger;
  /** true when the database (and Redis, when used) answer */
  ready(): Promise<boolean>;
  /** the Prometheus text and its content type */
  metrics(): Promise<{ text: string; contentType: string }>;
  /** METRICS_TOKEN (null: /metrics is served on METRICS_PORT only) */
  metricsToken: string | null;
  /** whether an organization is active in an issuer (cached: PrincipalDirectory.activeOrganization) */
  activeOrganization?: (issuerId: string, organizationId: string) => Promise<boolean>;
  /** an issuer's OAuth/OIDC endpoints; null when `path` is none of them */
  oauth(req: IncomingMessage, res: ServerResponse, issuerId: string, path: string): Promise<number | null>;
  /** the operator console under /console (src/http/console.ts): its status code */
  console(req: IncomingMessage, res: ServerResponse): Promise<number>;
}

const notFound = (res: ServerResponse): Routed => ['other', sendError(res, 'NOT_FOUND', 'No such route.')];

/** Constant-time check of `Authorization: Bearer <token>` against the token's SHA-256. */
function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match !== null && timingSafeEqual(createHash('sha256').update(match[1]!).digest(), expected);
}

/** Serves the Prometheus text. */
export async function serveMetrics(res: ServerResponse, metrics: RouterDeps['metrics']): Promise<void> {
  const { text, contentType } = await metrics();
  res.writeHead(200, { 'content-type': contentType });
  res.end(text);
}

export function createRouter(deps: RouterDeps): (req: IncomingMessage, res: ServerResponse) => Promise<Routed> {
  const { core, credential, rateLimit, prisma, metered, logger } = deps;
  const metricsToken = deps.metricsToken ? createHash('sha256').update(deps.metricsToken).digest() : null;

  /** Credential and rate limit of a plain route, like the Core API's plugins; null when answered. */
  async function admit(req: IncomingMessage, res: ServerResponse): Promise<Authenticated | number> {
    const outcome = await credential.check(req);
    if (!outcome.ok) return sendCredentialRefusal(res, outcome);
    return (await admitPlainRequest(rateLimit, outcome, res, logger)) ? outcome : 429;
  }

  /** GET /v1/me: who the credential is (domain/whoami.ts), counted as a metered verification. */
  async function whoami(req: IncomingMessage, res: ServerResponse): Promise<number> {
    if (req.method !== 'GET') return sendError(res, 'METHOD_NOT_ALLOWED', 'GET /v1/me only.', { headers: { allow: 'GET' } });
    const auth = await admit(req, res);
    if (typeof auth === 'number') return auth;
    metered.record(verifiedEvent(auth.viewer, 'GET /v1/me'));
    const known = { organizationStatus: auth.organizationStatus, activeOrganization: deps.activeOrganization };
    sendJson(res, 200, whoamiJson(await describeViewer(prisma, auth.viewer, known)), { 'cache-control': 'no-store' });
    return 200;
  }

  /**
   * The GraphiQL page (no data in it: its requests need a credential). A page request that
   * presents one is checked like any other.
   */
  async function graphiql(req: IncomingMessage, res: ServerResponse): Promise<number> {
    if (req.headers.authorization) {
      const auth = await admit(req, res);
      if (typeof auth === 'number') return auth;
    }
    // GraphiQL's HTML, JavaScript and CSS inlined from the install: no CDN, works offline.
    // imported on first use: the module inlines all of GraphiQL (9 MB of JavaScript to parse)
    const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
    const page = renderGraphiQL({});
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(page) });
    res.end(page);
    return 200;
  }

  async function graphql(req: IncomingMessage, res: ServerResponse): Promise<number> {
    if (req.method === 'GET' && (req.headers.accept ?? '').includes('text/html')) return graphiql(req, res);
    // A CORS preflight carries no credential: refused like any request without one (yoga's
    // CORS handling would otherwise answer it before useCredential runs).
    if (req.method === 'OPTIONS') {
      const auth = await admit(req, res);
      if (typeof auth === 'number') return auth;
    }
    await core(req, res);
    return res.statusCode;
  }

  return async function route(req, res) {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    switch (path) {
      case '/graphql':
        return ['/graphql', await graphql(req, res)];
      case '/v1/me':
        return ['/v1/me', await whoami(req, res)];
      case '/healthz':
        sendJson(res, 200, { status: 'up' });
        return [path, 200];
      case '/readyz': {
        // Open to anyone, so it says only up or down; what is down goes to the log.
        const ok = await deps.ready();
        sendJson(res, ok ? 200 : 503, { status: ok ? 'up' : 'down' });
        return [path, ok ? 200 : 503];
      }
      case '/metrics':
        // Per-route counts are not for everyone: a METRICS_TOKEN bearer, or the loopback METRICS_PORT.
        if (!metricsToken) return notFound(res);
        if (!bearerMatches(req.headers.authorization, metricsToken)) {
          return [
            path,
            sendError(res, 'UNAUTHENTICATED', 'GET /metrics needs the METRICS_TOKEN as a Bearer token.', {
              headers: { 'www-authenticate': 'Bearer realm="metrics"' },
            }),
          ];
        }
        await serveMetrics(res, deps.metrics);
        return [path, 200];
      default: {
        if (path === '/console' || path.startsWith('/console/')) return ['/console', await deps.console(req, res)];
        const rfc8414 = /^\/\.well-known\/(oauth-authorization-server|openid-configuration)\/(i_[0-9a-z]{26})$/.exec(path);
        const match = rfc8414 ? [path, rfc8414[2], `/.well-known/${rfc8414[1]}`] : /^\/(i_[0-9a-z]{26})(\/.*)$/.exec(path);
        if (match) {
          const status = await deps.oauth(req, res, match[1]!, match[2]!);
          // Route label for metrics: the known path when it was served, never an arbitrary one.
          if (status !== null) return [status === 404 ? 'other' : `/{issuer}${match[2]}`, status];
        }
        return notFound(res);
      }
    }
  };
}
