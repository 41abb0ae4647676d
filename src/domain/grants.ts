/**
 * Grants: a user's remembered consent to a client — the scopes and RFC 8707 resources the user
 * let it have so far (one row per user + client). The hosted consent page (src/oauth/authorize/
 * consent.ts) asks only for what the grant does not cover yet, and consenting adds to the grant,
 * never takes away (incremental authorization: a step-up keeps what was granted).
 *
 * Revoking a grant deletes it, revokes the refresh tokens the user's sessions hold for that
 * client and expires the codes issued to it for the user and not yet redeemed (its access tokens
 * are short-lived and end on their own); the next authorization asks again. Who may revoke: an account API key of the account, or the user's own sign-in.
 * @module
 */
import * as z from 'zod';
import { newId } from '../lib/ids.js';
import { ForbiddenError, NotFoundError } from './errors.js';
import { eventData } from './event-payloads.js';
import { idOf, parseInput } from './validation.js';
import { ownSignIn, visible } from './authorization/visibility.js';
import { actorOf, type Viewer } from './viewer.js';
import type { ServiceDeps } from './deps.js';
import type { Grant } from '../generated/prisma/client.js';

const RevokeGrant = z.object({ id: idOf('grant') });

/** What one consent adds to a user's grant for a client. */
export interface ConsentInput {
  accountId: string;
  issuerId: string;
  userId: string;
  clientId: string;
  /** the scopes consented to (OIDC and resource:action) */
  scopes: readonly string[];
  /** the RFC 8707 resource identifiers consented to */
  resources: readonly string[];
}

/** Whether `grant` already covers every scope and resource asked for. */
export function grantCovers(
  grant: Pick<Grant, 'scopes' | 'resources'> | null,
  scopes: readonly string[],
  resources: readonly string[],
): boolean {
  if (!grant) return false;
  return scopes.every((s) => grant.scopes.includes(s)) && resources.every((r) => grant.resources.includes(r));
}

export function createGrantService(deps: ServiceDeps) {
  const { prisma, recordEvent } = deps;

  return {
    /** The user's grant to the client, or null. */
    async find(userId: string, clientId: string): Promise<Grant | null> {
      return prisma.grant.findUnique({ where: { userId_clientId: { userId, clientId } } });
    },

    /**
     * Records a consent: creates the grant (`grant.created`) or adds the new scopes and resources
     * to it (`grant.updated` naming what was added; nothing new: no change, no event).
     */
    async remember(input: ConsentInput): Promise<Grant> {
      return prisma.$transaction(async (tx) => {
        const current = await tx.grant.findUnique({ where: { userId_clientId: { userId: input.userId, clientId: input.clientId } } });
        const actor = { type: 'user' as const, id: input.userId };
        if (!current) {
          const grant = await tx.grant.create({
            data: {
              id: newId('grant'),
              issuerId: input.issuerId,
              userId: input.userId,
              clientId: input.clientId,
              scopes: [...new Set(input.scopes)],
              resources: [...new Set(input.resources)],
            },
          });
          await recordEvent(tx, {
            type: 'grant.created',
            accountId: input.accountId,
            issuerId: input.issuerId,
            subject: grant.id,
            actor,
            data: eventData('grant.created', { grant }),
          });
          return grant;
        }
        const addedScopes = [...new Set(input.scopes)].filter((s) => !current.scopes.includes(s));
        const addedResources = [...new Set(input.resources)].filter((r) => !current.resources.includes(r));
        if (addedScopes.length === 0 && addedResources.length === 0) return current;
        const grant = await tx.grant.update({
          where: { id: current.id },
          data: { scopes: [...current.scopes, ...addedScopes], resources: [...current.resources, ...addedResources] },
        });
        await recordEvent(tx, {
          type: 'grant.updated',
          accountId: input.accountId,
          issuerId: input.issuerId,
          subject: grant.id,
          actor,
          data: eventData('grant.updated', { grant, addedScopes, addedResources }),
        });
        return grant;
      });
    },

    /**
     * Revokes a grant: deletes it and revokes the refresh tokens of the user's sessions issued to
     * its client, in one transaction with `grant.revoked`. NOT_FOUND for a grant the viewer cannot
     * see; FORBIDDEN for a viewer that sees it but is neither an account key nor the user's own
     * sign-in (reading members' grants is not the right to end them).
     */
    async revoke(viewer: Viewer, input: unknown): Promise<Grant> {
      const { id } = parseInput(RevokeGrant, input);
      const grant = await prisma.grant.findFirst({ where: { id, AND: [visible.grant(viewer)] } });
      if (!grant) throw new NotFoundError('Grant', id);
      const own = ownSignIn(viewer) && viewer.subject === grant.userId;
      if (viewer.kind !== 'account_api_key' && !own)
        throw new ForbiddenError('NOT_THE_GRANT_HOLDER', 'Only the user or an account key may revoke a grant.');
      return prisma.$transaction(async (tx) => {
        const { count: removed } = await tx.grant.deleteMany({ where: { id } });
        if (removed !== 1) throw new NotFoundError('Grant', id);
        const { count } = await tx.refreshToken.updateMany({
          where: { clientId: grant.clientId, status: 'active', session: { userId: grant.userId } },
          data: { status: 'revoked' },
        });
        // a code issued under the grant and not redeemed yet would mint a fresh refresh token
        // after the revocation: it expires with the grant
        const now = deps.clock.now();
        await tx.authorizationCode.updateMany({
          where: { clientId: grant.clientId, userId: grant.userId, usedAt: null, expiresAt: { gt: now } },
          data: { expiresAt: now },
        });
        await recordEvent(tx, {
          type: 'grant.revoked',
          accountId: viewer.accountId,
          issuerId: grant.issuerId,
          subject: grant.id,
          actor: actorOf(viewer),
          data: eventData('grant.revoked', { grant, revokedRefreshTokens: count }),
        });
        return grant;
      });
    },
  };
}

export type GrantService = ReturnType<typeof createGrantService>;
