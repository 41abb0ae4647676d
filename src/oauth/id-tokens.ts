/**
 * OpenID Connect ID tokens (OIDC Core §2, §3.1.3.6) and the user claims they share with userinfo
 * (§5.1, §5.4).
 *
 * - Signed with a current key of the issuer: of the client's `idTokenSignedResponseAlg` when it
 *   registered one, else of the issuer's `signingAlg`; header `typ: JWT` and the key's `kid`.
 * - `aud` is the client, `azp` the client too (§2: harmless with one audience, and what relying
 *   parties that check it expect). Lifetime: the access token's, at most one hour.
 * - `auth_time` and `amr` are the session's (renewed when the person authenticates again), `sid`
 *   the session id, `nonce` the one of the authorization request (never on refresh, §12.2),
 *   `at_hash` the left half of the access token's hash under the hash function of the ID
 *   token's alg (§3.1.3.6), whatever alg the access token was signed with.
 * - Claims by scope: `email` → email, email_verified; `profile` → name, given_name,
 *   family_name, preferred_username, updated_at. Claims without a value are left out (§5.3.2).
 *   `org_id` when the session acts in an organization.
 * @module
 */
import { createHash } from 'node:crypto';
import type { ActiveSigner } from '../domain/signing-keys.js';
import type { SessionUser } from '../domain/sessions.js';
import { signJwt } from './jws.js';

export const ID_TOKEN_TYP = 'JWT';
/** ID tokens are for the relying party's sign-in, not for calling APIs: short-lived. */
export const ID_TOKEN_MAX_LIFETIME_SECONDS = 3600;

/** The hash function of a JWS alg (OIDC Core §3.1.3.6; Ed25519 uses SHA-512). */
function hashOf(alg: string): 'sha256' | 'sha384' | 'sha512' {
  if (alg === 'EdDSA' || alg === 'Ed25519') return 'sha512';
  const bits = /^(?:ES|RS|PS|HS)(256|384|512)$/.exec(alg)?.[1];
  if (!bits) throw new Error(`no at_hash function for alg ${alg}`);
  return `sha${bits}` as 'sha256' | 'sha384' | 'sha512';
}

/** `at_hash`: base64url of the left half of the hash of the access token's ASCII octets. */
export function atHash(accessToken: string, alg: string): string {
  const digest = createHash(hashOf(alg)).update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/** The standard claims about the user that the granted scopes release (ID token and userinfo). */
export function userClaims(user: SessionUser, scopes: readonly string[]): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  if (scopes.includes('email') && user.email) {
    claims.email = user.email;
    claims.email_verified = user.emailVerified;
  }
  if (scopes.includes('profile')) {
    const name = [user.firstName, user.lastName].filter(Boolean).join(' ');
    if (name) claims.name = name;
    if (user.firstName) claims.given_name = user.firstName;
    if (user.lastName) claims.family_name = user.lastName;
    claims.preferred_username = user.username;
    claims.updated_at = Math.floor(user.updatedAt.getTime() / 1000);
  }
  return claims;
}

export interface IdTokenInput {
  issuerUrl: string;
  clientId: string;
  user: SessionUser;
  session: { id: string; authTime: Date; amr: string[] };
  /** the granted scopes of the access token issued with it */
  scopes: readonly string[];
  organizationId: string | null;
  /** the authorization request's nonce; null on refresh */
  nonce: string | null;
  /** the access token issued in the same response (for at_hash) */
  accessToken: string;
  /** the access token's lifetime; the ID token lives as long, at most an hour */
  lifetimeSeconds: number;
}

/** Signs an ID token for the session's user with `signer` (the current key of the ID token's alg). */
export async function mintIdToken(signer: ActiveSigner, input: IdTokenInput, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + Math.min(input.lifetimeSeconds, ID_TOKEN_MAX_LIFETIME_SECONDS);
  const payload: Record<string, unknown> = {
    azp: input.clientId,
    auth_time: Math.floor(input.session.authTime.getTime() / 1000),
    sid: input.session.id,
    at_hash: atHash(input.accessToken, signer.alg),
    ...userClaims(input.user, input.scopes),
  };
  if (input.nonce !== null) payload.nonce = input.nonce;
  if (input.session.amr.length) payload.amr = input.session.amr;
  if (input.organizationId) payload.org_id = input.organizationId;
  const token = await signJwt(signer, ID_TOKEN_TYP, {
    ...payload,
    iss: input.issuerUrl,
    sub: input.user.id,
    aud: input.clientId,
    iat,
    exp,
  });
  return { token, expiresAt: new Date(exp * 1000) };
}
