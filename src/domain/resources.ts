/**
 * Resources: the APIs (and MCP servers) an issuer mints tokens for. A resource's `identifier` is
 * its RFC 8707 resource indicator — an absolute URI without a fragment — and the `aud` of every
 * token minted for it; its `scopes` are the resource:action scopes it defines (a token for it
 * carries no other resource scope). `accessTokenTtlSeconds` caps the lifetime of its tokens;
 * `dpopRequired` says its tokens must be sender-constrained (RFC 9449: /token refuses to mint one
 * without a DPoP proof); `singleUseApprovalTokens` says a token for it that carries a user's
 * approval (CIBA, RFC 9396 `authorization_details`) is accepted once (the SDK's protectedResource
 * / verifyAccessToken option of that name, and /introspect); `isMcpServer` marks a
 * Model Context Protocol server (its clients register by Client ID Metadata Document).
 *
 * Every change writes its event (`resource.created|updated|deleted`) in the same transaction.
 * The OAuth endpoints read resources through `byIdentifier` (cached briefly per node, cleared on
 * this node at once and on other nodes by the resource events on the bus).
 * @module
 */
import { createCache } from '../lib/cache.js';
import * as z from 'zod';
import { newId } from '../lib/ids.js';
import { ConflictError, NotFoundError } from './errors.js';
import { eventData } from './event-payloads.js';
import { idOf, name, parseInput, scope } from './validation.js';
import { visible } from './authorization/visibility.js';
import { actorOf, type Viewer } from './viewer.js';
import type { ServiceDeps } from './deps.js';
import type { IssuerService } from './issuers.js';
import type { Resource } from '../generated/prisma/client.js';

/** Longest resource identifier accepted (the same bound as redirect URIs). */
export const MAX_RESOURCE_IDENTIFIER = 2000;

/** Event types after which cached resources may be stale. */
export const RESOURCE_CACHE_INVALIDATORS: ReadonlySet<string> = new Set(['resource.created', 'resource.updated', 'resource.deleted']);
/** How long a node keeps an issuer's resources before reading them again. */
const CACHE_MS = 5_000;
const CACHE_MAX = 10_000;

/**
 * Why `value` cannot be a resource indicator (RFC 8707 §2: an absolute URI, no fragment), or
 * null when it can.
 */
