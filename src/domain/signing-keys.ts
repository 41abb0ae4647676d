/**
 * Per-issuer signing keys, private JWKs sealed with the master key. Every key is in the issuer's
 * JWKS before it signs anything (OIDC Core §10.1.1; a verifier holding a cached JWKS must never
 * meet an unknown kid):
 *
 * - The issuer's first key (its `signingAlg`) is made with the issuer; a key of another alg when a
 *   client registers (or updates to) that `idTokenSignedResponseAlg`, or the issuer switches to
 *   it (`ensureKey`). These keys are new with the thing that will use them, so no cached JWKS can
 *   lack them.
 * - A rotation makes the next key of every alg in use with `activatesAt` =
 *   now + `PUBLISH_AHEAD_SECONDS` (twice the JWKS `max-age`): it is published at once and signs
 *   only from then on. Until then the key it replaces keeps signing; that key then stays published
 *   until every token it signed has expired (`verifyUntil`, counted from the activation).
 *
 * Which key signs is decided by time alone: the newest key of the alg (current or previous) whose
 * `activatesAt` has passed. Decrypted private keys are cached per issuer and alg in memory; the
 * database is re-read at most every `SIGNER_RECHECK_MS` and whenever a cached next key activates,
 * so a rotation on another node is picked up within that time (its tokens still verify meanwhile:
 * both keys are published). Every lookup names its alg, so the key of one alg never signs for
 * another. Issuers made before keys were published ahead get a missing alg's key on first use, as
 * they did before (the fallback, logged by no one: there is no other way to sign).
 * @module
 */
import { exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';
import { newId } from '../lib/ids.js';
import { createCache } from '../lib/cache.js';
import type { Sealer } from '../lib/sealed.js';
import type { Clock } from '../lib/clock.js';
import type { PrismaClient, Tx } from '../data/database.js';
import type { Prisma } from '../generated/prisma/client.js';
import { SIGNING_ALGS } from './jwk.js';

/** Longest lifetime any token of ours can have; bounds how long a retired key must still verify. */
export const MAX_TOKEN_LIFETIME_SECONDS = 86_400;
/** Clock leeway verifiers may apply past `exp`; a retired key stays published that much longer. */
export const VERIFY_LEEWAY_SECONDS = 60;
/** How long a cached signer is trusted before the current kid is read again. */
export const SIGNER_RECHECK_MS = 5_000;
/** The JWKS and discovery `Cache-Control: max-age` (src/oauth/discovery.ts), in seconds. */
export const JWKS_MAX_AGE_SECONDS = 60;
/** How long before it signs a rotated-in key is published: two JWKS cache lifetimes. */
export const PUBLISH_AHEAD_SECONDS = 2 * JWKS_MAX_AGE_SECONDS;

export interface ActiveSigner {
  kid: string;
  alg: string;
  key: CryptoKey;
}

/** Cached signers per node (issuer × alg); each holds one decrypted private key. */
export const MAX_SIGNERS = 10_000;

type CachedSigner = ActiveSigner & { nextAt: number | null };

export function createSigningKeyStore(deps: {
  prisma: PrismaClient;
  sealer: Sealer;
  clock: Clock /** test override of the signer cache's size bound */;
  maxSigners?: number;
}) {
  const { prisma, sealer, clock } = deps;
  /**
   * Signers by issuer and alg (src/lib/cache.ts), re-read from the database every
   * SIGNER_RECHECK_MS; the decrypted key is kept across re-reads while its kid still signs.
   */
  const signers = createCache<CachedSigner, { issuerId: string; alg: string }>({
    max: deps.maxSigners ?? MAX_SIGNERS,
    ttlMs: SIGNER_RECHECK_MS,
    load: async (_key, { issuerId, alg }, previous) => {
      const at = clock.now();
      const row = (await signingRow(prisma, issuerId, alg, at)) ?? (await createMissing(issuerId, alg));
      const nextAt = await nextActivation(issuerId, alg, at);
      if (previous?.kid === row.id) return { ...previous, nextAt };
      const full = await prisma.signingKey.findUniqueOrThrow({ where: { id: row.id } });
      const jwk = JSON.parse(sealer.open(full.privateJwkEnc, full.id)) as JWK;
      const key = (await importJWK(jwk, full.alg)) as CryptoKey;
      return { kid: full.id, alg: full.alg, key, nextAt };
    },
  });
  const signerKey = (issuerId: string, alg: string) => `${issuerId} ${alg}`;
  /** Drops every cached signer of an issuer, whatever its alg. */
  function forgetIssuer(issuerId: string): void {
    for (const alg of SIGNING_ALGS) signers.delete(signerKey(issuerId, alg));
  }

  /**
   * Generates a key pair and stores it as the issuer's current key of `alg` (inside the caller's
   * transaction), signing from `activatesAt` (default: at once).
   */
  async function createKey(tx: Tx, issuerId: string, alg: string, activatesAt: Date | null = null) {
    const kid = newId('signingKey');
    const { publicKey, privateKey } = await generateKeyPair(alg, {
      extractable: true,
      ...(alg === 'RS256' ? { modulusLength: 2048 } : {}),
    });
    const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
    const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg };
    return tx.signingKey.create({
      data: {
        id: kid,
        issuerId,
        alg,
        status: 'current',
        activatesAt,
        publicJwk: publicJwk as Prisma.InputJsonObject,
        privateJwkEnc: sealer.seal(JSON.stringify(privateJwk), kid),
      },
    });
  }

  /** The newest key of `alg` that signs at `now` (see the module comment), or null. */
  function signingRow(db: Tx | PrismaClient, issuerId: string, alg: string, now: Date) {
    return db.signingKey.findFirst({
      where: { issuerId, alg, status: { in: ['current', 'previous'] }, OR: [{ activatesAt: null }, { activatesAt: { lte: now } }] },
      orderBy: { id: 'desc' },
      select: { id: true },
    });
  }

  /** When the next key of `alg` activates, if one is published and not yet signing. */
  async function nextActivation(issuerId: string, alg: string, now: Date): Promise<number | null> {
    const next = await prisma.signingKey.findFirst({
      where: { issuerId, alg, status: 'current', activatesAt: { gt: now } },
      orderBy: { id: 'desc' },
      select: { activatesAt: true },
    });
    return next?.activatesAt?.getTime() ?? null;
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
      const existing = await signingRow(tx, issuerId, alg, clock.now());
      return existing ?? (await createKey(tx, issuerId, alg));
    });
  }

  return {
    createKey,

    /**
     * Makes sure the issuer has a key of `alg` (inside the caller's transaction, under the
     * issuer's row lock): called when a client registers that alg for its ID tokens or the issuer
     * switches to it, so the key is in JWKS before anything asks for a token signed with it.
     */
    async ensureKey(tx: Tx, issuerId: string, alg: string): Promise<void> {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Issuer" WHERE id = ${issuerId} FOR UPDATE`;
      if (locked.length === 0) throw new Error(`issuer ${issuerId} does not exist`);
      const existing = await tx.signingKey.findFirst({ where: { issuerId, alg, status: 'current' }, select: { id: true } });
      if (!existing) await createKey(tx, issuerId, alg);
    },

    /**
     * Publishes the next key of every alg the issuer has a current key of (and of `alg`, the
     * issuer's), signing from now + `PUBLISH_AHEAD_SECONDS`; the keys they replace become
     * previous, keep signing until then, and stay published until `verifyUntil` = activation +
     * `maxTokenLifetimeSeconds` (the longest lifetime of any token they may sign, leeway included).
     */
    async rotate(tx: Tx, issuerId: string, alg: string, maxTokenLifetimeSeconds: number) {
      const now = clock.now();
      const activatesAt = new Date(now.getTime() + PUBLISH_AHEAD_SECONDS * 1000);
      const verifyUntil = new Date(activatesAt.getTime() + Math.min(maxTokenLifetimeSeconds, MAX_TOKEN_LIFETIME_SECONDS) * 1000);
      const previous = await tx.signingKey.findMany({ where: { issuerId, status: 'current' }, orderBy: { id: 'asc' } });
      await tx.signingKey.updateMany({ where: { issuerId, status: 'current' }, data: { status: 'previous', rotatedAt: now, verifyUntil } });
      await tx.signingKey.updateMany({ where: { issuerId, status: 'previous', verifyUntil: { lte: now } }, data: { status: 'retired' } });
      const algs = [alg, ...new Set(previous.map((k) => k.alg).filter((a) => a !== alg))];
      const made = [];
      for (const a of algs) made.push(await createKey(tx, issuerId, a, activatesAt));
      forgetIssuer(issuerId);
      return { previous: previous.map((k) => k.id), current: made[0]!, next: made, activatesAt, verifyUntil };
    },

    /** Drops the cached signers of an issuer (call after the rotating transaction committed). */
    forget(issuerId: string): void {
      forgetIssuer(issuerId);
    },

    /**
     * Public facts about the keys published now (for the Core API), newest first. `status`:
     * `next` for a published key that does not sign yet, `current` for the one that signs,
     * `previous` for one kept for verification (also a replaced key still signing until its
     * successor activates).
     */
    async listVerifying(issuerId: string) {
      const now = clock.now();
      const rows = await prisma.signingKey.findMany({
        where: { issuerId, OR: [{ status: 'current' }, { status: 'previous', verifyUntil: { gt: now } }] },
        orderBy: { id: 'desc' },
        select: { id: true, alg: true, status: true, createdAt: true, rotatedAt: true, activatesAt: true, verifyUntil: true },
      });
      return rows.map((k) => ({
        ...k,
        status: k.status === 'current' && k.activatesAt && k.activatesAt > now ? ('next' as const) : k.status,
      }));
    },

    /** The public keys that verify: current ones (next ones included, published ahead) and previous ones still inside their window. */
    async jwks(issuerId: string): Promise<{ keys: JWK[] }> {
      const keys = await prisma.signingKey.findMany({
        where: { issuerId, OR: [{ status: 'current' }, { status: 'previous', verifyUntil: { gt: clock.now() } }] },
        orderBy: { id: 'desc' },
        select: { publicJwk: true },
      });
      return { keys: keys.map((k) => k.publicJwk as JWK) };
    },

    /**
     * The key of `alg` that signs now, decrypted (cached while the database says it signs, see
     * the module comment). An issuer with no key of that alg at all (made before keys were
     * published ahead) gets one now.
     */
    async currentSigner(issuerId: string, alg: string): Promise<ActiveSigner> {
      if (!(SIGNING_ALGS as readonly string[]).includes(alg)) throw new Error(`${alg} is not a signing alg of ours`);
      const cacheKey = signerKey(issuerId, alg);
      const cached = signers.peek(cacheKey);
      // a published next key that activated (by the store's clock) signs from now on: re-read
      const activated = cached !== undefined && cached.nextAt !== null && clock.now().getTime() >= cached.nextAt;
      const signer = activated ? await signers.reload(cacheKey, { issuerId, alg }) : await signers.get(cacheKey, { issuerId, alg });
      return { kid: signer.kid, alg: signer.alg, key: signer.key };
    },

    /** The signer cache, for tests and metrics (forget an issuer's signers through `forget`). */
    caches: { signers } as const,
  };
}

export type SigningKeyStore = ReturnType<typeof createSigningKeyStore>;
