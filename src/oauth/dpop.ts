/**
 * DPoP (RFC 9449): proof-of-possession of a client-held key for access and refresh tokens.
 *
 * - Proofs (§4.2, §4.3): a JWS in the `DPoP` header with `typ: dpop+jwt`, an asymmetric `alg` of
 *   `DPOP_SIGNING_ALGS` (never `none`, never HMAC), the public `jwk` it is signed with (a private
 *   key there is refused), `htm` = the request method, `htu` = the request URL without query and
 *   fragment, `iat` within `IAT_WINDOW_SECONDS` of now, and a `jti` never seen before for that key
 *   (the replay cache: in-process, or Redis when REDIS_URL so every node refuses a replay, §11.1).
 *   At a resource, `ath` = base64url(SHA-256(access token)) (§4.3 item 11) and the key's
 *   thumbprint must be the token's `cnf.jkt` (§6.1, §7.1).
 * - Nonces (§8): the token endpoint requires one. It is stateless: a time slot and its HMAC under
 *   a key derived from the master key, so every node of a deployment accepts every node's nonce.
 *   A nonce is good for its slot and the next (`NONCE_SLOT_SECONDS` each); every answer of the
 *   token endpoint to a DPoP request carries a fresh one in `DPoP-Nonce`.
 * - Required DPoP (§5.2 `dpop_bound_access_tokens`): per agent and per client
 *   (`dpopBoundAccessTokens`, checked by ./token.ts), and per Resource (`dpopRequired`, checked
 *   by every grant once it knows the token's resources: ./resources.ts `requireDpopForResources`);
 *   both through `requireDpopFor`.
 * @module
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, importJWK, jwtVerify, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { OAuthError } from './errors.js';
import { ASSERTION_SIGNING_ALGS } from '../domain/jwk.js';
import { createCache } from '../lib/cache.js';
import type { ReplayCache } from './replay-cache.js';
import type { Sealer } from '../lib/sealed.js';

/** The JWS algs accepted in proofs, as advertised in `dpop_signing_alg_values_supported`: the asymmetric ones of client assertions. */
export const DPOP_SIGNING_ALGS = ASSERTION_SIGNING_ALGS;
/** A proof is accepted this many seconds either side of now (`iat`). */
export const IAT_WINDOW_SECONDS = 60;
/** Length of one nonce slot, seconds; a nonce is accepted in its slot and the next. */
export const NONCE_SLOT_SECONDS = 300;
/**
 * Live proof ids remembered per DPoP key (a replay-cache partition): a proof is remembered for
 * `2 × IAT_WINDOW_SECONDS + 5` s, so this admits ~2 000 proofs a second from one key (a busy
 * service calling the Core API with one key) while still bounding what one key can make us hold.
 */
export const DPOP_PROOFS_PER_KEY = 250_000;
const MAX_PROOF_LENGTH = 8192;

/**
 * Proof keys imported for verification, by `alg` and RFC 7638 thumbprint: a client signs every
 * proof with one key, and importing it (WebCrypto `importKey`) was a fifth of a proof's cost. The
 * thumbprint covers every member that defines the public key, so one entry is one key; bounded
 * (lib/cache.ts), a process-local convenience that decides nothing.
 */
const proofKeys = createCache<CryptoKey, JWK>({
  max: 10_000,
  ttlMs: 10 * 60_000,
  load: async (cacheKey, jwk) => (await importJWK(jwk, cacheKey.slice(0, cacheKey.indexOf(':')))) as CryptoKey,
});

/** The answer to a bad or missing proof (RFC 9449 §5, §7.1): 400 at /token, 401 at a resource. */
export class InvalidDpopProof extends OAuthError {
  constructor(description = 'the DPoP proof is invalid', detail?: string, status = 400) {
    super('invalid_dpop_proof', status, description, detail);
  }
}

/** The proof lacks the server's current nonce (RFC 9449 §8): retry with the one in `DPoP-Nonce`. */
export class UseDpopNonce extends OAuthError {
  constructor(status = 400) {
    super('use_dpop_nonce', status, 'Authorization server requires nonce in DPoP proof');
  }
}

/** A verified proof: the key's RFC 7638 SHA-256 thumbprint (`jkt`) and the proof's claims. */
export interface VerifiedProof {
  jkt: string;
  jti: string;
  iat: number;
  payload: JWTPayload;
}

