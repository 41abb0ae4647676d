/**
 * JWT access tokens per RFC 9068: minted with the issuer's current key, verified against the
 * issuer's published keys (current + previous within their window). jose does the JOSE work but
 * the signature itself (./jws.ts says why).
 *
 * Verification is strict (RFC 8725): the header must carry `typ: at+jwt` and the `kid` of one of
 * the issuer's keys, the `alg` must be that key's alg (so never `none`, never HS* with a public
 * key), embedded keys (`jwk`, `jku`, `x5u`) are never used, unknown `crit` is refused, `exp`/`nbf`
 * are checked with at most 60 s leeway and iss, sub, aud, exp, iat, jti, client_id are required.
 * @module
 */
import { randomBytesPooled } from '../lib/crypto.js';
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import type { ActiveSigner, SigningKeyStore } from '../domain/signing-keys.js';
import type { PrismaClient } from '../data/database.js';
import type { Clock } from '../lib/clock.js';
import { createCache } from '../lib/cache.js';
import { createReplayCache, type ReplayCache } from './replay-cache.js';
import { checkBinding, confirmationOf, type PresentedBinding } from './dpop.js';
import { signJwt } from './jws.js';

export const ACCESS_TOKEN_TYP = 'at+jwt';
/** Clock leeway for exp, nbf and iat; never more than 60 s. */
export const LEEWAY_SECONDS = 60;
const MAX_TOKEN_LENGTH = 8192;
const REQUIRED_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'client_id'];

export interface AccessTokenClaims {
  issuerUrl: string;
  subject: string;
  clientId: string;
  /** the RFC 8707 resources' identifiers (one: a string), or the issuer URL (./resources.ts) */
  audience: string | string[];
  scopes: string[];
  organizationId: string | null;
  lifetimeSeconds: number;
  /** the user's sign-in session (`sid`), for user tokens */
  sessionId?: string | null;
  /** RFC 8693 §4.1 `act.sub`: the agent acting for the subject */
  actorId?: string | null;
  /** RFC 9449 §6.1 `cnf.jkt`: the thumbprint of the DPoP key the token is bound to */
  confirmation?: string | null;
  /**
   * RFC 8693 §4.1 nested `act`: the earlier actors, innermost last (the agent that acted first for
   * the user); `actorId` is the current one
   */
  priorActors?: string[];
  /** the delegation ids the token rests on, user first: revoking any of them ends the token */
  delegations?: string[];
  /** RFC 9396 `authorization_details` the user approved */
  authorizationDetails?: unknown[] | null;
}

export interface MintedAccessToken {
  token: string;
  jti: string;
  kid: string;
  issuedAt: Date;
  expiresAt: Date;
}

/** Signs an RFC 9068 access token with the issuer's current key. */
export async function mintAccessToken(signer: ActiveSigner, claims: AccessTokenClaims, now: Date): Promise<MintedAccessToken> {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + claims.lifetimeSeconds;
  const jti = randomBytesPooled(16).toString('base64url');
  const payload: JWTPayload = { client_id: claims.clientId };
  if (claims.scopes.length) payload.scope = claims.scopes.join(' ');
  if (claims.organizationId) payload.org_id = claims.organizationId;
  if (claims.sessionId) payload.sid = claims.sessionId;
  if (claims.actorId) {
    // nested act: the current actor outermost, each earlier one inside (RFC 8693 §4.1)
    let act: Record<string, unknown> | undefined;
    for (const prior of [...(claims.priorActors ?? [])].reverse()) act = act ? { sub: prior, act } : { sub: prior };
    payload.act = act ? { sub: claims.actorId, act } : { sub: claims.actorId };
  }
  if (claims.delegations?.length) payload.delegations = claims.delegations;
  if (claims.authorizationDetails) payload.authorization_details = claims.authorizationDetails;
  if (claims.confirmation) payload.cnf = { jkt: claims.confirmation };
  const token = await signJwt(signer, ACCESS_TOKEN_TYP, {
    ...payload,
    iss: claims.issuerUrl,
    sub: claims.subject,
    aud: claims.audience,
    iat,
    exp,
    jti,
  });
  return { token, jti, kid: signer.kid, issuedAt: new Date(iat * 1000), expiresAt: new Date(exp * 1000) };
}

