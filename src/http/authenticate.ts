/**
 * Turns a request's credential into a Viewer, for the Core API and whoami. Every refusal is the
 * same 401 to the caller (invalid, expired, revoked, IP not allowed, …); the reason is logged.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { ApiKey } from '../generated/prisma/client.js';
import type { Services } from '../domain/services.js';
import type { Viewer, AccessTokenViewer, PersonalTokenViewer } from '../domain/viewer.js';
import { readCredential } from './credentials.js';

export type Authentication =
  | { ok: true; viewer: Viewer; apiKey: ApiKey | null }
  | { ok: false; reason: string; presented: boolean };

export interface AuthenticatorDeps {
  services: Services;
  clientIp: (req: IncomingMessage) => string | null;
  /** verifies a JWT access token of one of our issuers, presented with `scheme` in `req` (DPoP binding) */
  verifyAccessToken?: (token: string, req: IncomingMessage, scheme: 'bearer' | 'dpop') => Promise<AccessTokenViewer | null>;
  /** verifies a personal token (agp_…) */
  verifyPersonalToken?: (id: string, secret: string, ip: string | null) => Promise<PersonalTokenViewer | null>;
}

export function createAuthenticator(deps: AuthenticatorDeps) {
  return async function authenticate(req: IncomingMessage): Promise<Authentication> {
    const presented = readCredential(req.headers);
    switch (presented.kind) {
      case 'none':
        return { ok: false, reason: 'no credential', presented: false };
      case 'malformed':
        return { ok: false, reason: 'malformed credential', presented: true };
      case 'api_key': {
        const result = await deps.services.apiKeys.verify(presented.id, presented.secret, deps.clientIp(req));
        return typeof result === 'string' ? { ok: false, reason: result, presented: true } : { ok: true, viewer: result.viewer, apiKey: result.key };
      }
      case 'jwt': {
        const viewer = deps.verifyAccessToken ? await deps.verifyAccessToken(presented.token, req, presented.scheme) : null;
        return viewer ? { ok: true, viewer, apiKey: null } : { ok: false, reason: 'invalid access token', presented: true };
      }
      case 'personal_token': {
        const viewer = deps.verifyPersonalToken ? await deps.verifyPersonalToken(presented.id, presented.secret, deps.clientIp(req)) : null;
        return viewer ? { ok: true, viewer, apiKey: null } : { ok: false, reason: 'invalid personal token', presented: true };
      }
    }
  };
}
