/**
 * Delegations: a user's consent that an agent may act for them (RFC 8693 §4.4 `may_act`, kept as
 * a server-side record), required by token exchange. A delegation names the user, the agent, the
 * scopes and an expiry; an agent acting under one may pass part of it to another agent (a child
 * delegation, `parentId`), so chains form: user → agent A → agent B → agent C.
 *
 * - Made by: the user's own sign-in (a user access token of a session, no `act`) for a root
 *   delegation; an agent's delegated token (acting for that user under `parentId`, which must name
 *   that agent) for a child. Anything else is FORBIDDEN. Also made by a CIBA approval (src/oauth/ciba/).
 * - Attenuated (./authorization/attenuation.ts): scopes ⊆ what the creating token holds now, and
 *   for a child ⊆ the parent's; expiry no later than the parent's, the creating credential's, and
 *   `MAX_DELEGATION_SECONDS` from now.
 * - Revoking any link revokes, in the same transaction, every delegation below it, and records
 *   each id as revoked (a `RevokedToken` row, refused wherever access tokens are verified: every
 *   token minted under a chain carries the chain's ids in `delegations`), with one
 *   `delegation.revoked` event per link naming the whole chain.
 * @module
 */
import * as z from 'zod';
import type { Delegation, Prisma } from '../generated/prisma/client.js';
import { newId } from '../lib/ids.js';
import type { Tx } from '../data/database.js';
import { ForbiddenError, InvalidStateError, NotFoundError, ValidationError } from './errors.js';
import { eventData, type DelegationLink } from './event-payloads.js';
import { idOf, parseInput, scopeList } from './validation.js';
import { ownSignIn, visible } from './authorization/visibility.js';
import { assertScopesHeld, lineageOf } from './authorization/attenuation.js';
import { actorOf, type Actor, type Viewer } from './viewer.js';
import type { ServiceDeps } from './deps.js';
import type { RevokedTokenService } from './revoked-tokens.js';

/** Longest a delegation may last (30 days); the default is one hour. */
export const MAX_DELEGATION_SECONDS = 30 * 86_400;
export const DEFAULT_DELEGATION_SECONDS = 3_600;
/** Longest chain (user → … → agent); deeper is refused. */
export const MAX_CHAIN_LENGTH = 8;

const CreateDelegation = z.object({
  agentId: idOf('agent'),
  scopes: scopeList,
  expiresAt: z.date().nullish(),
  parentId: idOf('delegation').nullish(),
});
const ById = z.object({ id: idOf('delegation') });

