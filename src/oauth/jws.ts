/**
 * Signing the JWTs this server issues (access tokens, ID tokens): a JWS in compact serialization
 * (RFC 7515 §7.1) of a JWT claims set (RFC 7519 §7), signed with `node:crypto`.
 *
 * Why not jose's `SignJWT` (jose does all other JOSE work here: verification, key import and
 * export, thumbprints): jose 6 signs through WebCrypto only, and Node's WebCrypto runs each
 * signature as a job on libuv's thread pool behind a promise. Measured on the 2-vCPU machine, an
 * ES256 signature cost 65–82 µs of process CPU that way against 29–36 µs for `crypto.sign` in
 * the calling thread (the thread pool's queueing, wake-ups and WebIDL argument conversion are most
 * of it), and every token carries one or two signatures. ES256 and EdDSA sign in the calling
 * thread; RS256 (~300 µs per signature) on libuv's pool through `crypto.sign`'s callback form,
 * so that an RSA issuer's tokens do not hold the event loop.
 *
 * - Header: `{ alg, typ, kid }` in that order, as `SignJWT(…).setProtectedHeader(…)` wrote it.
 * - Algorithms: those an issuer signs with (`SIGNING_ALGS`, domain/jwk.ts): ES256 (P-256,
 *   signature as r‖s, RFC 7518 §3.4), EdDSA (Ed25519, RFC 8037 §3.1), RS256 (RSASSA-PKCS1-v1_5
 *   with SHA-256, RFC 7518 §3.3).
 * - The registered claims are checked as jose's setters checked them (RFC 7519 §4.1): `iss`,
 *   `sub`, `jti` strings when present, `aud` a string or strings, `iat`, `exp` and `nbf` finite
 *   integers (a NaN `exp` would serialize as `null`, which a lax relying party may read as
 *   "never expires"). Other claims are plain JSON the callers build.
 * - The key is the signer's private WebCrypto key, used as the `KeyObject` Node holds for it
 *   (`KeyObject.from`), checked once against the alg: a P-256 EC key for ES256, Ed25519 for EdDSA,
 *   RSA of at least 2 048 bits for RS256.
 * @module
 */
import { KeyObject, sign } from 'node:crypto';
import type { CryptoKey } from 'jose';
import type { ActiveSigner } from '../domain/signing-keys.js';

type Signature = (input: Buffer, key: KeyObject) => Buffer | Promise<Buffer>;

/** Per alg: whether a private key fits it, and how it signs (RFC 7518 §3.3–3.4, RFC 8037 §3.1). */
const ALGS = new Map<string, { fits: (key: KeyObject) => boolean; sign: Signature }>(
  Object.entries({
    ES256: {
      fits: (key) => key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1',
      sign: (input, key) => sign('sha256', input, { key, dsaEncoding: 'ieee-p1363' }),
    },
    EdDSA: {
      fits: (key) => key.asymmetricKeyType === 'ed25519',
      sign: (input, key) => sign(null, input, key),
    },
    RS256: {
      fits: (key) => key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048,
      // ~300 µs per RSA-2048 signature: on libuv's pool (the callback form), not in the event loop
      sign: (input, key) =>
        new Promise((resolve, reject) => sign('sha256', input, key, (error, signature) => (error ? reject(error) : resolve(signature)))),
    },
  } satisfies Record<string, { fits: (key: KeyObject) => boolean; sign: Signature }>),
);

/** The KeyObject of each signer key, checked against its alg once. */
const checkedKeys = new WeakMap<CryptoKey, { alg: string; key: KeyObject }>();

function keyFor(signer: ActiveSigner, fits: (key: KeyObject) => boolean): KeyObject {
  const known = checkedKeys.get(signer.key);
  if (known && known.alg === signer.alg) return known.key;
  const key = KeyObject.from(signer.key as unknown as Parameters<typeof KeyObject.from>[0]);
  if (key.type !== 'private' || !fits(key))
    throw new Error(`signing key ${signer.kid} does not fit ${signer.alg} (${key.type} ${key.asymmetricKeyType})`);
  checkedKeys.set(signer.key, { alg: signer.alg, key });
  return key;
}

const STRING_CLAIMS = ['iss', 'sub', 'jti'] as const;
const NUMERIC_DATE_CLAIMS = ['iat', 'exp', 'nbf'] as const;

/** Refuses registered claims of the wrong type (see the module comment). */
function checkRegisteredClaims(claims: Record<string, unknown>): void {
  for (const name of STRING_CLAIMS)
    if (name in claims && typeof claims[name] !== 'string') throw new TypeError(`JWT claim ${name} must be a string`);
  for (const name of NUMERIC_DATE_CLAIMS)
    if (name in claims && !Number.isSafeInteger(claims[name])) throw new TypeError(`JWT claim ${name} must be an integer NumericDate`);
  const aud = claims.aud;
  if ('aud' in claims && typeof aud !== 'string' && !(Array.isArray(aud) && aud.every((a) => typeof a === 'string')))
    throw new TypeError('JWT claim aud must be a string or an array of strings');
}

/**
 * The compact JWS `header.payload.signature` of `claims` under `signer` (its alg and kid), with
 * header `typ` (e.g. `at+jwt`, RFC 9068 §2.1; `JWT` for ID tokens).
 * @throws Error when the signer's alg is not one of ES256, EdDSA, RS256 or its key does not fit it
 * @throws TypeError when a registered claim has the wrong type
 */
export async function signJwt(signer: ActiveSigner, typ: string, claims: Record<string, unknown>): Promise<string> {
  const alg = ALGS.get(signer.alg);
  if (!alg) throw new Error(`unsupported signing alg ${signer.alg}`);
  checkRegisteredClaims(claims);
  const key = keyFor(signer, alg.fits);
  const header = Buffer.from(JSON.stringify({ alg: signer.alg, typ, kid: signer.kid })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const input = `${header}.${payload}`;
  return `${input}.${(await alg.sign(Buffer.from(input), key)).toString('base64url')}`;
}
