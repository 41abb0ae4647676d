/**
 * Revoked access tokens (RFC 7009 §2.1 for JWT access tokens). An access token is self-contained,
 * so revoking one means remembering its `jti` until its `exp` and refusing it wherever this server
 * checks access tokens: introspection, userinfo, `/v1/me`, GraphQL over HTTP, graphql-ws and SSE,
 * token exchange (see `RevocationCheck` in src/oauth/access-tokens.ts).
 *
 * - Stored: one `RevokedToken` row per jti, written in the same transaction as its
 *   `token.revoked` event (outbox), so no revocation goes unannounced and no announcement is
 *   without its row. Rows past `exp` + the verification leeway are purged by the next revocation.
 * - Cached: every node keeps the live jtis in memory (loaded on first use), so checking a token
 *   costs one Map lookup and no query. A revocation on this node is noted at once; other nodes note
 *   it when the `token.revoked` event reaches them on the bus (`hear`, wired in app.ts: in
 *   practice well under a second). As a safety net for a missed bus message (Redis briefly
 *   down), each node also re-reads the rows written lately at most every `SYNC_INTERVAL_MS`, so
 *   the longest a revocation can stay unseen on a node whose bus failed is that interval.
 * - Bounded: past `MAX_CACHED` live revocations the cache stops growing and a jti it does not
 *   hold is looked up in the database (correct, slower) until the set shrinks again.
 *
 * On a crash: a revocation either committed (row + event; every node sees it, at the latest on
 * its next load or sync) or did not (the client gets a 5xx and may retry; RFC 7009 §2.2.1).
 * @module
 */
import type { Event } from '../generated/prisma/client.js';
import type { ServiceDeps } from './deps.js';
import type { Actor } from './viewer.js';
import { eventData } from './event-payloads.js';

/** Access tokens verify up to this long past `exp` (clock leeway): they stay revoked as long. */
const LEEWAY_MS = 60_000;
/** How often a node re-reads recent revocations (only a fallback: the bus delivers them first). */
export const SYNC_INTERVAL_MS = 5_000;
/** A re-read looks this far back, so a revocation whose transaction committed late is not missed. */
const SYNC_OVERLAP_MS = 60_000;
/** Live revocations held in memory per node (about 100 bytes each). */
export const MAX_CACHED = 100_000;

/** One access token to revoke: its verified claims and who revokes it. */
export interface AccessTokenRevocation {
  accountId: string;
  issuerId: string;
  /** `jti` */
  jti: string;
  /** `client_id`: the client or agent the token was issued to */
  clientId: string;
  /** `sub` */
  subject: string;
  /** `org_id`, or null */
  organizationId: string | null;
  /** `exp` */
  expiresAt: Date;
  /** the authenticated caller of the revocation endpoint (the token's own client) */
  actor: Actor;
}

/** What the bus carries that matters here: `token.revoked` events and their `jti` and `exp`. */
type HeardEvent = Pick<Event, 'type' | 'data'>;

