/**
 * Agents: AI agents with their own identity and scopes. An agent authenticates at its issuer's
 * token endpoint with one of its verifiers (a secret, or a public JWK for private_key_jwt) and
 * gets 5-minute access tokens. A revoked verifier or a suspended agent gets nothing more.
 * @module
 */
import * as z from 'zod';
import type { JWK } from 'jose';
import { newId } from '../lib/ids.js';
import { randomSecret, sha256Hex } from '../lib/crypto.js';
import { InvalidStateError, LimitReachedError, NotFoundError, ValidationError } from './errors.js';
import { eventData } from './event-payloads.js';
import { parseInput, name, idOf, scopeList, jsonObject, cidrList } from './validation.js';
import { visible } from './authorization/visibility.js';
import { assertScopesHeld, attenuateRestrictions, lineageOf } from './authorization/attenuation.js';
import { actorOf, type Viewer } from './viewer.js';
import { publicJwk, assertImportable } from './jwk.js';
import type { ServiceDeps } from './deps.js';
import type { IssuerService } from './issuers.js';
import type { Prisma } from '../generated/prisma/client.js';

/** Lifetime of every agent access token; agents never get a refresh token. */
export const AGENT_TOKEN_TTL_SECONDS = 300;
/** Active verifiers one agent may hold at once (enough to roll keys over). */
export const MAX_ACTIVE_VERIFIERS = 10;

const description = z.string().trim().max(2000);

const CreateAgent = z.object({
  issuerId: idOf('issuer'),
  name,
  description: description.nullish(),
  scopes: scopeList.default([]),
  metadata: jsonObject.default({}),
  /** RFC 9449 §5.2: every token request of the agent must carry a DPoP proof */
  dpopBoundAccessTokens: z.boolean().default(false),
});

const UpdateAgent = z.object({
  id: idOf('agent'),
  name: name.optional(),
  description: description.nullish(),
  scopes: scopeList.optional(),
  metadata: jsonObject.optional(),
  status: z.enum(['active', 'suspended']).optional(),
  dpopBoundAccessTokens: z.boolean().optional(),
});

const CreateVerifier = z
  .object({
    agentId: idOf('agent'),
    type: z.enum(['secret', 'private_key_jwt']),
    publicJwk: publicJwk.nullish(),
    ipAllowlist: cidrList,
    expiresAt: z.date().nullish(),
  })
  .superRefine((v, ctx) => {
    if (v.type === 'private_key_jwt' && !v.publicJwk)
      ctx.addIssue({ code: 'custom', path: ['publicJwk'], message: 'a private_key_jwt verifier needs the public JWK' });
    if (v.type === 'secret' && v.publicJwk)
      ctx.addIssue({ code: 'custom', path: ['publicJwk'], message: 'a secret verifier takes no JWK' });
  });

const ById = z.object({ id: idOf('agentVerifier') });

