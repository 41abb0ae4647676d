/**
 * Per-issuer signing keys. Created with the issuer; private JWKs sealed with the master key.
 * Rotation makes a new current key and keeps the previous public key in JWKS until every token
 * it signed has expired (`verifyUntil`). Decrypted private keys are cached per issuer and alg in
 * memory; the database's current kid is re-checked at most every `SIGNER_RECHECK_MS`, so a
 * rotation on another node is picked up within that time (its tokens still verify meanwhile: the
 * key it replaced stays in JWKS). A rotation on this node is seen at once.
 *
 * An issuer signs with its `signingAlg`, but ID tokens may be asked for in another supported alg
 * (a client's `idTokenSignedResponseAlg`; OIDC Discovery requires RS256 to be available). The
 * current key of such an alg is made the first time it is needed, and a rotation retires it with
 * the others: the next one is made again on demand, while the retired one keeps verifying in JWKS.
 * Every lookup names its alg, so the key of one alg never signs for another.
 * @module
 */
import * as z from 'zod';
import { exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';
import { newId } from '../lib/ids.js';
import type { Sealer } from '../lib/sealed.js';
import type { Clock } from '../lib/clock.js';
import type { PrismaClient, Tx } from '../data/database.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { ServiceDeps } from './deps.js';
import { SIGNING_ALGS, type IssuerService } from './issuers.js';
import { parseInput, idOf } from './validation.js';
import { actorOf, type Viewer } from './viewer.js';
import { AGENT_TOKEN_TTL_SECONDS } from './agents.js';
import { eventData } from './event-payloads.js';

/** Longest lifetime any token of ours can have; bounds how long a retired key must still verify. */
export const MAX_TOKEN_LIFETIME_SECONDS = 86_400;
/** Clock leeway verifiers may apply past `exp`; a retired key stays published that much longer. */
export const VERIFY_LEEWAY_SECONDS = 60;
/** How long a cached signer is trusted before the current kid is read again. */
export const SIGNER_RECHECK_MS = 5_000;

export interface ActiveSigner {
  kid: string;
  alg: string;
  key: CryptoKey;
}

export function createSigningKeyStore(deps: { prisma: PrismaClient; sealer: Sealer; clock: Clock }) {
  const { prisma, sealer, clock } = deps;
  /** Cached signers by `${issuerId} ${alg}`. */
  const signers = new Map<string, ActiveSigner & { checkedAt: number }>();
  const signerKey = (issuerId: string, alg: string) => `${issuerId} ${alg}`;
  /** Drops every cached signer of an issuer, whatever its alg. */
  function forgetIssuer(issuerId: string): void {
    for (const alg of SIGNING_ALGS) signers.delete(signerKey(issuerId, alg));
  }

  /** Generates a key pair and stores it as the issuer's current key of `alg` (inside the caller's transaction). */
  async function createKey(tx: Tx, issuerId: string, alg: string) {
    const kid = newId('signingKey');
    const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) });
    const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
    const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg };
    return tx.signingKey.create({
      data: { id: kid, issuerId, alg, status: 'current', publicJwk: publicJwk as Prisma.InputJsonObject, privateJwkEnc: sealer.seal(JSON.stringify(privateJwk), kid) },
    });
  }

  /**
   * Makes the issuer's current key of `alg` unless another caller made one first: under the
   * issuer's row lock, the lock rotations take too, so two nodes never make two keys of one alg
   * and a rotation never interleaves.
   */
  async function createMissing(issuerId: string, alg: string): Promise<{ id: string }> {
    return prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Issuer" WHERE id = ${issuerId} FOR UPDATE`;
      if (locked.length === 0) throw new Error(`issuer ${issuerId} does not exist`);
      const existing = await tx.signingKey.findFirst({ where: { issuerId, alg, status: 'current' }, orderBy: { id: 'desc' }, select: { id: true } });
      return existing ?? (await createKey(tx, issuerId, alg));
    });
  }

  return {
    createKey,

    /**
     * Retires the current keys, of every alg (kept for verification until `verifyUntil`), and
     * makes a new one of `alg`, the issuer's. Keys of other algs are made again when next needed.
     * `maxTokenLifetimeSeconds` is the longest lifetime of any token the old keys may have signed.
     */
    async rotate(tx: Tx, issuerId: string, alg: string, maxTokenLifetimeSeconds: number) {
      const now = clock.now();
      const verifyUntil = new Date(now.getTime() + Math.min(maxTokenLifetimeSeconds, MAX_TOKEN_LIFETIME_SECONDS) * 1000);
      const previous = await tx.signingKey.findMany({ where: { issuerId, status: 'current' } });
      await tx.signingKey.updateMany({ where: { issuerId, status: 'current' }, data: { status: 'previous', rotatedAt: now, verifyUntil } });
      await tx.signingKey.updateMany({ where: { issuerId, status: 'previous', verifyUntil: { lte: now } }, data: { status: 'retired' } });
      const next = await createKey(tx, issuerId, alg);
      forgetIssuer(issuerId);
      return { previous: previous.map((k) => k.id), current: next, verifyUntil };
    },

    /** Drops the cached signers of an issuer (call after the rotating transaction committed). */
    forget(issuerId: string): void {
      forgetIssuer(issuerId);
    },

    /** Public facts about the keys that verify now (for the Core API), newest first. */
    listVerifying(issuerId: string) {
      return prisma.signingKey.findMany({
        where: { issuerId, OR: [{ status: 'current' }, { status: 'previous', verifyUntil: { gt: clock.now() } }] },
        orderBy: { id: 'desc' },
        select: { id: true, alg: true, status: true, createdAt: true, rotatedAt: true, verifyUntil: true },
      });
    },

    /** The public keys that verify: the current one and previous ones still inside their window. */
    async jwks(issuerId: string): Promise<{ keys: JWK[] }> {
      const keys = await prisma.signingKey.findMany({
        where: { issuerId, OR: [{ status: 'current' }, { status: 'previous', verifyUntil: { gt: clock.now() } }] },
        orderBy: { id: 'desc' },
        select: { publicJwk: true },
      });
      return { keys: keys.map((k) => k.publicJwk as JWK) };
    },

    /**
     * The issuer's current signing key of `alg`, decrypted (cached while the database says it is
     * current). When the issuer has none of that alg — one it was not created with, or any alg
     * after a rotation retired that key — one is made now (see the module comment).
     */
    async currentSigner(issuerId: string, alg: string): Promise<ActiveSigner> {
      if (!(SIGNING_ALGS as readonly string[]).includes(alg)) throw new Error(`${alg} is not a signing alg of ours`);
      const cacheKey = signerKey(issuerId, alg);
      const now = Date.now();
      const fresh = signers.get(cacheKey);
      if (fresh && now - fresh.checkedAt < SIGNER_RECHECK_MS) return fresh;
      const current = { issuerId, alg, status: 'current' as const };
      const row = (await prisma.signingKey.findFirst({ where: current, orderBy: { id: 'desc' }, select: { id: true } })) ?? (await createMissing(issuerId, alg));
      const cached = signers.get(cacheKey);
      if (cached?.kid === row.id) {
        cached.checkedAt = now;
        return cached;
      }
      const full = await prisma.signingKey.findUniqueOrThrow({ where: { id: row.id } });
      const jwk = JSON.parse(sealer.open(full.privateJwkEnc, full.id)) as JWK;
      const key = (await importJWK(jwk, full.alg)) as CryptoKey;
      const signer = { kid: full.id, alg: full.alg, key, checkedAt: now };
      signers.set(cacheKey, signer);
      return signer;
    },
  };
}