export function createRevokedTokenService(deps: Pick<ServiceDeps, 'prisma' | 'clock' | 'recordEvent'>) {
  const { prisma, clock, recordEvent } = deps;
  /** jti → the time (ms) after which the token is refused anyway, so the entry can go */
  const revoked = new Map<string, number>();
  let loaded: Promise<void> | null = null;
  let ready = false;
  let overflowed = false;
  let syncing: Promise<void> | null = null;
  let lastSyncAt = 0;

  function note(jti: string, expiresAtMs: number): void {
    if (revoked.has(jti)) return;
    if (revoked.size >= MAX_CACHED) {
      overflowed = true;
      return;
    }
    revoked.set(jti, expiresAtMs + LEEWAY_MS);
  }

  function forgetExpired(): void {
    const now = clock.now().getTime();
    for (const [jti, until] of revoked) if (until < now) revoked.delete(jti);
  }

  /** Reads the live revocations: all of them on the first load (or after an overflow), else the recent ones. */
  async function sync(full: boolean): Promise<void> {
    const startedAt = Date.now();
    const live = { expiresAt: { gt: new Date(clock.now().getTime() - LEEWAY_MS) } };
    const where = full ? live : { ...live, createdAt: { gte: new Date(lastSyncAt - SYNC_OVERLAP_MS) } };
    const rows = await prisma.revokedToken.findMany({ where, select: { jti: true, expiresAt: true }, take: MAX_CACHED + 1 });
    forgetExpired();
    if (full) overflowed = rows.length > MAX_CACHED;
    for (const row of rows) note(row.jti, row.expiresAt.getTime());
    lastSyncAt = startedAt;
  }

  function load(): Promise<void> {
    loaded ??= sync(true).then(
      () => {
        ready = true;
      },
      (error: unknown) => {
        // a failed first load is retried by the next check (the failure reaches its caller: a 5xx)
        loaded = null;
        throw error;
      },
    );
    return loaded;
  }

  function resyncInBackground(): void {
    if (syncing) return;
    syncing = sync(overflowed)
      .catch(() => {
        // keep serving from memory; the next check tries again
      })
      .finally(() => {
        syncing = null;
      });
  }

  async function lookUp(jti: string): Promise<boolean> {
    const row = await prisma.revokedToken.findUnique({ where: { jti }, select: { jti: true } });
    return row !== null;
  }

  return {
    /**
     * Whether the access token with this `jti` was revoked. Synchronous (a Map lookup) on the hot
     * path; a promise only before this node's first load, or when the cache overflowed.
     * Database failures surface as a rejected promise (the caller answers 5xx, never "valid").
     */
    isRevoked(jti: string): boolean | Promise<boolean> {
      if (!ready) return load().then(() => revoked.has(jti) || (overflowed && lookUp(jti)));
      if (Date.now() - lastSyncAt > SYNC_INTERVAL_MS) resyncInBackground();
      if (revoked.has(jti)) return true;
      return overflowed ? lookUp(jti) : false;
    },

    /**
     * Revokes one access token (its claims already verified, and its `client_id` the caller's):
     * stores the jti and writes `token.revoked` in one transaction, purges expired rows, and
     * notes the jti on this node at once. Revoking a token twice changes nothing the second
     * time (no second event).
     * @returns 'revoked', or 'already_revoked'
     */
    async revoke(token: AccessTokenRevocation): Promise<'revoked' | 'already_revoked'> {
      const now = clock.now();
      const outcome = await prisma.$transaction(async (tx) => {
        const { count } = await tx.revokedToken.createMany({
          data: [{ jti: token.jti, issuerId: token.issuerId, expiresAt: token.expiresAt }],
          skipDuplicates: true,
        });
        if (count === 0) return 'already_revoked' as const;
        await recordEvent(tx, {
          type: 'token.revoked',
          accountId: token.accountId,
          issuerId: token.issuerId,
          organizationId: token.organizationId,
          subject: token.jti,
          actor: token.actor,
          data: eventData('token.revoked', {
            jti: token.jti,
            clientId: token.clientId,
            subject: token.subject,
            expiresAt: token.expiresAt,
          }),
        });
        await tx.revokedToken.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - LEEWAY_MS) } } });
        return 'revoked' as const;
      });
      note(token.jti, token.expiresAt.getTime());
      return outcome;
    },

    /**
     * Notes on this node a revocation whose row was written in the caller's own transaction
     * (a revoked delegation: its id is refused in every token's `delegations` chain until `exp`).
     */
    noteRevoked(id: string, expiresAt: Date): void {
      note(id, expiresAt.getTime());
    },

    /** Notes the `token.revoked` and `delegation.revoked` events among events heard on the bus (committed on any node). */
    hear(events: readonly HeardEvent[]): void {
      for (const event of events) {
        if (event.type === 'delegation.revoked') {
          const data = event.data as { id?: unknown; exp?: unknown } | null;
          if (typeof data?.id === 'string' && typeof data.exp === 'number') note(data.id, data.exp * 1000);
          continue;
        }
        if (event.type !== 'token.revoked') continue;
        const data = event.data as { jti?: unknown; exp?: unknown } | null;
        if (typeof data?.jti === 'string' && typeof data.exp === 'number') note(data.jti, data.exp * 1000);
      }
    },
  };
}

export type RevokedTokenService = ReturnType<typeof createRevokedTokenService>;