export function createDelegationService(
  deps: Pick<ServiceDeps, 'prisma' | 'clock' | 'recordEvent'>,
  revokedTokens: Pick<RevokedTokenService, 'noteRevoked'>,
) {
  const { prisma, clock, recordEvent } = deps;

  /** The chain ending at `id`, user first (each link: the delegation and the agent it names). */
  async function chainOf(db: Tx | typeof prisma, id: string): Promise<DelegationLink[]> {
    const links: DelegationLink[] = [];
    let next: string | null = id;
    while (next && links.length <= MAX_CHAIN_LENGTH) {
      const row: { id: string; agentId: string; parentId: string | null } | null = await db.delegation.findUnique({
        where: { id: next },
        select: { id: true, agentId: true, parentId: true },
      });
      if (!row) break;
      links.unshift({ id: row.id, agentId: row.agentId });
      next = row.parentId;
    }
    return links;
  }

  /** Writes one delegation and its `delegation.created` event (inside `tx`). */
  async function insert(tx: Tx, data: Omit<Prisma.DelegationUncheckedCreateInput, 'id'>, actor: Actor): Promise<Delegation> {
    const delegation = await tx.delegation.create({ data: { id: newId('delegation'), ...data } });
    const chain = await chainOf(tx, delegation.id);
    await recordEvent(tx, {
      type: 'delegation.created',
      accountId: delegation.accountId,
      issuerId: delegation.issuerId,
      organizationId: delegation.organizationId,
      subject: delegation.id,
      actor,
      data: eventData('delegation.created', { delegation, chain }),
    });
    return delegation;
  }

  return {
    chainOf: (id: string) => chainOf(prisma, id),

    /**
     * Creates a delegation (see the module comment). Input: `{ agentId, scopes, expiresAt?,
     * parentId? }`.
     * @throws ForbiddenError when the viewer is not the user's sign-in or an agent acting under
     *   `parentId`, or for scopes or an expiry beyond what it holds; NotFoundError for an unknown
     *   agent or parent; ValidationError for a past expiry or a chain too deep
     */
    async create(viewer: Viewer, input: unknown): Promise<Delegation> {
      const data = parseInput(CreateDelegation, input);
      // the person's own sign-in (a first-party client's token: a third-party client cannot let
      // agents act for the user), or an agent acting under a delegation of theirs
      if (viewer.kind !== 'access_token' || !viewer.sessionId || (viewer.actorId === null && !ownSignIn(viewer)))
        throw new ForbiddenError('NOT_A_USER_SIGN_IN', 'Only a user (signed in) or an agent acting for them may delegate.');
      const now = clock.now();
      let parent: Delegation | null = null;
      if (viewer.actorId) {
        if (!data.parentId)
          throw new ValidationError([{ path: 'parentId', message: 'an agent delegates under the delegation it acts on' }]);
        parent = await prisma.delegation.findFirst({
          where: {
            id: data.parentId,
            issuerId: viewer.issuerId,
            userId: viewer.subject,
            agentId: viewer.actorId,
            status: 'active',
            expiresAt: { gt: now },
          },
        });
        if (!parent) throw new NotFoundError('Delegation', data.parentId);
        if ((await chainOf(prisma, parent.id)).length >= MAX_CHAIN_LENGTH)
          throw new ValidationError([{ path: 'parentId', message: `a chain has at most ${MAX_CHAIN_LENGTH} links` }]);
      } else if (data.parentId) {
        throw new ValidationError([{ path: 'parentId', message: 'a user delegates directly (no parent)' }]);
      }
      const agent = await prisma.agent.findFirst({
        where: { id: data.agentId, issuerId: viewer.issuerId, status: 'active' },
        select: { id: true },
      });
      if (!agent || agent.id === viewer.actorId) throw new NotFoundError('Agent', data.agentId);
      // attenuation: what the creating token holds now, and within the parent
      assertScopesHeld(viewer, data.scopes);
      if (parent) {
        const beyond = data.scopes.filter((s) => !parent.scopes.includes(s));
        if (beyond.length)
          throw new ForbiddenError(
            'SCOPE_NOT_HELD',
            `A delegation cannot pass on scopes it was not given: ${beyond.slice(0, 5).join(', ')}.`,
            'scopes',
          );
      }
      const ceilings = [
        new Date(now.getTime() + MAX_DELEGATION_SECONDS * 1000),
        ...(parent ? [parent.expiresAt] : []),
        ...(viewer.restrictions.expiresAt ? [viewer.restrictions.expiresAt] : []),
      ];
      const latest = new Date(Math.min(...ceilings.map((d) => d.getTime())));
      const expiresAt = data.expiresAt ?? new Date(Math.min(now.getTime() + DEFAULT_DELEGATION_SECONDS * 1000, latest.getTime()));
      if (expiresAt <= now) throw new ValidationError([{ path: 'expiresAt', message: 'must be in the future' }]);
      if (expiresAt > latest)
        throw new ForbiddenError(
          'EXPIRY_LATER',
          'A delegation cannot outlive the credential, or the delegation, it comes from.',
          'expiresAt',
        );
      return prisma.$transaction((tx) =>
        insert(
          tx,
          {
            accountId: viewer.accountId,
            issuerId: viewer.issuerId,
            userId: viewer.subject,
            agentId: agent.id,
            parentId: parent?.id ?? null,
            organizationId: parent ? parent.organizationId : viewer.organizationId,
            scopes: data.scopes,
            source: 'mutation',
            createdById: lineageOf(viewer),
            expiresAt,
          },
          actorOf(viewer),
        ),
      );
    },

    /** Records the delegation a CIBA approval makes (inside the caller's transaction). */
    createFromApproval(
      tx: Tx,
      data: {
        accountId: string;
        issuerId: string;
        userId: string;
        agentId: string;
        organizationId: string | null;
        scopes: string[];
        authorizationDetails: unknown[];
        expiresAt: Date;
        requestId: string;
      },
    ): Promise<Delegation> {
      return insert(
        tx,
        {
          accountId: data.accountId,
          issuerId: data.issuerId,
          userId: data.userId,
          agentId: data.agentId,
          organizationId: data.organizationId,
          scopes: data.scopes,
          authorizationDetails: data.authorizationDetails as Prisma.InputJsonArray,
          source: 'ciba',
          createdById: data.requestId,
          expiresAt: data.expiresAt,
        },
        { type: 'user', id: data.userId },
      );
    },

    /**
     * The active, unexpired delegation that lets `agentId` act for `userId` under `parentId`
     * (null: directly from the user), for token exchange; null when there is none. Of several,
     * the one that lasts longest.
     */
    async usable(input: {
      issuerId: string;
      userId: string;
      agentId: string;
      parentId: string | null;
      organizationId: string | null;
    }): Promise<Delegation | null> {
      return prisma.delegation.findFirst({
        where: {
          issuerId: input.issuerId,
          userId: input.userId,
          agentId: input.agentId,
          parentId: input.parentId,
          status: 'active',
          expiresAt: { gt: clock.now() },
          OR: [{ organizationId: null }, { organizationId: input.organizationId ?? '' }],
        },
        orderBy: { expiresAt: 'desc' },
      });
    },

    /**
     * Revokes a delegation and every delegation below it (see the module comment). Allowed to:
     * an account key of its account, the user's own sign-in, or the agent that delegated it.
     * @throws NotFoundError when the viewer cannot see or revoke it; InvalidStateError when it is no longer active
     */
    async revoke(viewer: Viewer, input: unknown): Promise<Delegation> {
      const { id } = parseInput(ById, input);
      const found = await prisma.delegation.findFirst({ where: { id, OR: [visible.delegation(viewer), ...delegatorOf(viewer)] } });
      if (!found) throw new NotFoundError('Delegation', id);
      const mayRevoke =
        viewer.kind === 'account_api_key' ||
        (viewer.kind === 'access_token' &&
          viewer.subject === found.userId &&
          viewer.issuerId === found.issuerId &&
          (viewer.actorId === null ? ownSignIn(viewer) : await isDelegator(found, viewer.actorId)));
      if (!mayRevoke) throw new NotFoundError('Delegation', id);
      if (found.status !== 'active') throw new InvalidStateError('DELEGATION_ALREADY_REVOKED');
      const now = clock.now();
      const actor = actorOf(viewer);
      const revoked = await prisma.$transaction(async (tx) => {
        const done: Delegation[] = [];
        let frontier: { row: Delegation; cause: string | null }[] = [{ row: found, cause: null }];
        for (let depth = 0; frontier.length > 0 && depth <= MAX_CHAIN_LENGTH; depth++) {
          const next: typeof frontier = [];
          for (const { row, cause } of frontier) {
            const claimed = await tx.delegation.updateMany({
              where: { id: row.id, status: 'active' },
              data: { status: 'revoked', revokedAt: now },
            });
            if (claimed.count === 0) continue;
            const updated = { ...row, status: 'revoked' as const, revokedAt: now };
            // the id is refused in every token's `delegations` until the delegation would have expired
            await tx.revokedToken.createMany({
              data: [{ jti: row.id, issuerId: row.issuerId, expiresAt: row.expiresAt }],
              skipDuplicates: true,
            });
            await recordEvent(tx, {
              type: 'delegation.revoked',
              accountId: row.accountId,
              issuerId: row.issuerId,
              organizationId: row.organizationId,
              subject: row.id,
              actor,
              data: eventData('delegation.revoked', {
                delegation: updated,
                chain: await chainOf(tx, row.id),
                ...(cause ? { revokedWith: cause } : {}),
              }),
            });
            done.push(updated);
            for (const child of await tx.delegation.findMany({ where: { parentId: row.id, status: 'active' } }))
              next.push({ row: child, cause: row.id });
          }
          frontier = next;
        }
        return done;
      });
      for (const row of revoked) revokedTokens.noteRevoked(row.id, row.expiresAt);
      return revoked[0] ?? { ...found, status: 'revoked', revokedAt: now };
    },
  };

  /** An agent acting for a user may also revoke what it delegated (the delegation's parent names it). */
  function delegatorOf(viewer: Viewer): Prisma.DelegationWhereInput[] {
    return viewer.kind === 'access_token' && viewer.actorId ? [{ issuerId: viewer.issuerId, userId: viewer.subject }] : [];
  }

  async function isDelegator(delegation: Delegation, agentId: string): Promise<boolean> {
    if (delegation.agentId === agentId) return true;
    if (!delegation.parentId) return false;
    const parent = await prisma.delegation.findUnique({ where: { id: delegation.parentId }, select: { agentId: true } });
    return parent?.agentId === agentId;
  }
}

export type DelegationService = ReturnType<typeof createDelegationService>;
