/**
 * `private_key_jwt` (RFC 7523 §2.2 and §3, OIDC Core §9): a JWT the client signs with a key from
 * its registered JWKS. Checked here: an asymmetric alg (never `none`, never HS*), a registered
 * key that verifies it, iss = sub = client_id, aud naming this authorization server (issuer,
 * token endpoint or the endpoint called), a lifetime of at most 5 minutes (exp − iat when iat is
 * given, and exp − now), and a jti used only once within the assertion's lifetime. The lifetime
 * bound is what keeps the replay cache small: it only holds ids of live assertions. Every failure
 * is `invalid_client`.
 * @module
 */
import { decodeProtectedHeader, importJWK, jwtVerify, type CryptoKey, type JWK } from 'jose';
import { errors as joseErrors } from 'jose';
import { ASSERTION_SIGNING_ALGS, algsForJwk } from '../domain/jwk.js';
import { InvalidClient } from './errors.js';
import type { ReplayCache } from './replay-cache.js';

export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Assertions are short-lived by design; a longer one would pin its jti in the replay cache for longer. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;
const ASSERTION_LEEWAY_SECONDS = 30;
const MAX_ASSERTION_LENGTH = 16_384;

export interface AssertionCheck {
  clientId: string;
  /** the registered public keys */
  keys: JWK[];
  /** acceptable `aud` values */
  audiences: string[];
  now: Date;
  replay: ReplayCache;
  /** the replay cache partition: issuer + client */
  replayScope: string;
}

const fail = (detail: string) => new InvalidClient(`client assertion: ${detail}`);

/** Registered keys that could have signed a JWS with this header: matching kid (when both have one) and alg. */
function candidates(keys: JWK[], alg: string, kid: unknown): JWK[] {
  const fitting = keys.filter((k) => algsForJwk(k).includes(alg));
  if (typeof kid !== 'string') return fitting;
  const exact = fitting.filter((k) => k.kid === kid);
  return exact.length ? exact : fitting.filter((k) => k.kid === undefined);
}

/** Verifies a client assertion; throws InvalidClient (with an internal detail) when it does not hold. */
export async function verifyClientAssertion(assertion: string, check: AssertionCheck): Promise<void> {
  if (assertion.length > MAX_ASSERTION_LENGTH) throw fail('too long');
  let header;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    throw fail('not a JWS');
  }
  const alg = header.alg;
  if (typeof alg !== 'string' || !(ASSERTION_SIGNING_ALGS as readonly string[]).includes(alg))
    throw fail(`alg ${String(alg).slice(0, 20)} is not accepted`);
  for (const jwk of candidates(check.keys, alg, header.kid)) {
    let key: CryptoKey;
    try {
      key = (await importJWK({ ...jwk, alg: undefined }, alg)) as CryptoKey;
    } catch {
      continue;
    }
    let payload;
    try {
      ({ payload } = await jwtVerify(assertion, key, {
        algorithms: [alg],
        issuer: check.clientId,
        subject: check.clientId,
        audience: check.audiences,
        clockTolerance: ASSERTION_LEEWAY_SECONDS,
        currentDate: check.now,
        requiredClaims: ['iss', 'sub', 'aud', 'exp', 'jti'],
      }));
    } catch (error) {
      // Another registered key may fit; any other failure is final.
      if (error instanceof joseErrors.JWSSignatureVerificationFailed) continue;
      throw fail(error instanceof Error ? error.message : 'invalid');
    }
    const nowSeconds = Math.floor(check.now.getTime() / 1000);
    const exp = payload.exp as number;
    if (exp - nowSeconds > MAX_ASSERTION_LIFETIME_SECONDS) throw fail('exp is more than 5 minutes ahead');
    if (typeof payload.iat === 'number' && exp - payload.iat > MAX_ASSERTION_LIFETIME_SECONDS)
      throw fail('lifetime (exp - iat) is over 5 minutes');
    if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 256) throw fail('jti must be a string');
    const expiresAtMs = (exp + ASSERTION_LEEWAY_SECONDS) * 1000;
    if (!(await check.replay.consume(check.replayScope, payload.jti, expiresAtMs, check.now.getTime())))
      throw fail('jti was used before, or this client has too many live assertions');
    return;
  }
  throw fail('no registered key verifies it');
}