/** The keys of one issuer that verify now, and the account that owns the issuer. */
export interface IssuerKeySet {
  accountId: string;
  keys: JWK[];
}

/** Imports a public key; a failure surfaces when the key is used (never as an unhandled rejection). */
function importKey(jwk: JWK): Promise<CryptoKey> {
  const imported = importJWK(jwk, jwk.alg) as Promise<CryptoKey>;
  imported.catch(() => {});
  return imported;
}

interface CachedKeySet {
  accountId: string;
  keys: Map<string, { alg: string; key: Promise<CryptoKey>; ready?: CryptoKey }>;
}

export interface IssuerKeyCacheOptions {
  /** loads an issuer's verifying public keys; null for an unknown issuer */
  load: (issuerId: string) => Promise<IssuerKeySet | null>;
  /** a key set is reloaded after this long */
  ttlMs?: number;
  /** an unknown kid triggers a reload at most this often per issuer (kid floods cost nothing) */
  cooldownMs?: number;
  maxIssuers?: number;
}

/**
 * Per-issuer cache of verification keys (imported once). A token with an unknown kid reloads the
 * issuer's keys, at most once per cooldown, so a key made by a rotation elsewhere is found quickly
 * while random kids cannot make us query the database per token.
 */
export function createIssuerKeyCache({ load, ttlMs = 60_000, cooldownMs = 1_000, maxIssuers = 10_000 }: IssuerKeyCacheOptions) {
  // one load per issuer at a time, however many tokens of it arrive together (src/lib/cache.ts)
  const sets = createCache<CachedKeySet | null>({
    max: maxIssuers,
    ttlMs,
    load: async (issuerId) => {
      const set = await load(issuerId);
      return (
        set && {
          accountId: set.accountId,
          keys: new Map(
            set.keys
              .filter((k) => typeof k.kid === 'string' && typeof k.alg === 'string')
              .map((k) => [k.kid!, { alg: k.alg!, key: importKey(k) }]),
          ),
        }
      );
    },
  });

  return {
    /** The verification key `kid` of the issuer, with its alg and the issuer's account; null when unknown. */
    async key(issuerId: string, kid: string): Promise<{ accountId: string; alg: string; key: CryptoKey } | null> {
      let set = await sets.get(issuerId);
      if (!set?.keys.has(kid) && (sets.age(issuerId) ?? Infinity) >= cooldownMs) set = await sets.reload(issuerId);
      const entry = set?.keys.get(kid);
      if (!set || !entry) return null;
      // the hot path: a key imported before is used without another await on its promise
      if (entry.ready) return { accountId: set.accountId, alg: entry.alg, key: entry.ready };
      try {
        entry.ready = await entry.key;
        return { accountId: set.accountId, alg: entry.alg, key: entry.ready };
      } catch {
        return null;
      }
    },
    /** Forgets an issuer's keys (after a rotation on this node). */
    forget(issuerId: string): void {
      sets.delete(issuerId);
    },
    /** The cache of key sets, for tests and metrics. */
    cache: sets,
  };
}

export type IssuerKeyCache = ReturnType<typeof createIssuerKeyCache>;

/** The issuer id named by an issuer URL of ours (`{publicUrl}/{issuer_id}`), or null. */
/** TypeID shapes (prefix + 26 base32 characters, the first 0–7), checked cheaply on every token. */
const ISSUER_ID = /^i_[0-7][0-9a-hjkmnp-tv-z]{25}$/;
const SIGNING_KEY_ID = /^kid_[0-7][0-9a-hjkmnp-tv-z]{25}$/;

export function issuerIdFromUrl(publicUrl: string, iss: unknown): string | null {
  if (typeof iss !== 'string' || !iss.startsWith(`${publicUrl}/`)) return null;
  const id = iss.slice(publicUrl.length + 1);
  return ISSUER_ID.test(id) ? id : null;
}

