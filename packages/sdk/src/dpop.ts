/**
 * DPoP (RFC 9449) on the resource side: checks that a sender-constrained access token comes with
 * a fresh proof of its key. Used by {@link verifyAccessToken} through its `dpop` option.
 *
 * ```ts
 * const { scheme, token } = readAuthorization(req.headers.authorization);
 * const session = await verifyAccessToken(token, {
 *   issuer,
 *   dpop: { scheme, proof: req.headers.dpop, method: req.method, url: `https://api.example.com${req.path}` },
 * });
 * ```
 * Proofs are checked per §4.3: `typ: dpop+jwt`, an asymmetric alg, a public `jwk` that verifies
 * the signature, `htm`/`htu` of this request, `iat` within 60 s, `ath` = SHA-256 of the token, and
 * a `jti` not seen before (an in-memory store per process by default; give a shared
 * {@link DpopReplayStore} when several processes serve the API).
 * @module
 */
import { EmbeddedJWK, calculateJwkThumbprint, decodeProtectedHeader, jwtVerify, type JWK, type JWTPayload } from 'jose';

/** Asymmetric JWS algs accepted in proofs (RFC 9449 §4.3 item 5: never `none` nor MAC). */
export const DPOP_SIGNING_ALGS = ['ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
/** A proof's `iat` may be this many seconds from now. */
export const DPOP_IAT_WINDOW_SECONDS = 60;

/** Remembers proof `jti`s: `consume` resolves false for one already seen (a replay). */
export interface DpopReplayStore {
  /** Records `jti` of key `jkt` until `expiresAtMs`; false when already recorded. */
  consume(jkt: string, jti: string, expiresAtMs: number): boolean | Promise<boolean>;
}

/**
 * An in-process replay store (bounded: at most `max` live ids; past that, proofs are refused). Ids
 * live about two minutes (the `iat` window both sides), so the default 250 000 admits ~2 000
 * proofs a second, the bound the server keeps per key; raise it for a busier resource server.
 */
export function createMemoryReplayStore(max = 250_000): DpopReplayStore {
  const seen = new Map<string, number>();
  return {
    consume(jkt, jti, expiresAtMs) {
      const now = Date.now();
      const key = `${jkt}:${jti}`;
      const known = seen.get(key);
      if (known !== undefined && known > now) return false;
      if (seen.size >= max) for (const [k, until] of seen) if (until <= now) seen.delete(k);
      if (seen.size >= max) return false;
      seen.set(key, expiresAtMs);
      return true;
    },
  };
}

const DEFAULT_STORE = createMemoryReplayStore();

/** How the request presented its token, for the DPoP check. */
export interface DpopPresentation {
  /** the Authorization scheme (`DPoP` or `Bearer`, any case) */
  scheme: string;
  /** the request's `DPoP` header (a list of several is refused) */
  proof: string | string[] | null | undefined;
  /** the request's method */
  method: string;
  /** the request's absolute URL as the client called it (query and fragment are ignored) */
  url: string;
  /** where proof `jti`s are remembered (default: this process) */
  replay?: DpopReplayStore;
  /**
   * Replaces the proof check of RFC 9449 §4.3 (e.g. to share `jti` replay protection across
   * nodes some other way): resolves true when `proof` is valid for this request and token. The
   * scheme rules (a bound token only as `DPoP`, an unbound one never) still apply.
   */
  check?: (input: { proof: string | null; method: string; url: string; accessToken: string; jkt: string }) => Promise<boolean>;
}

/** The scheme and token of an `Authorization` header (`Bearer …` or `DPoP …`), or null. */
export function readAuthorization(header: string | null | undefined): { scheme: 'Bearer' | 'DPoP'; token: string } | null {
  const match = /^(Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header ?? '');
  if (!match) return null;
  return { scheme: match[1]!.toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer', token: match[2]! };
}

const htuOf = (value: string): string | null => {
  try {
    const url = new URL(value);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return null;
  }
};

async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The `cnf.jkt` of verified claims, or null (unbound token). */
export function confirmationOf(claims: JWTPayload): string | null {
  const cnf = claims.cnf as { jkt?: unknown } | undefined;
  return cnf && typeof cnf === 'object' && typeof cnf.jkt === 'string' ? cnf.jkt : null;
}

/**
 * Whether `token` (with verified `claims`) is acceptable as presented (RFC 9449 §7.1, §7.2): a
 * bound token needs scheme DPoP and a valid proof by its key; an unbound one must not come as
 * DPoP, and is refused when `requireDpop`. Returns null when acceptable, else why not.
 */
export async function checkDpopBinding(
  token: string,
  claims: JWTPayload,
  presented: DpopPresentation | undefined,
  requireDpop = false,
): Promise<string | null> {
  const jkt = confirmationOf(claims);
  const scheme = presented?.scheme.toLowerCase();
  if (jkt === null) {
    if (requireDpop) return 'the token is not DPoP-bound';
    return scheme === 'dpop' ? 'DPoP scheme with an unbound token' : null;
  }
  if (!presented || scheme !== 'dpop') return 'a DPoP-bound token presented without the DPoP scheme';
  const proof = presented.proof;
  if (presented.check) {
    const single = typeof proof === 'string' ? proof : null;
    const accepted = await presented.check({
      proof: single,
      method: presented.method.toUpperCase(),
      url: presented.url,
      accessToken: token,
      jkt,
    });
    return accepted ? null : 'proof refused by the check';
  }
  if (typeof proof !== 'string' || proof.length === 0 || proof.length > 8192) return 'no single DPoP proof';
  try {
    const header = decodeProtectedHeader(proof);
    if (header.typ !== 'dpop+jwt' || typeof header.alg !== 'string' || !DPOP_SIGNING_ALGS.includes(header.alg))
      return 'proof header refused';
    const jwk = header.jwk as JWK | undefined;
    if (!jwk || 'd' in jwk || 'k' in jwk) return 'proof key refused';
    const { payload } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: DPOP_SIGNING_ALGS });
    if (payload.htm !== presented.method.toUpperCase()) return 'htm mismatch';
    const htu = typeof payload.htu === 'string' ? htuOf(payload.htu) : null;
    if (htu === null || htu !== htuOf(presented.url)) return 'htu mismatch';
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.iat !== 'number' || Math.abs(payload.iat - now) > DPOP_IAT_WINDOW_SECONDS) return 'iat outside the window';
    if (typeof payload.jti !== 'string' || payload.jti.length < 8) return 'no jti';
    if (payload.ath !== (await sha256(token))) return 'ath mismatch';
    if ((await calculateJwkThumbprint(jwk, 'sha256')) !== jkt) return 'proof by another key';
    const store = presented.replay ?? DEFAULT_STORE;
    if (!(await store.consume(jkt, payload.jti, (payload.iat + DPOP_IAT_WINDOW_SECONDS + 5) * 1000))) return 'proof replayed';
    return null;
  } catch {
    return 'proof does not verify';
  }
}