/** What a proof must match. */
export interface ProofCheck {
  /** the request's method (`htm`) */
  method: string;
  /** the request's URL; compared without query and fragment (`htu`) */
  url: string;
  now: Date;
  replay: ReplayCache;
  /** at a resource: the access token, whose hash `ath` must carry */
  accessToken?: string;
  /** checks `nonce` when the server requires one; omitted: no nonce required */
  nonce?: (nonce: unknown) => boolean;
  /** HTTP status of a refusal (400 at the token endpoint, 401 at a resource) */
  status?: number;
}

/** `htu` comparison form: scheme, host, port and path, lower-cased scheme and host (RFC 9449 §4.3 item 9). */
function normalizeHtu(value: string): string | null {
  try {
    const url = new URL(value);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return null;
  }
}

/** base64url(SHA-256(token)): the `ath` of an access token (RFC 9449 §4.2). */
export function accessTokenHash(token: string): string {
  return createHash('sha256').update(token, 'ascii').digest('base64url');
}

/** The single `DPoP` header of a request; several are `invalid_dpop_proof` (§4.3 item 1). */
export function dpopHeader(headers: Record<string, string | string[] | undefined>, rawHeaders?: readonly string[]): string | undefined {
  if (rawHeaders) {
    let count = 0;
    for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === 'dpop') count++;
    if (count > 1) throw new InvalidDpopProof('send exactly one DPoP header');
  }
  const value = headers.dpop;
  if (Array.isArray(value)) throw new InvalidDpopProof('send exactly one DPoP header');
  return value;
}

/**
 * Verifies a DPoP proof (RFC 9449 §4.3) and consumes its `jti` (so a second use anywhere is a
 * replay). Throws InvalidDpopProof, or UseDpopNonce when a required nonce is missing or stale.
 */
export async function verifyDpopProof(proof: string, check: ProofCheck): Promise<VerifiedProof> {
  const status = check.status ?? 400;
  const refuse = (detail: string) => new InvalidDpopProof('the DPoP proof is invalid', detail, status);
  if (typeof proof !== 'string' || proof.length === 0 || proof.length > MAX_PROOF_LENGTH) throw refuse('missing or oversized');
  let header;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    throw refuse('not a JWS');
  }
  if (header.typ !== 'dpop+jwt') throw refuse('typ is not dpop+jwt');
  if (typeof header.alg !== 'string' || !(DPOP_SIGNING_ALGS as readonly string[]).includes(header.alg)) throw refuse('alg not allowed');
  if (typeof header.jwk !== 'object' || header.jwk === null) throw refuse('no jwk');
  const jwk = header.jwk as JWK;
  if ('d' in jwk || 'p' in jwk || 'k' in jwk) throw refuse('jwk is not a public key');
  let payload: JWTPayload;
  let jkt: string;
  try {
    jkt = await calculateJwkThumbprint(jwk, 'sha256');
    const key = await proofKeys.get(`${header.alg}:${jkt}`, jwk);
    ({ payload } = await jwtVerify(proof, key, { typ: 'dpop+jwt', algorithms: [header.alg] }));
  } catch {
    throw refuse('signature does not verify');
  }
  if (typeof payload.jti !== 'string' || payload.jti.length < 8 || payload.jti.length > 200) throw refuse('jti missing');
  if (payload.htm !== check.method) throw refuse('htm mismatch');
  const htu = typeof payload.htu === 'string' ? normalizeHtu(payload.htu) : null;
  if (htu === null || htu !== normalizeHtu(check.url)) throw refuse('htu mismatch');
  const nowSeconds = Math.floor(check.now.getTime() / 1000);
  if (typeof payload.iat !== 'number' || Math.abs(payload.iat - nowSeconds) > IAT_WINDOW_SECONDS) throw refuse('iat outside the window');
  if (check.accessToken !== undefined) {
    if (typeof payload.ath !== 'string' || !safeEqual(payload.ath, accessTokenHash(check.accessToken)))
      throw refuse('ath does not match the access token');
  }
  if (check.nonce && !check.nonce(payload.nonce)) throw new UseDpopNonce(status);
  // remembered for as long as the proof could be accepted (iat window on both sides)
  const fresh = await check.replay.consume(
    `dpop:${jkt}`,
    payload.jti,
    (payload.iat + IAT_WINDOW_SECONDS + 5) * 1000,
    check.now.getTime(),
    DPOP_PROOFS_PER_KEY,
  );
  if (!fresh) throw refuse('jti replayed');
  return { jkt, jti: payload.jti, iat: payload.iat, payload };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Stateless server nonces (see the module comment). */