export function resourceIdentifierProblem(value: string): string | null {
  if (value.length === 0 || value.length > MAX_RESOURCE_IDENTIFIER) return `must be 1 to ${MAX_RESOURCE_IDENTIFIER} characters`;
  if (value.includes('#')) return 'must not have a fragment (RFC 8707 §2)';
  if (/[\s<>"\\^`{|}]/.test(value) || /[^\x21-\x7e]/.test(value)) return 'must be an absolute URI of RFC 3986 characters';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URI (RFC 8707 §2)';
  }
  if ((url.protocol === 'https:' || url.protocol === 'http:') && (!url.hostname || url.username || url.password))
    return 'must name a host and no user information';
  return null;
}

const identifier = z.string().superRefine((v, ctx) => {
  const problem = resourceIdentifierProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const scopes = z
  .array(scope)
  .max(100)
  .transform((s) => [...new Set(s)]);
const ttl = z.number().int().min(60).max(86_400);

const CreateResource = z.object({
  issuerId: idOf('issuer'),
  name,
  identifier,
  scopes: scopes.default([]),
  accessTokenTtlSeconds: ttl.nullish(),
  dpopRequired: z.boolean().default(false),
  singleUseApprovalTokens: z.boolean().default(false),
  isMcpServer: z.boolean().default(false),
});

const UpdateResource = z.object({
  id: idOf('resource'),
  name: name.optional(),
  scopes: scopes.optional(),
  accessTokenTtlSeconds: ttl.nullish(),
  dpopRequired: z.boolean().optional(),
  singleUseApprovalTokens: z.boolean().optional(),
  isMcpServer: z.boolean().optional(),
});

const DeleteResource = z.object({ id: idOf('resource') });

export function createResourceService(deps: ServiceDeps, issuers: IssuerService) {
  const { prisma, recordEvent } = deps;
  /** each issuer's resources by identifier, kept CACHE_MS per node (bounded: CACHE_MAX issuers) */
  const cache = createCache<Map<string, Resource>>({
    max: CACHE_MAX,
    ttlMs: CACHE_MS,
    load: async (issuerId) => {
      const rows = await prisma.resource.findMany({ where: { issuerId }, orderBy: { id: 'asc' } });
      return new Map(rows.map((r) => [r.identifier, r]));
    },
  });

  /** Loads a resource the viewer may see, or throws NOT_FOUND (also for other tenants'). */
  async function requireResource(viewer: Viewer, id: string): Promise<Resource> {
    const resource = await prisma.resource.findFirst({ where: { id, AND: [visible.resource(viewer)] } });
    if (!resource) throw new NotFoundError('Resource', id);
    return resource;
  }

  /** The issuer's resources by identifier (cached CACHE_MS per node). */
  function ofIssuer(issuerId: string): Promise<Map<string, Resource>> {
    return cache.get(issuerId);
  }

  return {
    requireResource,
    ofIssuer,

    /** The issuer's resource whose identifier is exactly `identifier`, or null. */
    async byIdentifier(issuerId: string, identifier: string): Promise<Resource | null> {
      return (await ofIssuer(issuerId)).get(identifier) ?? null;
    },

    /** Forgets this node's cached resources (after a change here, or a resource event from another node). */
    invalidate(): void {
      cache.clear();
    },

    /**
     * Creates a resource of an issuer the viewer may see (NOT_FOUND otherwise). Throws
     * VALIDATION_FAILED for a bad identifier or scope, CONFLICT when the issuer already has a
     * resource with that identifier. Emits `resource.created`.
     */
    async create(viewer: Viewer, input: unknown): Promise<Resource> {
      const data = parseInput(CreateResource, input);
      const issuer = await issuers.requireIssuer(viewer, data.issuerId);
      const taken = await prisma.resource.findFirst({ where: { issuerId: issuer.id, identifier: data.identifier }, select: { id: true } });
      if (taken) throw new ConflictError('IDENTIFIER_TAKEN', 'The issuer already has a resource with this identifier.', 'identifier');
      const resource = await prisma.$transaction(async (tx) => {
        const created = await tx.resource.create({
          data: {
            id: newId('resource'),
            issuerId: issuer.id,
            name: data.name,
            identifier: data.identifier,
            scopes: data.scopes,
            accessTokenTtlSeconds: data.accessTokenTtlSeconds ?? null,
            dpopRequired: data.dpopRequired,
            singleUseApprovalTokens: data.singleUseApprovalTokens,
            isMcpServer: data.isMcpServer,
          },
        });
        await recordEvent(tx, {
          type: 'resource.created',
          accountId: viewer.accountId,
          issuerId: issuer.id,
          subject: created.id,
          actor: actorOf(viewer),
          data: eventData('resource.created', { resource: created }),
        });
        return created;
      });
      cache.delete(issuer.id);
      return resource;
    },

    /**
     * Changes a resource's name, scopes, token lifetime, DPoP requirement or MCP flag (the
     * identifier is its identity and never changes: make a new resource instead). Absent fields
     * stay; `accessTokenTtlSeconds: null` resets it. Emits `resource.updated` with the fields
     * changed (none: no event). NOT_FOUND for a resource the viewer cannot see, CONFLICT when
     * another update won a race.
     */
    async update(viewer: Viewer, input: unknown): Promise<{ resource: Resource; changed: string[] }> {
      const { id, ...changes } = parseInput(UpdateResource, input);
      const current = await requireResource(viewer, id);
      const data = {
        name: changes.name ?? current.name,
        scopes: changes.scopes ?? current.scopes,
        accessTokenTtlSeconds: changes.accessTokenTtlSeconds === undefined ? current.accessTokenTtlSeconds : changes.accessTokenTtlSeconds,
        dpopRequired: changes.dpopRequired ?? current.dpopRequired,
        singleUseApprovalTokens: changes.singleUseApprovalTokens ?? current.singleUseApprovalTokens,
        isMcpServer: changes.isMcpServer ?? current.isMcpServer,
      };
      const changed = (Object.keys(data) as (keyof typeof data)[]).filter((k) => JSON.stringify(data[k]) !== JSON.stringify(current[k]));
      if (changed.length === 0) return { resource: current, changed };
      const result = await prisma.$transaction(async (tx) => {
        const { count } = await tx.resource.updateMany({ where: { id, updatedAt: current.updatedAt }, data });
        if (count !== 1) throw new ConflictError('CONCURRENT_CHANGE', 'The resource was changed concurrently; read it and try again.');
        const resource = await tx.resource.findUniqueOrThrow({ where: { id } });
        await recordEvent(tx, {
          type: 'resource.updated',
          accountId: viewer.accountId,
          issuerId: resource.issuerId,
          subject: id,
          actor: actorOf(viewer),
          data: eventData('resource.updated', { resource, changed }),
        });
        return { resource, changed };
      });
      cache.delete(current.issuerId);
      return result;
    },

    /**
     * Deletes a resource: from then on `resource=` naming it is `invalid_target`. Tokens already
     * minted for it stay valid until they expire (they are short-lived). Emits `resource.deleted`.
     */
    async delete(viewer: Viewer, input: unknown): Promise<Resource> {
      const { id } = parseInput(DeleteResource, input);
      const current = await requireResource(viewer, id);
      await prisma.$transaction(async (tx) => {
        const { count } = await tx.resource.deleteMany({ where: { id } });
        if (count !== 1) throw new NotFoundError('Resource', id);
        await recordEvent(tx, {
          type: 'resource.deleted',
          accountId: viewer.accountId,
          issuerId: current.issuerId,
          subject: id,
          actor: actorOf(viewer),
          data: eventData('resource.deleted', { resource: current }),
        });
      });
      cache.delete(current.issuerId);
      return current;
    },
  };
}

export type ResourceService = ReturnType<typeof createResourceService>;
