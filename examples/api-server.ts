/**
 * An API (plain node:http) that guards its routes with Authgraph access tokens:
 * `admin.sessions.verify` checks the JWT against the issuer's JWKS (cached per process) and
 * `requireScopes` enforces deny-by-default scopes.
 *
 *   GET /invoices        needs invoices:read   → 200, 401 without a valid token, 403 without the scope
 *   POST /invoices       needs invoices:write
 *   GET /me              any valid token: who is calling
 *
 *   AUTHGRAPH_ISSUER=http://127.0.0.1:4000/i_… API_AUDIENCE=https://api.example.com PORT=3001 npx tsx examples/api-server.ts
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { ForbiddenError, requireScopes, verifyAccessToken, type VerifiedSession } from '@authgraph/sdk';

export interface ApiServerOptions {
  /** the issuer URL (`{AUTHGRAPH_URL}/{issuer_id}`) */
  issuer: string;
  /** the audience your tokens are minted for (`resource` at /token); default the issuer URL */
  audience?: string;
}

const ROUTES: Record<string, { scopes: string[]; handle: (session: VerifiedSession) => unknown }> = {
  'GET /invoices': { scopes: ['invoices:read'], handle: (s) => ({ organization: s.orgId, invoices: [{ id: 'inv_1', amount: 4200 }] }) },
  'POST /invoices': { scopes: ['invoices:write'], handle: (s) => ({ created: true, by: s.subject }) },
  'GET /me': { scopes: [], handle: (s) => ({ subject: s.subject, type: s.type, orgId: s.orgId, scopes: s.scopes, actor: s.actor }) },
};

export function createApiServer(options: ApiServerOptions): Server {
  return createServer(async (req, res) => {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const route = ROUTES[`${req.method} ${(req.url ?? '/').split('?')[0]}`];
    if (!route) return send(404, { error: 'not_found' });
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const session = bearer
      ? await verifyAccessToken(bearer, { issuer: options.issuer, ...(options.audience ? { audience: options.audience } : {}) })
      : null;
    // RFC 6750 §3: no or a bad token → 401 with WWW-Authenticate; a missing scope → 403
    if (!session) return send(401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
    try {
      requireScopes(session, route.scopes);
    } catch (error) {
      if (error instanceof ForbiddenError)
        return send(
          403,
          { error: 'insufficient_scope', scope: route.scopes.join(' ') },
          { 'www-authenticate': `Bearer error="insufficient_scope", scope="${route.scopes.join(' ')}"` },
        );
      throw error;
    }
    return send(200, route.handle(session));
  });
}

/** Listens on `port` (0: any free port); resolves with the base URL. */
export function listen(server: Server, port: number, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve) => server.listen(port, host, () => resolve(`http://${host}:${(server.address() as AddressInfo).port}`)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const issuer = process.env.AUTHGRAPH_ISSUER;
  if (!issuer) throw new Error('Set AUTHGRAPH_ISSUER to the issuer URL, e.g. http://127.0.0.1:4000/i_…');
  const server = createApiServer({ issuer, ...(process.env.API_AUDIENCE ? { audience: process.env.API_AUDIENCE } : {}) });
  listen(server, Number(process.env.PORT ?? 3001)).then((url) => console.log(`API listening on ${url}`));
}
