/**
 * API keys: bootstrap of the first account key, and authentication of presented keys.
 * Secrets are shown once and stored as SHA-256; comparison is constant-time, and an unknown key
 * id costs the same hash-and-compare as a known one.
 * @module
 */
import { newId, isIdOf } from '../lib/ids.js';
import { randomSecret, sha256Hex, secretMatchesHash } from '../lib/crypto.js';
import type { PrismaClient } from '../data/database.js';
import type { Clock } from '../lib/clock.js';
import type { Viewer } from './viewer.js';
import type { RecordEvent } from './events.js';

const DUMMY_HASH = sha256Hex('authgraph-no-such-key');
/** Advisory lock so that two nodes starting on an empty database create one account. */
const BOOTSTRAP_LOCK = 0x61677266;

export interface BootstrapResult {
  accountId: string;
  keyId: string;
  /** present only when the key was generated here (never when it was seeded from configuration) */
  secret: string | null;
}

/** Parses `key_…:secret` from configuration; throws a readable error when malformed. */
export function parseAdminKey(value: string): { id: string; secret: string } {
  const at = value.indexOf(':');
  const id = at > 0 ? value.slice(0, at) : '';
  const secret = at > 0 ? value.slice(at + 1) : '';
  if (!isIdOf('apiKey', id) || secret.length < 24 || secret.length > 200)
    throw new Error('AUTHGRAPH_ADMIN_KEY must be key_<typeid>:<secret> with a secret of 24 to 200 characters');
  return { id, secret };
}

export function createApiKeyService(deps: { prisma: PrismaClient; clock: Clock; recordEvent: RecordEvent }) {
  const { prisma, clock, recordEvent } = deps;

  return {
    /**
     * On an empty database: creates the account and its first API key, `adminKey` (id:secret)
     * when given, else a generated one whose secret is returned once. Does nothing otherwise.
     */
    async bootstrap(adminKey: string | null): Promise<BootstrapResult | null> {
      const seeded = adminKey ? parseAdminKey(adminKey) : null;
      return prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`;
        if ((await tx.account.count()) > 0) return null;
        const accountId = newId('account');
        const keyId = seeded?.id ?? newId('apiKey');
        const secret = seeded?.secret ?? randomSecret();
        await tx.account.create({ data: { id: accountId, name: 'default' } });
        await tx.apiKey.create({
          data: { id: keyId, accountId, name: 'bootstrap admin key', secretHash: sha256Hex(secret), prefix: secret.slice(0, 6) },
        });
        await recordEvent(tx, {
          type: 'api-key.created',
          accountId,
          subject: keyId,
          actor: { type: 'system', id: null },
          data: { id: keyId, name: 'bootstrap admin key', organizationId: null, seeded: seeded !== null },
        });
        return { accountId, keyId, secret: seeded ? null : secret };
      });
    },

    /** Verifies `key_id` + secret; returns the viewer, or null for anything not currently valid. */
    async authenticate(id: string, secret: string): Promise<Viewer | null> {
      const key = isIdOf('apiKey', id) ? await prisma.apiKey.findUnique({ where: { id } }) : null;
      const matches = secretMatchesHash(secret, key?.secretHash ?? DUMMY_HASH);
      if (!key || !matches) return null;
      if (key.status !== 'active') return null;
      if (key.expiresAt && key.expiresAt <= clock.now()) return null;
      // Organization keys arrive with the credentials work; until then only account keys sign in.
      if (key.organizationId) return null;
      return { kind: 'account_api_key', credentialId: key.id, accountId: key.accountId };
    },
  };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
