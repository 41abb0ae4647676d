/**
 * Clients: OIDC applications and M2M services of an issuer. A secret is shown once (on create
 * and on rotation) and stored as a SHA-256 hash; a client may instead authenticate with
 * `private_key_jwt` against the public JWKS it registered (then it has no secret at all).
 * @module
 */
import * as z from 'zod';
import { newId } from '../lib/ids.js';
import { randomSecret, sha256Hex } from '../lib/crypto.js';
import { ConflictError, InvalidStateError, NotFoundError } from './errors.js';
import { eventData } from './event-payloads.js';
import { parseInput, name, idOf, scope, jsonObject } from './validation.js';
import { visible } from './authorization/visibility.js';
import { actorOf, type Viewer } from './viewer.js';
import { publicJwks, assertImportable } from './jwk.js';
import type { ServiceDeps } from './deps.js';
import { SIGNING_ALGS, type IssuerService } from './issuers.js';
import type { Prisma } from '../generated/prisma/client.js';

/** How long a rotated-out secret keeps working unless the caller says otherwise. */
export const DEFAULT_SECRET_OVERLAP_SECONDS = 3600;

export const GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'] as const;
/** OIDC scopes a client may request besides resource:action scopes. */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;
export const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'] as const;

/** Absolute URL, no fragment; plain http only for loopback (RFC 8252 §7.3, RFC 9700 §2.1). */
const redirectUri = z
  .string()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      if (url.hash) return false;
      if (url.protocol === 'https:') return true;
      if (url.protocol === 'http:') return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
      // private-use schemes of native apps (com.example.app:/callback)
      return /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/.test(url.protocol);
    } catch {
      return false;
    }
  }, 'must be an absolute https URL without a fragment (http only for localhost)');

const CreateClient = z
  .object({
    issuerId: idOf('issuer'),
    name,
    type: z.enum(['external', 'm2m']).default('external'),
    confidential: z.boolean().default(true),
    applicationType: z.enum(['web', 'native', 'spa']).default('web'),
    grantTypes: z.array(z.enum(GRANT_TYPES)).max(3).optional(),
    redirectUris: z.array(redirectUri).max(50).default([]),
    postLogoutRedirectUris: z.array(redirectUri).max(50).default([]),
    scopes: z.array(z.union([z.enum(OIDC_SCOPES), scope])).max(100).default([]).transform((s) => [...new Set(s)]),
    tokenEndpointAuthMethod: z.enum(AUTH_METHODS).optional(),
    accessTokenTtlSeconds: z.number().int().min(60).max(86_400).optional(),
    /** OIDC Registration `id_token_signed_response_alg`; null: the issuer's signingAlg */
    idTokenSignedResponseAlg: z.enum(SIGNING_ALGS).nullish(),
    jwks: publicJwks.nullish(),
    organizationId: idOf('organization').nullish(),
    metadata: jsonObject.default({}),
  })
  .transform((c) => ({
    ...c,
    grantTypes: [...new Set(c.grantTypes ?? (c.type === 'm2m' ? ['client_credentials'] : ['authorization_code', 'refresh_token']))],
    // Registering keys means authenticating with them, unless a method is named.
    tokenEndpointAuthMethod: c.tokenEndpointAuthMethod ?? (c.jwks ? 'private_key_jwt' : c.confidential ? 'client_secret_basic' : 'none'),
  }))
  .superRefine((c, ctx) => {
    if (c.type === 'm2m' && !c.confidential) ctx.addIssue({ code: 'custom', path: ['confidential'], message: 'an m2m client must be confidential' });
    if (c.type === 'm2m' && c.grantTypes.some((g) => g !== 'client_credentials'))
      ctx.addIssue({ code: 'custom', path: ['grantTypes'], message: 'an m2m client uses client_credentials only' });
    if (!c.confidential && c.grantTypes.includes('client_credentials'))
      ctx.addIssue({ code: 'custom', path: ['grantTypes'], message: 'a public client cannot use client_credentials' });
    if (c.confidential === (c.tokenEndpointAuthMethod === 'none'))
      ctx.addIssue({ code: 'custom', path: ['tokenEndpointAuthMethod'], message: c.confidential ? 'a confidential client must authenticate' : 'a public client uses none' });
    if (c.grantTypes.includes('authorization_code') && c.redirectUris.length === 0)
      ctx.addIssue({ code: 'custom', path: ['redirectUris'], message: 'authorization_code needs at least one redirect URI' });
    if (c.tokenEndpointAuthMethod === 'private_key_jwt' && !c.jwks)
      ctx.addIssue({ code: 'custom', path: ['jwks'], message: 'private_key_jwt needs the public keys (jwks) of the client' });
    if (c.jwks && c.tokenEndpointAuthMethod !== 'private_key_jwt')
      ctx.addIssue({ code: 'custom', path: ['jwks'], message: 'jwks is only for clients that authenticate with private_key_jwt' });
    if (c.idTokenSignedResponseAlg && !c.grantTypes.includes('authorization_code'))
      ctx.addIssue({ code: 'custom', path: ['idTokenSignedResponseAlg'], message: 'only a client that uses authorization_code receives ID tokens' });
    if (c.organizationId && !c.grantTypes.includes('client_credentials'))
      ctx.addIssue({ code: 'custom', path: ['organizationId'], message: 'only a client_credentials (m2m) client acts inside an organization' });
  });

