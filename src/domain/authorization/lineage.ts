/**
 * Credential lineage: every credential records the one that created it (`createdById`, see
 * `lineageOf` in ./attenuation.ts). Revoking a credential revokes, in the same transaction, every
 * active credential it created and theirs in turn — API keys, personal tokens and agent
 * verifiers — and every still-acceptable (pending, unexpired) invitation any of them created, with
 * one `…revoked` event each (data.cause names the credential whose revocation reached it): a grant
 * made by a credential that is gone does not take effect afterwards. A crash mid-way rolls the whole chain back with the root's revocation: the chain
 * is revoked entirely or not at all.
 * @module
 */
import type { Tx } from '../../data/database.js';
import type { Clock } from '../../lib/clock.js';
import type { RecordEvent } from '../events.js';
import { eventData } from '../event-payloads.js';
import type { Actor } from '../viewer.js';

/** Bounds one revocation's walk; lineages are shallow in practice (a key minting keys minting keys). */
const MAX_DEPTH = 64;

/**
 * Revokes every active descendant of the credentials `rootIds` (inside `tx`): credentials, and the
 * pending, unexpired invitations they created (leaves: an invitation creates nothing). Returns the
 * ids revoked, in the order revoked (breadth first).
 */
export async function revokeDescendants(
  tx: Tx,
  rootIds: readonly string[],
  deps: {
    actor: Actor;
    clock: Pick<Clock, 'now'>;
    recordEvent: RecordEvent /** only credentials of this organization (an organization's credential ended the root); undefined: all */;
    within?: string | null;
  },
): Promise<string[]> {
  const { actor, clock, recordEvent, within } = deps;
  const scoped = within === undefined ? {} : { organizationId: within ?? '' };
  const now = clock.now();
  const revoked: string[] = [];
  let frontier = [...rootIds];
  for (let depth = 0; frontier.length > 0 && depth < MAX_DEPTH; depth++) {
    const [keys, tokens, verifiers, invitations] = await Promise.all([
      tx.apiKey.findMany({
        where: { createdById: { in: frontier }, status: 'active', ...scoped },
        include: { organization: { select: { issuerId: true } } },
      }),
      tx.personalToken.findMany({
        where: { createdById: { in: frontier }, status: 'active', ...scoped },
        include: { user: { select: { issuerId: true, issuer: { select: { accountId: true } } } } },
      }),
      // verifiers belong to the issuer's agents, not to an organization
      within === undefined
        ? tx.agentVerifier.findMany({
            where: { createdById: { in: frontier }, status: 'active' },
            include: { agent: { select: { issuerId: true, issuer: { select: { accountId: true } } } } },
          })
        : Promise.resolve([]),
      tx.invitation.findMany({
        where: { createdById: { in: frontier }, status: 'pending', expiresAt: { gt: now }, ...scoped },
        include: { organization: { select: { issuerId: true, issuer: { select: { accountId: true } } } } },
      }),
    ]);
    const next: string[] = [];
    for (const { organization, ...key } of keys) {
      const row = await tx.apiKey.update({ where: { id: key.id }, data: { status: 'revoked', revokedAt: now } });
      await recordEvent(tx, {
        type: 'api-key.revoked',
        accountId: key.accountId,
        issuerId: organization?.issuerId ?? null,
        organizationId: key.organizationId,
        subject: key.id,
        actor,
        data: eventData('api-key.revoked', { apiKey: row, revokedWith: key.createdById }),
      });
      next.push(key.id);
    }
    for (const { user, ...token } of tokens) {
      const row = await tx.personalToken.update({ where: { id: token.id }, data: { status: 'revoked', revokedAt: now } });
      await recordEvent(tx, {
        type: 'personal-token.revoked',
        accountId: user.issuer.accountId,
        issuerId: user.issuerId,
        organizationId: token.organizationId,
        subject: token.id,
        actor,
        data: eventData('personal-token.revoked', { personalToken: row, revokedWith: token.createdById }),
      });
      next.push(token.id);
    }
    for (const { agent, ...verifier } of verifiers) {
      const row = await tx.agentVerifier.update({ where: { id: verifier.id }, data: { status: 'revoked', revokedAt: now } });
      await recordEvent(tx, {
        type: 'agent.verifier.revoked',
        accountId: agent.issuer.accountId,
        issuerId: agent.issuerId,
        subject: verifier.id,
        actor,
        data: eventData('agent.verifier.revoked', { verifier: row, revokedWith: verifier.createdById }),
      });
    }
    for (const { organization, ...invitation } of invitations) {
      const row = await tx.invitation.update({ where: { id: invitation.id }, data: { status: 'revoked', revokedAt: now } });
      await recordEvent(tx, {
        type: 'organization.invitation.revoked',
        accountId: organization.issuer.accountId,
        issuerId: organization.issuerId,
        organizationId: invitation.organizationId,
        subject: invitation.id,
        actor,
        data: eventData('organization.invitation.revoked', { invitation: row, revokedWith: invitation.createdById }),
      });
    }
    revoked.push(...next, ...verifiers.map((v) => v.id), ...invitations.map((i) => i.id));
    frontier = next;
  }
  return revoked;
}