/** Agents and their verifiers, for account credentials (every change writes its event in the same transaction). */
export function createAgentService(deps: ServiceDeps, issuers: IssuerService) {
  const { prisma, recordEvent, clock } = deps;

  /** Loads an agent the viewer may see, or throws NOT_FOUND (also for other tenants'). */
  async function requireAgent(viewer: Viewer, id: string) {
    const agent = await prisma.agent.findFirst({ where: { id, AND: [visible.agent(viewer)] } });
    if (!agent) throw new NotFoundError('Agent', id);
    return agent;
  }

  return {
    requireAgent,

    /** Creates an agent in an issuer with its own resource:action scopes (none by default). */
    async create(viewer: Viewer, input: unknown) {
      const data = parseInput(CreateAgent, input);
      const issuer = await issuers.requireIssuer(viewer, data.issuerId);
      assertScopesHeld(viewer, data.scopes);
      return prisma.$transaction(async (tx) => {
        const agent = await tx.agent.create({
          data: {
            id: newId('agent'),
            issuerId: issuer.id,
            name: data.name,
            description: data.description ?? null,
            scopes: data.scopes,
            metadata: data.metadata as object,
            dpopBoundAccessTokens: data.dpopBoundAccessTokens,
            createdById: lineageOf(viewer),
          },
        });
        await recordEvent(tx, {
          type: 'agent.created',
          accountId: viewer.accountId,
          issuerId: issuer.id,
          subject: agent.id,
          actor: actorOf(viewer),
          data: eventData('agent.created', { agent }),
        });
        return agent;
      });
    },

    /** Changes an agent; `status: suspended` stops it from getting tokens (live ones expire within 5 minutes). */
    async update(viewer: Viewer, input: unknown) {
      const { id, ...rest } = parseInput(UpdateAgent, input);
      const current = await requireAgent(viewer, id);
      const changes = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Prisma.AgentUpdateInput;
      return prisma.$transaction(async (tx) => {
        const agent = await tx.agent.update({ where: { id }, data: changes });
        await recordEvent(tx, {
          type: 'agent.updated',
          accountId: viewer.accountId,
          issuerId: agent.issuerId,
          subject: agent.id,
          actor: actorOf(viewer),
          data: eventData('agent.updated', { agent, changed: Object.keys(changes), previous: current }),
        });
        return agent;
      });
    },

    /**
     * Adds a verifier. `secret`: a new secret, returned here only (stored as a hash).
     * `private_key_jwt`: the agent's public JWK (no private members), `secret` is null. The
     * verifier's IP allowlist and expiry are the requested ones, no looser than the creating
     * credential's, or the creator's where left out (attenuation.ts): it authenticates only from
     * those networks and not after that instant.
     * @throws ForbiddenError (`ipAllowlist`, `expiresAt`) for restrictions looser than the creator's;
     *   ValidationError for an expiry in the past
     */
    async createVerifier(viewer: Viewer, input: unknown) {
      const data = parseInput(CreateVerifier, input);
      const agent = await requireAgent(viewer, data.agentId);
      // a verifier lets its holder act as the agent: only a credential holding all the agent holds may mint one
      assertScopesHeld(viewer, agent.scopes, 'agentId');
      // … and is never less restricted than the creator: its IP allowlist and expiry are inherited
      const restricted = attenuateRestrictions(viewer, { ipAllowlist: data.ipAllowlist, expiresAt: data.expiresAt ?? undefined });
      if (restricted.expiresAt && restricted.expiresAt <= clock.now())
        throw new ValidationError([{ path: 'expiresAt', message: 'must be in the future' }]);
      const jwk: JWK | null = data.publicJwk ?? null;
      if (jwk) await assertImportable([jwk], 'publicJwk');
      const secret = data.type === 'secret' ? randomSecret() : null;
      return prisma.$transaction(async (tx) => {
        // Serialise verifier creation per agent so the limit holds under concurrency.
        await tx.$queryRaw`SELECT id FROM "Agent" WHERE id = ${agent.id} FOR UPDATE`;
        const active = await tx.agentVerifier.count({ where: { agentId: agent.id, status: 'active' } });
        if (active >= MAX_ACTIVE_VERIFIERS)
          throw new LimitReachedError(
            'VERIFIER_LIMIT',
            `An agent holds at most ${MAX_ACTIVE_VERIFIERS} active verifiers; revoke one first.`,
            MAX_ACTIVE_VERIFIERS,
          );
        const verifier = await tx.agentVerifier.create({
          data: {
            id: newId('agentVerifier'),
            agentId: agent.id,
            type: data.type,
            secretHash: secret ? sha256Hex(secret) : null,
            secretPrefix: secret ? secret.slice(0, 6) : null,
            publicJwk: jwk ? (jwk as Prisma.InputJsonObject) : undefined,
            ipAllowlist: [...restricted.ipAllowlist],
            expiresAt: restricted.expiresAt,
            createdById: lineageOf(viewer),
          },
        });
        await recordEvent(tx, {
          type: 'agent.verifier.created',
          accountId: viewer.accountId,
          issuerId: agent.issuerId,
          subject: verifier.id,
          actor: actorOf(viewer),
          data: eventData('agent.verifier.created', { verifier }),
        });
        return { verifier, secret };
      });
    },

    /** Revokes a verifier: it stops authenticating at once. Throws INVALID_STATE when already revoked. */
    async revokeVerifier(viewer: Viewer, input: unknown) {
      const { id } = parseInput(ById, input);
      const current = await prisma.agentVerifier.findFirst({
        where: { id, agent: visible.agent(viewer) },
        include: { agent: { select: { issuerId: true } } },
      });
      if (!current) throw new NotFoundError('Agent verifier', id);
      if (current.status === 'revoked') throw new InvalidStateError('ALREADY_REVOKED', 'The verifier is already revoked.');
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.agentVerifier.updateMany({
          where: { id, status: 'active' },
          data: { status: 'revoked', revokedAt: clock.now() },
        });
        if (count !== 1) throw new InvalidStateError('ALREADY_REVOKED', 'The verifier is already revoked.');
        const verifier = await tx.agentVerifier.findUniqueOrThrow({ where: { id } });
        await recordEvent(tx, {
          type: 'agent.verifier.revoked',
          accountId: viewer.accountId,
          issuerId: current.agent.issuerId,
          subject: verifier.id,
          actor: actorOf(viewer),
          data: eventData('agent.verifier.revoked', { verifier }),
        });
        return verifier;
      });
    },
  };
}

export type AgentService = ReturnType<typeof createAgentService>;
