/**
 * Per-issuer signing keys. Created with the issuer; private JWKs sealed with the master key.
 * Rotation makes a new current key and keeps the previous public key in JWKS until every token
 * it signed has expired (`verifyUntil`). Decrypted private keys are cached per issuer in memory
 * and re-checked against the database's current kid, so a rotation on another node is seen.
 * @module
 */
import { exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';
import { newId } from '../lib/ids.js';
import type { Sealer } from '../lib/sealed.js';
import type { Clock } from '../lib/clock.js';
import type { PrismaClient, Tx } from '../data/database.js';
import type { Prisma } from '../generated/prisma/client.js';

/** Longest lifetime any token of ours can have; bounds how long a retired key must still verify. */
export const MAX_TOKEN_LIFETIME_SECONDS = 86_400;

export interface ActiveSigner {
  kid: string;
  alg: string;
  key: CryptoKey;
}

export function createSigningKeyStore(deps: { prisma: PrismaClient; sealer: Sealer; clock: Clock }) {
  const { prisma, sealer, clock } = deps;
  const signers = new Map<string, ActiveSigner>();

  /** Generates a key pair and stores it as the issuer's current key (inside the caller's transaction). */
  async function createKey(tx: Tx, issuerId: string, alg: string) {
    const kid = newId('signingKey');
    const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) });
    const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
    const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg };
    return tx.signingKey.create({
      data: { id: kid, issuerId, alg, status: 'current', publicJwk: publicJwk as Prisma.InputJsonObject, privateJwkEnc: sealer.seal(JSON.stringify(privateJwk), kid) },
    });
  }

  return {
    createKey,

    /**
     * Retires the current key (kept for verification until `verifyUntil`) and makes a new one.
     * `maxTokenLifetimeSeconds` is the longest lifetime of any token the old key may have signed.
     */
    async rotate(tx: Tx, issuerId: string, alg: string, maxTokenLifetimeSeconds: number) {
      const now = clock.now();
      const verifyUntil = new Date(now.getTime() + Math.min(maxTokenLifetimeSeconds, MAX_TOKEN_LIFETIME_SECONDS) * 1000);
      const previous = await tx.signingKey.findMany({ where: { issuerId, status: 'current' } });
      await tx.signingKey.updateMany({ where: { issuerId, status: 'current' }, data: { status: 'previous', rotatedAt: now, verifyUntil } });
      await tx.signingKey.updateMany({ where: { issuerId, status: 'previous', verifyUntil: { lte: now } }, data: { status: 'retired' } });
      const next = await createKey(tx, issuerId, alg);
      signers.delete(issuerId);
      return { previous: previous.map((k) => k.id), current: next, verifyUntil };
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

    /** The issuer's current signing key, decrypted (cached while the database says it is current). */
    async currentSigner(issuerId: string): Promise<ActiveSigner> {
      const row = await prisma.signingKey.findFirst({ where: { issuerId, status: 'current' }, orderBy: { id: 'desc' } });
      if (!row) throw new Error(`issuer ${issuerId} has no current signing key`);
      const cached = signers.get(issuerId);
      if (cached?.kid === row.id) return cached;
      const jwk = JSON.parse(sealer.open(row.privateJwkEnc, row.id)) as JWK;
      const key = (await importJWK(jwk, row.alg)) as CryptoKey;
      const signer = { kid: row.id, alg: row.alg, key };
      signers.set(issuerId, signer);
      return signer;
    },
  };
}

export type SigningKeyStore = ReturnType<typeof createSigningKeyStore>;