/**
 * The one revocation check every access-token path asks (RFC 7009 §2.1 for JWT access tokens;
 * implemented by src/domain/revoked-tokens.ts): true when the token's `jti` was revoked. A boolean
 * on the hot path (an in-memory lookup), a promise only while the node loads its list.
 */
export interface RevocationCheck {
  isRevoked(jti: string): boolean | Promise<boolean>;
}

export interface VerifyOptions {
  /** the exact `iss` required */
  issuerUrl: string;
  now: Date;
  /** an `aud` value required; null: any audience */
  audience: string | null;
  /** refuses revoked tokens: required, so no path can forget revocation */
  revocations: RevocationCheck;
}

/**
 * Verifies an access token of one issuer against that issuer's keys. Returns the verified payload
 * and the issuer's account, or null for anything that is not a valid, unexpired, unrevoked access
 * token. A database failure (keys, revocations) rejects instead (a 5xx, never "valid").
 */
export async function verifyAccessTokenOf(
  token: string,
  issuerId: string,
  keys: IssuerKeyCache,
  options: VerifyOptions,
): Promise<{ accountId: string; payload: JWTPayload } | null> {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
  let header;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return null;
  }
  if (typeof header.kid !== 'string' || !SIGNING_KEY_ID.test(header.kid) || typeof header.alg !== 'string') return null;
  // A database failure while loading keys propagates (a 5xx, not a silent "invalid token").
  const found = await keys.key(issuerId, header.kid);
  if (!found || found.alg !== header.alg) return null;
  let verified: { accountId: string; payload: JWTPayload };
  try {
    const { payload } = await jwtVerify(token, found.key, {
      algorithms: [found.alg],
      typ: ACCESS_TOKEN_TYP,
      issuer: options.issuerUrl,
      ...(options.audience !== null ? { audience: options.audience } : {}),
      clockTolerance: LEEWAY_SECONDS,
      currentDate: options.now,
      requiredClaims: REQUIRED_CLAIMS,
    });
    const nowSeconds = Math.floor(options.now.getTime() / 1000);
    if (typeof payload.iat !== 'number' || payload.iat > nowSeconds + LEEWAY_SECONDS) return null;
    if (typeof payload.sub !== 'string' || typeof payload.client_id !== 'string' || typeof payload.jti !== 'string') return null;
    if (payload.scope !== undefined && typeof payload.scope !== 'string') return null;
    if (payload.org_id !== undefined && typeof payload.org_id !== 'string') return null;
    if (payload.sid !== undefined && typeof payload.sid !== 'string') return null;
    if (
      payload.act !== undefined &&
      (typeof payload.act !== 'object' || payload.act === null || typeof (payload.act as { sub?: unknown }).sub !== 'string')
    )
      return null;
    verified = { accountId: found.accountId, payload };
  } catch {
    return null;
  }
  const revoked = options.revocations.isRevoked(verified.payload.jti as string);
  if (revoked === true || (revoked !== false && (await revoked))) return null;
  // a delegated token dies with any delegation of its chain (src/domain/delegations.ts)
  const chain = verified.payload.delegations;
  if (chain !== undefined) {
    if (!Array.isArray(chain) || chain.length > 16 || chain.some((id) => typeof id !== 'string')) return null;
    for (const id of chain as string[]) {
      const gone = options.revocations.isRevoked(id);
      if (gone === true || (gone !== false && (await gone))) return null;
    }
  }
  return verified;
}

/** What a verified access token says. */
export interface VerifiedAccessToken {
  issuerId: string;
  accountId: string;
  subject: string;
  clientId: string;
  scopes: string[];
  organizationId: string | null;
  jti: string;
  expiresAt: Date;
  /** `sid`: the user's sign-in session, or null */
  sessionId: string | null;
  /** `act.sub`: the current actor of a delegated token, or null */
  actorId: string | null;
  /** RFC 9449 `cnf.jkt`: the DPoP key the token is bound to, or null */
  confirmation: string | null;
  /** the delegation ids a delegated token rests on (user first); [] for others */
  delegations: string[];
}