export type SigningKeyStore = ReturnType<typeof createSigningKeyStore>;

const RotateSigningKeys = z.object({ issuerId: idOf('issuer') });

/** The GraphQL-facing side of signing keys: rotation by an account credential. */
export function createSigningKeyService(deps: ServiceDeps, issuers: IssuerService, store: SigningKeyStore) {
  const { prisma, recordEvent } = deps;

  /** The longest lifetime any token this issuer signs can have (issuer default, per-client TTLs, agents). */
  async function longestTokenLifetime(tx: Tx, issuerId: string, issuerTtl: number): Promise<number> {
    const clients = await tx.client.aggregate({ where: { issuerId }, _max: { accessTokenTtlSeconds: true } });
    return Math.max(issuerTtl, clients._max.accessTokenTtlSeconds ?? 0, AGENT_TOKEN_TTL_SECONDS);
  }

  return {
    /**
     * Makes a new current key (the issuer's `signingAlg`) and keeps the previous ones in JWKS
     * until every token they signed has expired, plus the verification leeway. Emits
     * `signing-key.rotated` in the same transaction. Concurrent rotations of one issuer queue up.
     */
    async rotate(viewer: Viewer, input: unknown) {
      const { issuerId } = parseInput(RotateSigningKeys, input);
      await issuers.requireIssuer(viewer, issuerId);
      const result = await prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Issuer" WHERE id = ${issuerId} FOR UPDATE`;
        const issuer = await tx.issuer.findUniqueOrThrow({ where: { id: issuerId } });
        const lifetime = (await longestTokenLifetime(tx, issuerId, issuer.accessTokenTtlSeconds)) + VERIFY_LEEWAY_SECONDS;
        const rotated = await store.rotate(tx, issuerId, issuer.signingAlg, lifetime);
        await recordEvent(tx, {
          type: 'signing-key.rotated',
          accountId: viewer.accountId,
          issuerId,
          subject: rotated.current.id,
          actor: actorOf(viewer),
          data: eventData('signing-key.rotated', { kid: rotated.current.id, alg: rotated.current.alg, previousKids: rotated.previous, previousVerifyUntil: rotated.verifyUntil }),
        });
        return { issuer, ...rotated };
      });
      store.forget(issuerId);
      return result;
    },
  };
}
