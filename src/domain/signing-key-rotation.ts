/**
 * Signing-key rotation by an account credential (`rotateSigningKeys`): the GraphQL-facing side of
 * ./signing-keys.ts, which keeps the keys themselves.
 * @module
 */
import * as z from 'zod';
import type { Tx } from '../data/database.js';
import type { ServiceDeps } from './deps.js';
import type { IssuerService } from './issuers.js';
import { parseInput, idOf } from './validation.js';
import { actorOf, type Viewer } from './viewer.js';
import { AGENT_TOKEN_TTL_SECONDS } from './agents.js';
import { eventData } from './event-payloads.js';
import { VERIFY_LEEWAY_SECONDS, type SigningKeyStore } from './signing-keys.js';

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
     * Publishes the next keys (the issuer's `signingAlg` first), which sign from `activatesAt`
     * (now + PUBLISH_AHEAD_SECONDS), and keeps the previous ones in JWKS until every token they
     * signed has expired, plus the verification leeway. Emits
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
          data: eventData('signing-key.rotated', {
            kid: rotated.current.id,
            alg: rotated.current.alg,
            nextKids: rotated.next.map((k) => k.id),
            activatesAt: rotated.activatesAt,
            previousKids: rotated.previous,
            previousVerifyUntil: rotated.verifyUntil,
          }),
        });
        return { issuer, ...rotated };
      });
      store.forget(issuerId);
      return result;
    },
  };
}
