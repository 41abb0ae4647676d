/**
 * Clients that register themselves, and the operator's brake on every client:
 *
 * - **Client ID Metadata Documents** (draft-ietf-oauth-client-id-metadata-document): a client
 *   whose `client_id` is an https URL. src/oauth/cimd.ts fetches and validates the document; here
 *   it becomes (or refreshes) a Client row of type `metadata_document`: public (`none`), third
 *   party (its users consent), the grant types it declares, its redirect URIs under the
 *   same strict rules as any client's (./client-uris.ts). A change in the document is
 *   `client.updated`; the first sight `client.created` (actor: system).
 * - **Dynamic registration** (RFC 7591), only where the issuer turned it on: a third-party
 *   client of type `dynamic`; `client.created`.
 * - **Blocking** (`blockClient` / `unblockClient`): a blocked client is unknown to every OAuth
 *   endpoint (principals.client returns null), whatever way it registered; a CIMD client stays
 *   blocked however often its document is fetched again.
 * @module
 */
import * as z from 'zod';
import { newId } from '../lib/ids.js';
import { randomSecret, sha256Hex } from '../lib/crypto.js';
import { InvalidStateError, NotFoundError } from './errors.js';
import { eventData } from './event-payloads.js';
import { idOf, parseInput } from './validation.js';
import { actorOf, type Viewer } from './viewer.js';
import type { ServiceDeps } from './deps.js';
import type { ClientService } from './clients.js';
import type { Client, Issuer, Prisma } from '../generated/prisma/client.js';

const SYSTEM = { type: 'system' as const, id: null };

const BlockClient = z.object({ id: idOf('client'), reason: z.string().trim().max(500).nullish() });
const UnblockClient = z.object({ id: idOf('client') });

/** A validated Client ID Metadata Document, as src/oauth/cimd.ts hands it over. */
export interface MetadataDocumentClient {
  /** the document's URL (= its `client_id`) */
  url: string;
  name: string;
  redirectUris: string[];
  /** authorization_code, and refresh_token when the document asks for it */
  grantTypes: string[];
  /** the `scope` the document declares (may be empty: the scopes its resources define) */
  scopes: string[];
  /** the document's other public fields (client_uri, logo_uri, …), kept as metadata */
  metadata: Record<string, string>;
  /** until when the document is fresh (HTTP caching) */
  expiresAt: Date;
}

/** An RFC 7591 registration request after validation (src/oauth/registration.ts). */
export interface DynamicClient {
  name: string;
  redirectUris: string[];
  scopes: string[];
  /** none (public) | client_secret_basic | client_secret_post */
  tokenEndpointAuthMethod: 'none' | 'client_secret_basic' | 'client_secret_post';
  grantTypes: string[];
  applicationType: 'web' | 'native';
  metadata: Record<string, string>;
}

