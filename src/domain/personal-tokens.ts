/**
 * Personal tokens (ptk_): a user's credential for scripts, acting as that user inside one
 * organization, with at most the scopes the user's membership holds. Scopes are re-checked on
 * every use: a token never holds more than the membership holds now, and nothing once the
 * membership or the organization is suspended. The token is shown once and stored as SHA-256.
 * @module
 */
import * as z from 'zod';
import { newId, isIdOf } from '../lib/ids.js';
import { randomSecret, sha256Hex, secretMatchesHash } from '../lib/crypto.js';
import { formatToken } from '../lib/key-format.js';
import { InvalidStateError, NotFoundError, ValidationError } from './errors.js';
import { eventData } from './event-payloads.js';
import { parseInput, name, idOf, scopeList, cidrList } from './validation.js';
import { visible } from './authorization/visibility.js';
import { assertScopesHeld, attenuatedColumns, rateDefault, restrictionsOf } from './authorization/attenuation.js';
import { revokeDescendants } from './authorization/lineage.js';
import { creatorAllows, creatorAuthority, withinCreator } from './authorization/creator.js';
import { ipAllowed } from '../lib/cidr.js';
import { actorOf, type PersonalTokenViewer, type Viewer } from './viewer.js';
import type { ServiceDeps } from './deps.js';

const DUMMY_HASH = sha256Hex('authgraph-no-such-token');

const CreatePersonalToken = z.object({
  userId: idOf('user'),
  organizationId: idOf('organization'),
  name,
  scopes: scopeList,
  ipAllowlist: cidrList,
  expiresAt: z.date().nullish(),
  rateLimit: z.number().int().min(1).max(1_000_000).nullish(),
  rateLimitWindowSeconds: z.number().int().min(1).max(86_400).nullish(),
});

const ById = z.object({ id: idOf('personalToken') });

export function createPersonalTokenService(deps: ServiceDeps) {
  const { prisma, clock, recordEvent } = deps;

  return {
    /** Creates a token for a member of the organization; the token string is returned only here. */
    async create(viewer: Viewer, input: unknown) {
      const data = parseInput(CreatePersonalToken, input);
      const membership = await prisma.membership.findFirst({
        where: { userId: data.userId, organizationId: data.organizationId, AND: [visible.membership(viewer)] },
        include: { organization: { select: { issuerId: true } } },
      });
      if (!membership) throw new NotFoundError('Membership of the user in the organization');
      if (data.scopes.length === 0)
        throw new ValidationError([{ path: 'scopes', message: 'a personal token must hold at least one scope (deny-by-default)' }]);
      const beyond = data.scopes.filter((s) => !membership.scopes.includes(s));
      if (beyond.length)
        throw new ValidationError(beyond.map((s) => ({ path: 'scopes', message: `the user does not hold ${s} in this organization` })));
      // Nothing grants more than it holds: the creator's scopes, and restrictions no looser than its own.
      assertScopesHeld(viewer, data.scopes);
      const restricted = attenuatedColumns(viewer, data, rateDefault(deps.config, 'personal_token'));
      if (restricted.expiresAt && restricted.expiresAt <= clock.now())
        throw new ValidationError([{ path: 'expiresAt', message: 'must be in the future' }]);
      const id = newId('personalToken');
      const secret = randomSecret();
      return prisma.$transaction(async (tx) => {
        const token = await tx.personalToken.create({
          data: {
            id,
            userId: data.userId,
            organizationId: data.organizationId,
            name: data.name,
            secretHash: sha256Hex(secret),
            prefix: secret.slice(0, 6),
            scopes: data.scopes,
            ...restricted,
          },
        });
        await recordEvent(tx, {
          type: 'personal-token.created',
          accountId: viewer.accountId,
          issuerId: membership.organization.issuerId,
          organizationId: data.organizationId,
          subject: id,
          actor: actorOf(viewer),
          data: eventData('personal-token.created', { personalToken: token }),
        });
        return { personalToken: token, token: formatToken('agp', id, secret) };
      });
    },

    /** Revokes a token and, in the same transaction, every credential it created (and theirs). */
    async revoke(viewer: Viewer, input: unknown) {
      const { id } = parseInput(ById, input);
      const token = await prisma.personalToken.findFirst({
        where: { id, AND: [visible.personalToken(viewer)] },
        include: { user: { select: { issuerId: true } } },
      });
      if (!token) throw new NotFoundError('Personal token', id);
      if (token.status === 'revoked') throw new InvalidStateError('ALREADY_REVOKED', 'The personal token is revoked already.');
      return prisma.$transaction(async (tx) => {
        const revoked = await tx.personalToken.update({ where: { id }, data: { status: 'revoked', revokedAt: clock.now() } });
        await recordEvent(tx, {
          type: 'personal-token.revoked',
          accountId: viewer.accountId,
          issuerId: token.user.issuerId,
          organizationId: token.organizationId,
          subject: id,
          actor: actorOf(viewer),
          data: eventData('personal-token.revoked', { personalToken: revoked }),
        });
        await revokeDescendants(tx, [id], { actor: actorOf(viewer), clock, recordEvent });
        return revoked;
      });
    },

    /**
     * Verifies `ptk_…` + secret used from `ip`; the viewer holds the token's scopes that the
     * membership still holds and its creators hold now (authorization/creator.ts). Null for
     * anything refused (unknown, revoked, expired, IP not allowed, its creator ended: a sign-in
     * session idled out, expired or revoked).
     */
    async verify(id: string, secret: string, ip: string | null): Promise<PersonalTokenViewer | null> {
      const token = isIdOf('personalToken', id)
        ? await prisma.personalToken.findUnique({
            where: { id },
            include: { user: { select: { status: true, issuerId: true, issuer: { select: { accountId: true } } } } },
          })
        : null;
      const matches = secretMatchesHash(secret, token?.secretHash ?? DUMMY_HASH);
      if (!token || !matches || token.status !== 'active' || token.user.status !== 'active') return null;
      if (token.expiresAt && token.expiresAt <= clock.now()) return null;
      if (!ipAllowed(ip, token.ipAllowlist)) return null;
      const membership = token.organizationId
        ? await prisma.membership.findFirst({
            where: { userId: token.userId, organizationId: token.organizationId },
            select: { scopes: true, status: true, organization: { select: { status: true } } },
          })
        : null;
      const active = membership?.status === 'active' && membership.organization.status === 'active';
      const creator = await creatorAuthority(prisma, token.createdById, token.organizationId);
      if (!creatorAllows(creator, clock.now())) return null;
      return {
        kind: 'personal_token',
        credentialId: token.id,
        accountId: token.user.issuer.accountId,
        issuerId: token.user.issuerId,
        userId: token.userId,
        organizationId: token.organizationId,
        scopes: active ? withinCreator(token.scopes, creator).filter((s) => membership.scopes.includes(s)) : [],
        restrictions: restrictionsOf(token, rateDefault(deps.config, 'personal_token')),
      };
    },
  };
}

export type PersonalTokenService = ReturnType<typeof createPersonalTokenService>;