export interface AccessTokenVerifierDeps {
  prisma: PrismaClient;
  signingKeys: SigningKeyStore;
  /** `{PUBLIC_URL}`; issuer URLs are `${publicUrl()}/${issuerId}` */
  publicUrl: () => string;
  clock: Clock;
  /** revoked `jti`s (src/domain/revoked-tokens.ts) */
  revocations: RevocationCheck;
  /** DPoP proof `jti`s seen (shared by every node with Redis): a replayed proof is refused; default in this process */
  replay?: ReplayCache;
}

/** Loads an issuer's account and verifying keys, for `createIssuerKeyCache`. */
export function issuerKeyLoader(prisma: PrismaClient, signingKeys: SigningKeyStore) {
  return async (issuerId: string): Promise<IssuerKeySet | null> => {
    const issuer = await prisma.issuer.findUnique({ where: { id: issuerId }, select: { accountId: true } });
    if (!issuer) return null;
    return { accountId: issuer.accountId, keys: (await signingKeys.jwks(issuerId)).keys };
  };
}

/**
 * Verifies access tokens of any of our issuers, for resource servers inside Authgraph (the Core
 * API, whoami, the event streams). A token whose `jti` was revoked (`POST /{issuer}/revoke`) is
 * refused until its `exp`; `isRevoked` is that same check, for re-checking a live stream.
 *
 * By default the token's `aud` must contain its issuer URL — what every token minted without an
 * RFC 8707 `resource` carries — so a token minted for another resource is refused (RFC 8725
 * §3.9). Pass `{ audience: '…' }` to require another value, or `{ audience: null }` for none.
 */
export function createAccessTokenVerifier({
  prisma,
  signingKeys,
  publicUrl,
  clock,
  revocations,
  replay = createReplayCache(),
}: AccessTokenVerifierDeps) {
  const keys = createIssuerKeyCache({ load: issuerKeyLoader(prisma, signingKeys) });
  return {
    /** Whether the token with this `jti` was revoked (RFC 7009); see `RevocationCheck`. */
    isRevoked: (jti: string): boolean | Promise<boolean> => revocations.isRevoked(jti),
    /**
     * `binding`: how the request presented the token (scheme, DPoP proof, method, URL). A token
     * bound to a DPoP key (`cnf.jkt`) is accepted only with a fresh proof by that key for this
     * request (RFC 9449 §7); without `binding` a bound token is refused.
     */
    async verify(
      token: string,
      options: { audience?: string | null; binding?: PresentedBinding } = {},
    ): Promise<VerifiedAccessToken | null> {
      let claims;
      try {
        claims = decodeJwt(token);
      } catch {
        return null;
      }
      const issuerId = issuerIdFromUrl(publicUrl(), claims.iss);
      if (!issuerId) return null;
      const issuerUrl = `${publicUrl()}/${issuerId}`;
      const verified = await verifyAccessTokenOf(token, issuerId, keys, {
        issuerUrl,
        now: clock.now(),
        audience: options.audience === undefined ? issuerUrl : options.audience,
        revocations,
      });
      if (!verified) return null;
      const { payload } = verified;
      const confirmation = confirmationOf(payload);
      if (options.binding) {
        if ((await checkBinding(payload, token, options.binding, { now: clock.now(), replay })) !== null) return null;
      } else if (confirmation !== null) return null;
      return {
        issuerId,
        accountId: verified.accountId,
        subject: payload.sub as string,
        clientId: payload.client_id as string,
        scopes: typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [],
        organizationId: typeof payload.org_id === 'string' ? payload.org_id : null,
        jti: payload.jti as string,
        expiresAt: new Date((payload.exp as number) * 1000),
        sessionId: typeof payload.sid === 'string' ? payload.sid : null,
        actorId: typeof payload.act === 'object' && payload.act !== null ? ((payload.act as { sub: string }).sub ?? null) : null,
        confirmation,
        delegations: Array.isArray(payload.delegations) ? (payload.delegations as string[]) : [],
      };
    },
  };
}

export type AccessTokenVerifier = ReturnType<typeof createAccessTokenVerifier>;