export function createClientRegistrationService(deps: ServiceDeps, clients: ClientService) {
  const { prisma, recordEvent, clock } = deps;

  return {
    /**
     * The Client row of a CIMD client: created on first sight, refreshed when the document changed
     * (name, redirect URIs, scopes, metadata) and its freshness extended. A blocked client stays
     * blocked (returned as is: the caller refuses it).
     */
    async upsertMetadataDocumentClient(issuer: Pick<Issuer, 'id' | 'accountId'>, doc: MetadataDocumentClient): Promise<Client> {
      const fields = {
        name: doc.name,
        redirectUris: doc.redirectUris,
        grantTypes: doc.grantTypes,
        scopes: doc.scopes,
        metadata: doc.metadata as Prisma.InputJsonObject,
      };
      const current = await prisma.client.findFirst({ where: { issuerId: issuer.id, metadataDocumentUrl: doc.url } });
      if (current) {
        const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter(
          (k) => JSON.stringify(fields[k]) !== JSON.stringify(current[k]),
        );
        if (changed.length === 0) {
          return prisma.client.update({ where: { id: current.id }, data: { metadataDocumentExpiresAt: doc.expiresAt } });
        }
        return prisma.$transaction(async (tx) => {
          const client = await tx.client.update({
            where: { id: current.id },
            data: { ...fields, metadataDocumentExpiresAt: doc.expiresAt },
          });
          await recordEvent(tx, {
            type: 'client.updated',
            accountId: issuer.accountId,
            issuerId: issuer.id,
            subject: client.id,
            actor: SYSTEM,
            data: eventData('client.updated', { client, changed }),
          });
          return client;
        });
      }
      return prisma.$transaction(async (tx) => {
        const client = await tx.client.create({
          data: {
            id: newId('client'),
            issuerId: issuer.id,
            ...fields,
            type: 'external',
            confidential: false,
            applicationType: 'web',
            tokenEndpointAuthMethod: 'none',
            registrationType: 'metadata_document',
            metadataDocumentUrl: doc.url,
            metadataDocumentExpiresAt: doc.expiresAt,
            thirdParty: true,
          },
        });
        await recordEvent(tx, {
          type: 'client.created',
          accountId: issuer.accountId,
          issuerId: issuer.id,
          subject: client.id,
          actor: SYSTEM,
          data: eventData('client.created', { client }),
        });
        return client;
      });
    },

    /** Registers an RFC 7591 client (the caller checked that the issuer allows it). Returns the secret once, if it has one. */
    async registerDynamic(
      issuer: Pick<Issuer, 'id' | 'accountId'>,
      input: DynamicClient,
    ): Promise<{ client: Client; secret: string | null }> {
      const secret = input.tokenEndpointAuthMethod === 'none' ? null : randomSecret();
      return prisma.$transaction(async (tx) => {
        const client = await tx.client.create({
          data: {
            id: newId('client'),
            issuerId: issuer.id,
            name: input.name,
            type: 'external',
            confidential: secret !== null,
            applicationType: input.applicationType,
            grantTypes: input.grantTypes,
            redirectUris: input.redirectUris,
            scopes: input.scopes,
            tokenEndpointAuthMethod: input.tokenEndpointAuthMethod,
            metadata: input.metadata,
            secretHash: secret ? sha256Hex(secret) : null,
            secretPrefix: secret ? secret.slice(0, 6) : null,
            registrationType: 'dynamic',
            thirdParty: true,
          },
        });
        await recordEvent(tx, {
          type: 'client.created',
          accountId: issuer.accountId,
          issuerId: issuer.id,
          subject: client.id,
          actor: SYSTEM,
          data: eventData('client.created', { client }),
        });
        return { client, secret };
      });
    },

    /**
     * Blocks a client: from now on it signs nobody in and gets no token (every OAuth endpoint
     * treats it as unknown). Emits `client.blocked`. NOT_FOUND for a client the viewer cannot see,
     * INVALID_STATE when it is already blocked.
     */
    async block(viewer: Viewer, input: unknown): Promise<Client> {
      const { id, reason } = parseInput(BlockClient, input);
      const current = await clients.requireClient(viewer, id);
      if (current.blockedAt) throw new InvalidStateError('CLIENT_ALREADY_BLOCKED');
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.client.updateMany({ where: { id, blockedAt: null }, data: { blockedAt: clock.now() } });
        if (count !== 1) throw new InvalidStateError('CLIENT_ALREADY_BLOCKED');
        const client = await tx.client.findUniqueOrThrow({ where: { id } });
        await recordEvent(tx, {
          type: 'client.blocked',
          accountId: viewer.accountId,
          issuerId: client.issuerId,
          subject: id,
          actor: actorOf(viewer),
          data: eventData('client.blocked', { client, reason: reason ?? null }),
        });
        return client;
      });
    },

    /** Lifts a block. Emits `client.unblocked`. NOT_FOUND / INVALID_STATE (not blocked). */
    async unblock(viewer: Viewer, input: unknown): Promise<Client> {
      const { id } = parseInput(UnblockClient, input);
      const current = await clients.requireClient(viewer, id);
      if (!current.blockedAt) throw new InvalidStateError('CLIENT_NOT_BLOCKED');
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.client.updateMany({ where: { id, blockedAt: { not: null } }, data: { blockedAt: null } });
        if (count !== 1) throw new NotFoundError('Client', id);
        const client = await tx.client.findUniqueOrThrow({ where: { id } });
        await recordEvent(tx, {
          type: 'client.unblocked',
          accountId: viewer.accountId,
          issuerId: client.issuerId,
          subject: id,
          actor: actorOf(viewer),
          data: eventData('client.unblocked', { client }),
        });
        return client;
      });
    },
  };
}

export type ClientRegistrationService = ReturnType<typeof createClientRegistrationService>;