const RotateSecret = z.object({
  id: idOf('client'),
  /** how long the previous secret keeps working (0: not at all) */
  overlapSeconds: z.number().int().min(0).max(7 * 86_400).default(DEFAULT_SECRET_OVERLAP_SECONDS),
});

export function createClientService(deps: ServiceDeps, issuers: IssuerService) {
  const { prisma, recordEvent, clock } = deps;

  /** Loads a client the viewer may see, or throws NOT_FOUND (also for other tenants'). */
  async function requireClient(viewer: Viewer, id: string) {
    const client = await prisma.client.findFirst({ where: { id, AND: [visible.client(viewer)] } });
    if (!client) throw new NotFoundError('Client', id);
    return client;
  }

  return {
    requireClient,

    /**
     * Creates a client. Clients that authenticate with a secret get one here, and this is the only
     * time it is shown; `private_key_jwt` and public clients get none. `organizationId` must name
     * an organization of the same issuer (else NOT_FOUND).
     */
    async create(viewer: Viewer, input: unknown) {
      const data = parseInput(CreateClient, input);
      const issuer = await issuers.requireIssuer(viewer, data.issuerId);
      if (data.jwks) await assertImportable(data.jwks.keys, 'jwks.keys');
      if (data.organizationId) {
        const org = await prisma.organization.findFirst({ where: { id: data.organizationId, issuerId: issuer.id }, select: { id: true } });
        if (!org) throw new NotFoundError('Organization', data.organizationId);
      }
      const usesSecret = data.confidential && data.tokenEndpointAuthMethod !== 'private_key_jwt';
      const secret = usesSecret ? randomSecret() : null;
      return prisma.$transaction(async (tx) => {
        const client = await tx.client.create({
          data: {
            id: newId('client'),
            issuerId: issuer.id,
            name: data.name,
            type: data.type,
            confidential: data.confidential,
            applicationType: data.applicationType,
            grantTypes: data.grantTypes,
            redirectUris: data.redirectUris,
            postLogoutRedirectUris: data.postLogoutRedirectUris,
            scopes: data.scopes,
            tokenEndpointAuthMethod: data.tokenEndpointAuthMethod,
            accessTokenTtlSeconds: data.accessTokenTtlSeconds ?? null,
            idTokenSignedResponseAlg: data.idTokenSignedResponseAlg ?? null,
            jwks: data.jwks ? (data.jwks as Prisma.InputJsonObject) : undefined,
            organizationId: data.organizationId ?? null,
            metadata: data.metadata as object,
            secretHash: secret ? sha256Hex(secret) : null,
            secretPrefix: secret ? secret.slice(0, 6) : null,
          },
        });
        await recordEvent(tx, {
          type: 'client.created',
          accountId: viewer.accountId,
          issuerId: issuer.id,
          subject: client.id,
          actor: actorOf(viewer),
          data: eventData('client.created', { client }),
        });
        return { client, secret };
      });
    },

    /**
     * Issues a new secret (returned once). The previous one keeps working for `overlapSeconds`
     * so deployments can roll over; a second rotation ends the first one's overlap at once.
     * Throws INVALID_STATE for clients without a secret, CONFLICT when another rotation won a race.
     */
    async rotateSecret(viewer: Viewer, input: unknown) {
      const { id, overlapSeconds } = parseInput(RotateSecret, input);
      const current = await requireClient(viewer, id);
      if (!current.secretHash) throw new InvalidStateError('This client authenticates without a secret (private_key_jwt or public client).');
      const secret = randomSecret();
      const previousSecretExpiresAt = overlapSeconds > 0 ? new Date(clock.now().getTime() + overlapSeconds * 1000) : null;
      return prisma.$transaction(async (tx) => {
        // Compare-and-set on the hash: of two concurrent rotations exactly one wins.
        const { count } = await tx.client.updateMany({
          where: { id, secretHash: current.secretHash },
          data: {
            secretHash: sha256Hex(secret),
            secretPrefix: secret.slice(0, 6),
            previousSecretHash: previousSecretExpiresAt ? current.secretHash : null,
            previousSecretExpiresAt,
          },
        });
        if (count !== 1) throw new ConflictError('The secret was rotated concurrently; read the client and try again.');
        const client = await tx.client.findUniqueOrThrow({ where: { id } });
        await recordEvent(tx, {
          type: 'client.secret.rotated',
          accountId: viewer.accountId,
          issuerId: client.issuerId,
          subject: client.id,
          actor: actorOf(viewer),
          data: eventData('client.secret.rotated', { client, previous: current, previousSecretExpiresAt: previousSecretExpiresAt ?? null }),
        });
        return { client, secret, previousSecretExpiresAt };
      });
    },
  };
}
