/**
 * Public JWKs registered for `private_key_jwt` (client JWKS, agent verifiers). Only asymmetric
 * signature keys are accepted (EC P-256/384/521, OKP Ed25519, RSA ≥ 2048 bits), never one with
 * private members; what is stored is a copy with the public members only.
 * @module
 */
import * as z from 'zod';
import { jsonDeeperThan } from './validation.js';
import { importJWK, type JWK } from 'jose';
import { ValidationError } from './errors.js';

/** The algorithms an issuer signs its tokens with (`Issuer.signingAlg`, `id_token_signed_response_alg`). */
export const SIGNING_ALGS = ['ES256', 'EdDSA', 'RS256'] as const;

/**
 * JWS algorithms a client's proof of possession may be signed with: client assertions (RFC 7523)
 * and DPoP proofs (RFC 9449 §4.3). Asymmetric only: no `none`, no HS*.
 */
export const ASSERTION_SIGNING_ALGS = [
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
] as const;

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;
const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e', 'kid', 'alg', 'use'] as const;
const EC_ALG: Record<string, string> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };
const RSA_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const B64URL = /^[A-Za-z0-9_-]+$/;

/** The JWS algorithms a public JWK can verify (empty for keys we do not accept). */
export function algsForJwk(jwk: JWK): string[] {
  const all =
    jwk.kty === 'EC'
      ? EC_ALG[jwk.crv ?? '']
        ? [EC_ALG[jwk.crv ?? '']!]
        : []
      : jwk.kty === 'OKP'
        ? jwk.crv === 'Ed25519'
          ? ['EdDSA', 'Ed25519']
          : []
        : jwk.kty === 'RSA'
          ? RSA_ALGS
          : [];
  if (!jwk.alg) return all;
  // EdDSA and Ed25519 name the same algorithm for an Ed25519 key (RFC 8037 vs RFC 9864).
  const same = jwk.alg === 'EdDSA' || jwk.alg === 'Ed25519' ? ['EdDSA', 'Ed25519'] : [jwk.alg];
  return all.filter((a) => same.includes(a));
}

const member = z.string().max(2048).regex(B64URL, 'must be base64url');

/** One public signature JWK; the output keeps only public members. */
export const publicJwk = z
  .record(z.string(), z.unknown())
  .superRefine((jwk, ctx) => {
    const issue = (message: string, path: string[] = []) => ctx.addIssue({ code: 'custom', message, path });
    // a JWK is flat (RSA `oth` aside): anything deeper is refused before any walk over it
    if (jsonDeeperThan(jwk, 4)) return issue('must be a flat JSON Web Key');
    const secret = PRIVATE_MEMBERS.filter((m) => m in jwk);
    if (secret.length) return issue(`must be a public key: remove ${secret.join(', ')}`);
    if (jwk.kty !== 'EC' && jwk.kty !== 'OKP' && jwk.kty !== 'RSA') return issue('kty must be EC, OKP or RSA', ['kty']);
    const needs = jwk.kty === 'EC' ? ['crv', 'x', 'y'] : jwk.kty === 'OKP' ? ['crv', 'x'] : ['n', 'e'];
    for (const m of needs) {
      if (m === 'crv') continue;
      if (!member.safeParse(jwk[m]).success) issue('is required (base64url)', [m]);
    }
    if (jwk.kty === 'EC' && !(typeof jwk.crv === 'string' && jwk.crv in EC_ALG)) issue('must be P-256, P-384 or P-521', ['crv']);
    if (jwk.kty === 'OKP' && jwk.crv !== 'Ed25519') issue('must be Ed25519', ['crv']);
    if (jwk.kty === 'RSA' && typeof jwk.n === 'string' && Math.floor((jwk.n.length * 6) / 8) < 256)
      issue('an RSA key must have at least 2048 bits', ['n']);
    if (jwk.use !== undefined && jwk.use !== 'sig') issue('must be "sig"', ['use']);
    if (jwk.kid !== undefined && !(typeof jwk.kid === 'string' && jwk.kid.length >= 1 && jwk.kid.length <= 200))
      issue('must be a string of 1 to 200 characters', ['kid']);
    if (jwk.alg !== undefined && (typeof jwk.alg !== 'string' || algsForJwk({ ...jwk, alg: undefined } as JWK).indexOf(jwk.alg) < 0))
      issue('does not fit the key type', ['alg']);
    if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.every((op) => op === 'verify')))
      issue('may only contain "verify"', ['key_ops']);
  })
  .transform((jwk) => Object.fromEntries(PUBLIC_MEMBERS.filter((m) => jwk[m] !== undefined).map((m) => [m, jwk[m]])) as JWK);

/** A JWK Set of 1 to 10 public signature keys, with distinct `kid`s where given. */
export const publicJwks = z.object({ keys: z.array(publicJwk).min(1).max(10) }).superRefine((set, ctx) => {
  const kids = set.keys.map((k) => k.kid).filter((k): k is string => k !== undefined);
  if (new Set(kids).size !== kids.length) ctx.addIssue({ code: 'custom', path: ['keys'], message: 'kid values must be distinct' });
});

/** Proves each key really imports (valid curve point, valid modulus); a failure is a ValidationError at `path`. */
export async function assertImportable(keys: JWK[], path: string): Promise<void> {
  for (const [index, jwk] of keys.entries()) {
    try {
      const key = await importJWK(jwk, algsForJwk(jwk)[0]);
      if (key instanceof Uint8Array || key.type !== 'public') throw new Error('not a public key');
    } catch {
      throw new ValidationError([{ path: keys.length > 1 ? `${path}.${index}` : path, message: 'is not a usable public key' }]);
    }
  }
}