export interface NonceSource {
  /** A nonce for now (the current slot). */
  current(now: Date): string;
  /** Whether `nonce` was issued in this slot or the previous one. */
  accepts(nonce: unknown, now: Date): boolean;
}

/** Nonces keyed by a key derived from the master key (`sealer.deriveKey`), shared by every node. */
export function createNonceSource(sealer: Pick<Sealer, 'deriveKey'>): NonceSource {
  const key = Buffer.from(sealer.deriveKey('dpop-nonce'));
  const mac = (slot: number) => createHmac('sha256', key).update(String(slot)).digest('base64url').slice(0, 32);
  const slotOf = (now: Date) => Math.floor(now.getTime() / 1000 / NONCE_SLOT_SECONDS);
  const cache = { slot: -1, nonce: '' };
  return {
    current(now) {
      const slot = slotOf(now);
      if (cache.slot !== slot) {
        cache.slot = slot;
        cache.nonce = `${slot.toString(36)}.${mac(slot)}`;
      }
      return cache.nonce;
    },
    accepts(nonce, now) {
      if (typeof nonce !== 'string' || nonce.length > 100) return false;
      const dot = nonce.indexOf('.');
      const slot = parseInt(nonce.slice(0, dot), 36);
      const current = slotOf(now);
      if (!Number.isSafeInteger(slot) || (slot !== current && slot !== current - 1)) return false;
      return safeEqual(nonce.slice(dot + 1), mac(slot));
    },
  };
}

/** Who asks for a token, as far as DPoP policy goes (agents and clients carry the flag). */
export interface DpopPolicySubject {
  /** RFC 9449 §5.2 `dpop_bound_access_tokens` of the agent or client */
  dpopBoundAccessTokens?: boolean | null;
}

/**
 * Whether a token for `principal`, meant for `resource`, must be DPoP-bound: the agent's or
 * client's own `dpopBoundAccessTokens`, or the resource's `dpopRequired` (a Resource of the graph:
 * pass it in once the token request names one). Pure; the token endpoint refuses an unbound
 * request with `invalid_dpop_proof` when this is true.
 */
export function requireDpopFor(principal: DpopPolicySubject, resource?: { dpopRequired?: boolean | null } | null): boolean {
  return principal.dpopBoundAccessTokens === true || resource?.dpopRequired === true;
}

/** The `cnf.jkt` of access-token claims, or null for an unbound token (a malformed `cnf` is null too). */
export function confirmationOf(payload: JWTPayload): string | null {
  const cnf = payload.cnf as { jkt?: unknown } | undefined;
  return cnf && typeof cnf === 'object' && typeof cnf.jkt === 'string' ? cnf.jkt : null;
}

/** How a request presented its access token at a resource (RFC 9449 §7.1). */
export interface PresentedBinding {
  /** the Authorization scheme: `DPoP` or `Bearer` */
  scheme: 'dpop' | 'bearer';
  /** the `DPoP` header, when any */
  proof: string | undefined;
  method: string;
  url: string;
}

/**
 * The resource-side rule (RFC 9449 §7): a token bound to a key (`cnf.jkt`) must come as
 * `Authorization: DPoP` with a fresh proof by that key carrying `ath`; an unbound token must not
 * come as `DPoP` (§7.2). Returns null when acceptable, else the reason (logged, never sent).
 */
export async function checkBinding(
  payload: JWTPayload,
  token: string,
  presented: PresentedBinding,
  context: { now: Date; replay: ReplayCache },
): Promise<string | null> {
  const jkt = confirmationOf(payload);
  if (jkt === null) return presented.scheme === 'dpop' ? 'DPoP scheme with an unbound token' : null;
  if (presented.scheme !== 'dpop') return 'bound token presented as Bearer';
  if (presented.proof === undefined) return 'bound token without a DPoP proof';
  try {
    const proof = await verifyDpopProof(presented.proof, {
      method: presented.method,
      url: presented.url,
      now: context.now,
      replay: context.replay,
      accessToken: token,
      status: 401,
    });
    return proof.jkt === jkt ? null : 'proof by another key';
  } catch (error) {
    if (error instanceof OAuthError) return `proof refused: ${error.detail ?? error.error}`;
    throw error;
  }
}
