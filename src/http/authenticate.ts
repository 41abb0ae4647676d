/**
 * Turns a request's credential into a Viewer, for the Core API and whoami. Every refusal is the
 * same 401 to the caller (invalid, expired, revoked, IP not allowed, …); the reason is logged.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { ApiKey } from '../generated/prisma/client.js';
import type { Services } from '../services.js';
import type { Viewer, AccessTokenViewer, PersonalTokenViewer } from '../domain/viewer.js';
import { readCredential } from './credentials.js';
import type { VerifiedAccessToken } from '../oauth/access-tokens.js';
import { dpopHeader, type PresentedBinding } from '../oauth/dpop.js';
import { firstPartyClient } from '../domain/authorization/visibility.js';
import { idKind } from '../lib/ids.js';

/**
 * A credential that authenticated: its viewer; for an API key also its row and, for an
 * organization key, the organization's status as the key cache holds it (kept fresh by the
 * cache's invalidation on organization events), so GET /v1/me needs no read.
 */
export interface Authenticated {
  ok: true;
  viewer: Viewer;
  apiKey: ApiKey | null;
  organizationStatus?: 'active' | 'suspended';
}

export type Authentication = Authenticated | { ok: false; reason: string; presented: boolean };

export interface AuthenticatorDeps {
  services: Services;
  clientIp: (req: IncomingMessage) => string | null;
  /**
   * verifies a JWT access token of one of our issuers, presented with `scheme` in `req` (a
   * DPoP-bound token needs the request's proof, RFC 9449 §7)
   */
  verifyAccessToken?: (token: string, req: IncomingMessage, scheme: 'bearer' | 'dpop') => Promise<AccessTokenViewer | null>;
  /**
   * what a verified access token stands for: itself, or for an operator's console token the
   * account-level viewer it is narrowed to (domain/operators.ts); null refuses it
   */
  accountLevel?: (token: AccessTokenViewer) => Promise<Viewer | null>;
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
        if (typeof result === 'string') return { ok: false, reason: result, presented: true };
        return {
          ok: true,
          viewer: result.viewer,
          apiKey: result.key,
          ...(result.organizationStatus ? { organizationStatus: result.organizationStatus } : {}),
        };
      }
      case 'jwt': {
        const token = deps.verifyAccessToken ? await deps.verifyAccessToken(presented.token, req, presented.scheme) : null;
        const viewer = token && deps.accountLevel ? await deps.accountLevel(token) : token;
        return viewer ? { ok: true, viewer, apiKey: null } : { ok: false, reason: 'invalid access token', presented: true };
      }
      case 'personal_token': {
        const viewer = deps.verifyPersonalToken ? await deps.verifyPersonalToken(presented.id, presented.secret, deps.clientIp(req)) : null;
        return viewer ? { ok: true, viewer, apiKey: null } : { ok: false, reason: 'invalid personal token', presented: true };
      }
    }
  };
}

/**
 * The Core API's reading of an access token: one minted for it (audience: the issuer URL, no
 * `resource` parameter), confined by its org_id and scope claims to what its principal holds now
 * (domain/authorization/live.ts). A user token stops working the moment its session ends (not
 * only at exp). What a person creates with their own sign-in lives no longer than the session
 * (and dies with it); what a delegated token (an agent acting for them) creates, no longer than
 * the token. A person's token without a session (a CIBA approval's) stops working when the person
 * is no longer active (suspended, deleted).
 *
 * DPoP (RFC 9449 §7): the request's `DPoP` proof (method, and the public URL of its path as
 * `htu`) goes to `verify` with the scheme; a token bound to a key (`cnf.jkt`) is refused without
 * a fresh, unreplayed proof by that key, and a bound token sent as `Bearer` is refused. A request
 * with several `DPoP` headers is refused. graphql-ws carries the proof in its connection_init
 * payload (./credential.ts), for `GET {publicUrl}/graphql`.
 */
export function accessTokenViewers(
  verify: (token: string, binding: PresentedBinding) => Promise<VerifiedAccessToken | null>,
  services: Pick<Services, 'sessions' | 'liveGrants' | 'principals'>,
  publicUrl: () => string,
): (token: string, req: IncomingMessage, scheme: 'bearer' | 'dpop') => Promise<AccessTokenViewer | null> {
  return async (token, req, scheme) => {
    let proof: string | undefined;
    try {
      proof = dpopHeader(req.headers, req.rawHeaders);
    } catch {
      return null;
    }
    const url = `${publicUrl()}${(req.url ?? '/').split('?')[0]}`;
    const verified = await verify(token, { scheme, proof, method: req.method ?? 'GET', url });
    if (!verified) return null;
    const sessionEnds = verified.sessionId ? await services.sessions.activeUntil(verified.sessionId) : null;
    if (verified.sessionId && !sessionEnds) return null;
    // a person's token without a session (CIBA: approved out of band) lives only while they are
    // active, as one with a session dies when suspending them ends their sessions
    if (!verified.sessionId && idKind(verified.subject) === 'user' && (await services.sessions.user(verified.subject))?.status !== 'active')
      return null;
    // a person's token is their own sign-in only through a first-party client (visibility.ts ownSignIn)
    const client = verified.sessionId && !verified.actorId ? await services.principals.client(verified.issuerId, verified.clientId) : null;
    return {
      kind: 'access_token',
      credentialId: verified.jti,
      accountId: verified.accountId,
      issuerId: verified.issuerId,
      subject: verified.subject,
      clientId: verified.clientId,
      organizationId: verified.organizationId,
      scopes: await services.liveGrants.liveScopes(verified, verified.scopes),
      claimedScopes: verified.scopes,
      expiresAt: verified.expiresAt,
      sessionId: verified.sessionId,
      actorId: verified.actorId,
      ...(verified.delegations.length ? { delegations: verified.delegations } : {}),
      firstParty: client !== null && firstPartyClient(client),
      restrictions: { ipAllowlist: [], expiresAt: sessionEnds && !verified.actorId ? sessionEnds : verified.expiresAt, rateLimit: null },
    };
  };
}
