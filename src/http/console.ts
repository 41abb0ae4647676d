/**
 * The operator console at `/console` (issue 15): the single-page app built by `npm install`
 * (`packages/console/dist`, no CDN), its configuration, the one-time setup endpoint that creates
 * the first operator, and GraphiQL at `/console/graphiql` using the operator's session.
 *
 * Routes:
 * - `GET /console/config.json` → `{ issuer, clientId, graphql }`: where the console signs in (the
 *   system issuer, made on first use) and the Core API endpoint.
 * - `POST /console/api/setup` `{ token, email, password, totp? }` → 201 `{ userId }`, or 400 with
 *   `{ errors: [{ path, message }] }` (a spent or unknown link, a weak password, a TOTP code that
 *   does not match); nothing changes on an error.
 * - `POST /console/api/setup/totp` `{ token, email }` → 200 `{ secret, otpauthUri }`: a TOTP secret
 *   to enrol during setup (RFC 6238), sent back with a current code as `totp: { secret, code }`;
 *   nothing is stored.
 * - `GET /console/graphiql` → GraphiQL (inlined from the install) whose requests carry the
 *   console's access token from this origin's sessionStorage.
 * - `GET /console/assets/*` → the hashed build files (immutable); any other path → the app.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { extname, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, ValidationError } from '../domain/errors.js';
import type { Services } from '../services.js';
import type { PrismaClient } from '../data/database.js';
import type { Logger } from '../lib/logger.js';
import { readBody, sendJson } from './node-io.js';

const DIST = fileURLToPath(new URL('../../packages/console/dist/', import.meta.url));
const SETUP_BODY_LIMIT = 8 * 1024;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** The app may load only its own files and talk only to this origin (HTTP and WebSocket). */
const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' };

/** Adds the console's bearer token (sessionStorage, set by the app after sign-in) to GraphiQL's requests. */
const GRAPHIQL_SESSION = `<script>
(function () {
  var original = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var token = sessionStorage.getItem('authgraph.console.accessToken');
    init = init || {};
    var headers = new Headers(init.headers || {});
    if (token && !headers.has('authorization')) headers.set('authorization', 'Bearer ' + token);
    init.headers = headers;
    return original(input, init);
  };
})();
</script>`;

export interface ConsoleDeps {
  services: Services;
  prisma: PrismaClient;
  publicUrl: () => string;
  logger: Logger;
}

/** The `/console` request handler; answers every path under it and returns the status. */
export function createConsoleHandler({ services, prisma, publicUrl, logger }: ConsoleDeps) {
  const files = new Map<string, Buffer>();
  let graphiql: string | null = null;

  async function file(path: string): Promise<Buffer | null> {
    const cached = files.get(path);
    if (cached) return cached;
    const full = normalize(DIST + path);
    if (!full.startsWith(DIST.endsWith(sep) ? DIST : DIST + sep)) return null;
    try {
      const body = await readFile(full);
      files.set(path, body);
      return body;
    } catch {
      return null;
    }
  }

  async function config(res: ServerResponse): Promise<number> {
    const account = await prisma.account.findFirst({ orderBy: { createdAt: 'asc' }, select: { id: true } });
    if (!account) {
      sendJson(res, 503, { error: 'no_account' });
      return 503;
    }
    const base = publicUrl().replace(/\/+$/, '');
    const system = await services.operators.ensureSystem(account.id, base);
    sendJson(
      res,
      200,
      { issuer: `${base}/${system.issuerId}`, clientId: system.clientId, graphql: `${base}/graphql` },
      { 'cache-control': 'no-store' },
    );
    return 200;
  }

  async function setup(req: IncomingMessage, res: ServerResponse, step: 'complete' | 'totp'): Promise<number> {
    if (req.method !== 'POST') {
      sendJson(res, 405, { error: 'method_not_allowed' }, { allow: 'POST' });
      return 405;
    }
    // a form post from another site cannot reach here: JSON only (a CORS preflight would be needed)
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      sendJson(res, 415, { errors: [{ path: '', message: 'Send application/json.' }] });
      return 415;
    }
    let input: unknown;
    try {
      input = JSON.parse((await readBody(req, SETUP_BODY_LIMIT)).toString('utf8'));
    } catch {
      sendJson(res, 400, { errors: [{ path: '', message: 'The body must be a JSON object of at most 8 KiB.' }] });
      return 400;
    }
    try {
      if (step === 'totp') {
        sendJson(res, 200, await services.operators.setupTotp(input), { 'cache-control': 'no-store' });
        return 200;
      }
      const done = await services.operators.completeSetup(input);
      sendJson(res, 201, { userId: done.userId }, { 'cache-control': 'no-store' });
      return 201;
    } catch (error) {
      if (error instanceof ValidationError) {
        sendJson(res, 400, { errors: error.fields.map((f) => ({ path: f.path, message: f.message })) });
        return 400;
      }
      if (error instanceof AppError) {
        sendJson(res, 409, { errors: [{ path: '', message: error.message }] });
        return 409;
      }
      throw error;
    }
  }

  async function serveApp(res: ServerResponse, path: string): Promise<number> {
    const asset = path.startsWith('/console/assets/') ? path.slice('/console/'.length) : null;
    const body = await file(asset ?? 'index.html');
    if (!body) {
      if (asset) {
        sendJson(res, 404, { error: 'not_found' });
        return 404;
      }
      logger.warn('the console is not built: run npm run build:packages');
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The console is not built: run `npm run build:packages` (npm install does it).');
      return 503;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(asset ?? 'index.html')] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': asset ? 'public, max-age=31536000, immutable' : 'no-store',
      'content-security-policy': APP_CSP,
      ...SECURITY_HEADERS,
    });
    res.end(body);
    return 200;
  }

  return async function handleConsole(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/console/api/setup') return setup(req, res, 'complete');
    if (path === '/console/api/setup/totp') return setup(req, res, 'totp');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: 'method_not_allowed' }, { allow: 'GET' });
      return 405;
    }
    if (path === '/console') {
      res.writeHead(308, { location: '/console/' });
      res.end();
      return 308;
    }
    if (path === '/console/config.json') return config(res);
    if (path === '/console/graphiql') {
      // imported on first use: the module inlines all of GraphiQL (9 MB of JavaScript to parse)
      const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
      graphiql ??= renderGraphiQL({ endpoint: '/graphql', title: 'Authgraph console · GraphiQL' }).replace(
        '</head>',
        `${GRAPHIQL_SESSION}</head>`,
      );
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...SECURITY_HEADERS });
      res.end(graphiql);
      return 200;
    }
    return serveApp(res, path);
  };
}
