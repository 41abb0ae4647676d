/**
 * Idempotency-Key for mutations (IETF draft-ietf-httpapi-idempotency-key-header, as Stripe does
 * it): the first request with a key runs and its response is stored; the same key with the same
 * body replays that response; the same key with another body is refused (422); a request that
 * arrives while the first is still running is refused (409). Keys are scoped per credential.
 * @module
 */
import { newId } from '../lib/ids.js';
import { createHmac } from 'node:crypto';
import type { Sealer } from '../lib/sealed.js';
import { isUniqueViolation } from './deps.js';
import type { PrismaClient } from '../data/database.js';
import type { Clock } from '../lib/clock.js';

export type IdempotencyClaim =
  | { kind: 'new'; recordId: string }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

/**
 * Request bodies can hold secrets (a password for setUserPassword) and responses do (a new API
 * key's secret, TOTP secrets, backup codes): the stored request hash is an HMAC under a key
 * derived from the master key, so it cannot be guessed offline, and the stored response is
 * sealed with the master key. A replay within the TTL returns the original response, secret
 * included, so a client whose first answer was lost can still read it.
 */
export function createIdempotencyService(deps: { prisma: PrismaClient; clock: Clock; ttlMs: number; sealer: Sealer; hmacKey: Uint8Array }) {
  const { prisma, clock, ttlMs, sealer, hmacKey } = deps;
  const digest = (body: string) => createHmac('sha256', hmacKey).update(body).digest('base64url');

  return {
    /** Claims `key` for `scope` and this request body, or says why it cannot run. */
    async claim(scope: string, key: string, body: string): Promise<IdempotencyClaim> {
      const requestHash = digest(body);
      const now = clock.now();
      await prisma.idempotencyRecord.deleteMany({ where: { scope, key, expiresAt: { lte: now } } });
      try {
        const record = await prisma.idempotencyRecord.create({
          data: { id: newId('idempotency'), scope, key, requestHash, expiresAt: new Date(now.getTime() + ttlMs) },
        });
        return { kind: 'new', recordId: record.id };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      const existing = await prisma.idempotencyRecord.findUnique({ where: { scope_key: { scope, key } } });
      if (!existing) return { kind: 'in_progress' };
      if (existing.requestHash !== requestHash) return { kind: 'mismatch' };
      if (existing.status !== 'completed' || existing.responseStatus === null || existing.responseBody === null)
        return { kind: 'in_progress' };
      return { kind: 'replay', status: existing.responseStatus, body: sealer.open(existing.responseBody, existing.id) };
    },

    async complete(recordId: string, status: number, body: string): Promise<void> {
      await prisma.idempotencyRecord.update({
        where: { id: recordId },
        data: { status: 'completed', responseStatus: status, responseBody: sealer.seal(body, recordId) },
      });
    },

    /** Forgets a claim whose request failed before producing a response, so it can be retried. */
    async release(recordId: string): Promise<void> {
      await prisma.idempotencyRecord.deleteMany({ where: { id: recordId, status: 'in_progress' } });
    },
  };
}

export type IdempotencyService = ReturnType<typeof createIdempotencyService>;
