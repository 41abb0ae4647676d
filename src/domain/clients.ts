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
import type { IssuerService } from './issuers.js';
import { SIGNING_ALGS } from './jwk.js';
import type { SigningKeyStore } from './signing-keys.js';
import type { Prisma } from '../generated/prisma/client.js';
import { MAX_URI_LENGTH, originProblem, originsOf, redirectUriProblem, type ApplicationType } from './client-uris.js';

/** How long a rotated-out secret keeps working unless the caller says otherwise. */
export const DEFAULT_SECRET_OVERLAP_SECONDS = 3600;

export const GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'] as const;
/** OIDC scopes a client may request besides resource:action scopes. */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;
export const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'] as const;

const APPLICATION_TYPES = ['web', 'native', 'spa'] as const;

/** The fields of a client that the registration rules look at (create, and the result of an update). */
interface ClientShape {
  type: string;
  confidential: boolean;
  applicationType: ApplicationType;
  grantTypes: string[];
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  allowedOrigins: string[];
  tokenEndpointAuthMethod: string;
  idTokenSignedResponseAlg?: string | null | undefined;
  jwks?: unknown;
  organizationId?: string | null | undefined;
}

/** A client whose tokens are fetched by browser code: its redirect URIs' origins are its CORS origins by default. */
export function isBrowserClient(c: { applicationType: string; tokenEndpointAuthMethod: string }): boolean {
  return c.applicationType === 'spa' || c.tokenEndpointAuthMethod === 'none';
}

/** The default `allowedOrigins`: the origins of a SPA's or public client's http(s) redirect URIs, else none. */
export function defaultAllowedOrigins(c: {
  applicationType: string;
  tokenEndpointAuthMethod: string;
  redirectUris: readonly string[];
}): string[] {
  return isBrowserClient(c) ? originsOf(c.redirectUris) : [];
}

const uriList = z.array(z.string().max(MAX_URI_LENGTH)).max(50);
const originList = z.array(z.string().max(300)).max(50);

/**
 * The registration rules every client obeys, after create and after every update: each URI
 * through the one strict parser (./client-uris.ts), and the combinations that make sense.
 */
function checkClient(c: ClientShape, ctx: z.RefinementCtx): void {
  c.redirectUris.forEach((uri, i) => {
    const problem = redirectUriProblem(uri, c.applicationType);
    if (problem) ctx.addIssue({ code: 'custom', path: ['redirectUris', i], message: problem });
  });
  c.postLogoutRedirectUris.forEach((uri, i) => {
    const problem = redirectUriProblem(uri, c.applicationType);
    if (problem) ctx.addIssue({ code: 'custom', path: ['postLogoutRedirectUris', i], message: problem });
  });
  c.allowedOrigins.forEach((origin, i) => {
    const problem = originProblem(origin);
    if (problem) ctx.addIssue({ code: 'custom', path: ['allowedOrigins', i], message: problem });
  });
  if (c.type === 'm2m' && !c.confidential)
    ctx.addIssue({ code: 'custom', path: ['confidential'], message: 'an m2m client must be confidential' });
  if (c.type === 'm2m' && c.grantTypes.some((g) => g !== 'client_credentials'))
    ctx.addIssue({ code: 'custom', path: ['grantTypes'], message: 'an m2m client uses client_credentials only' });
  if (!c.confidential && c.grantTypes.includes('client_credentials'))
    ctx.addIssue({ code: 'custom', path: ['grantTypes'], message: 'a public client cannot use client_credentials' });
  if (c.confidential === (c.tokenEndpointAuthMethod === 'none'))
    ctx.addIssue({
      code: 'custom',
      path: ['tokenEndpointAuthMethod'],
      message: c.confidential ? 'a confidential client must authenticate' : 'a public client uses none',
    });
  if (c.grantTypes.includes('authorization_code') && c.redirectUris.length === 0)
    ctx.addIssue({ code: 'custom', path: ['redirectUris'], message: 'authorization_code needs at least one redirect URI' });
  if (c.tokenEndpointAuthMethod === 'private_key_jwt' && !c.jwks)
    ctx.addIssue({ code: 'custom', path: ['jwks'], message: 'private_key_jwt needs the public keys (jwks) of the client' });
  if (c.jwks && c.tokenEndpointAuthMethod !== 'private_key_jwt')
    ctx.addIssue({ code: 'custom', path: ['jwks'], message: 'jwks is only for clients that authenticate with private_key_jwt' });
  if (c.idTokenSignedResponseAlg && !c.grantTypes.includes('authorization_code'))
    ctx.addIssue({
      code: 'custom',
      path: ['idTokenSignedResponseAlg'],
      message: 'only a client that uses authorization_code receives ID tokens',
    });
  if (c.organizationId && !c.grantTypes.includes('client_credentials'))
    ctx.addIssue({
      code: 'custom',
      path: ['organizationId'],
      message: 'only a client_credentials (m2m) client acts inside an organization',
    });
}

const CreateClient = z
  .object({
    issuerId: idOf('issuer'),
    name,
    type: z.enum(['external', 'm2m']).default('external'),
    confidential: z.boolean().default(true),
    applicationType: z.enum(APPLICATION_TYPES).default('web'),
    grantTypes: z.array(z.enum(GRANT_TYPES)).max(3).optional(),
    redirectUris: uriList.default([]),
    postLogoutRedirectUris: uriList.default([]),
    /** CORS origins; default: see defaultAllowedOrigins */
    allowedOrigins: originList.optional(),
    scopes: z
      .array(z.union([z.enum(OIDC_SCOPES), scope]))
      .max(100)
      .default([])
      .transform((s) => [...new Set(s)]),
    tokenEndpointAuthMethod: z.enum(AUTH_METHODS).optional(),
    accessTokenTtlSeconds: z.number().int().min(60).max(86_400).optional(),
    /** RFC 9449 §5.2: every token request of the client must carry a DPoP proof */
    dpopBoundAccessTokens: z.boolean().default(false),
    /** OIDC Registration `id_token_signed_response_alg`; null: the issuer's signingAlg */
    idTokenSignedResponseAlg: z.enum(SIGNING_ALGS).nullish(),
    jwks: publicJwks.nullish(),
    organizationId: idOf('organization').nullish(),
    metadata: jsonObject.default({}),
  })
  .transform((c) => {
    // Registering keys means authenticating with them, unless a method is named.
    const tokenEndpointAuthMethod =
      c.tokenEndpointAuthMethod ?? (c.jwks ? 'private_key_jwt' : c.confidential ? 'client_secret_basic' : 'none');
    return {
      ...c,
      grantTypes: [...new Set(c.grantTypes ?? (c.type === 'm2m' ? ['client_credentials'] : ['authorization_code', 'refresh_token']))],
      tokenEndpointAuthMethod,
      allowedOrigins: [
        ...new Set(
          c.allowedOrigins ??
            defaultAllowedOrigins({ applicationType: c.applicationType, tokenEndpointAuthMethod, redirectUris: c.redirectUris }),
        ),
      ],
    };
  })
  .superRefine(checkClient);

/** What `updateClient` may change; absent fields stay, `null` resets a nullable one to its default. */
const UpdateClient = z.object({
  id: idOf('client'),
  name: name.optional(),
  redirectUris: uriList.optional(),
  postLogoutRedirectUris: uriList.optional(),
  allowedOrigins: originList.optional(),
  scopes: z
    .array(z.union([z.enum(OIDC_SCOPES), scope]))
    .max(100)
    .transform((s) => [...new Set(s)])
    .optional(),
  grantTypes: z
    .array(z.enum(GRANT_TYPES))
    .min(1)
    .max(3)
    .transform((g) => [...new Set(g)])
    .optional(),
  accessTokenTtlSeconds: z.number().int().min(60).max(86_400).nullish(),
  idTokenSignedResponseAlg: z.enum(SIGNING_ALGS).nullish(),
  dpopBoundAccessTokens: z.boolean().optional(),
  metadata: jsonObject.optional(),
});

const RotateSecret = z.object({
  id: idOf('client'),
  /** how long the previous secret keeps working (0: not at all) */
  overlapSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(DEFAULT_SECRET_OVERLAP_SECONDS),
});

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === new Set(b).size && a.every((x) => b.includes(x));

export function createClientService(deps: ServiceDeps, issuers: IssuerService, signingKeys: SigningKeyStore) {
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
        // the key of its ID-token alg is published before the client can ask for a token
        if (data.idTokenSignedResponseAlg) await signingKeys.ensureKey(tx, issuer.id, data.idTokenSignedResponseAlg);
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
            allowedOrigins: data.allowedOrigins,
            scopes: data.scopes,
            tokenEndpointAuthMethod: data.tokenEndpointAuthMethod,
            accessTokenTtlSeconds: data.accessTokenTtlSeconds ?? null,
            idTokenSignedResponseAlg: data.idTokenSignedResponseAlg ?? null,
            dpopBoundAccessTokens: data.dpopBoundAccessTokens,
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
     * Changes a client's registration: name, redirect and post-logout redirect URIs, allowed CORS
     * origins, scopes, grant types, access-token lifetime, ID-token alg, metadata. The result must
     * pass every rule a new client passes (each URI through the strict parser of ./client-uris.ts),
     * else VALIDATION_FAILED with the path of each problem and nothing changes. When the redirect
     * URIs change and `allowedOrigins` is not given, origins that were the default follow them.
     * Emits `client.updated` (public fields and the names changed) in the same transaction. Throws
     * NOT_FOUND for a client the viewer cannot see, CONFLICT when another update won a race.
     */
    async update(viewer: Viewer, input: unknown) {
      const { id, ...changes } = parseInput(UpdateClient, input);
      const current = await requireClient(viewer, id);
      const given = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<
        z.output<typeof UpdateClient>
      >;
      const next = { ...current, ...given };
      const followsDefault = sameSet(current.allowedOrigins, defaultAllowedOrigins(current));
      if (given.allowedOrigins === undefined && given.redirectUris !== undefined && followsDefault)
        next.allowedOrigins = defaultAllowedOrigins(next);
      next.allowedOrigins = [...new Set(next.allowedOrigins)];
      parseInput(
        z.custom<ClientShape>().superRefine((c, ctx) => checkClient(c, ctx)),
        { ...next, applicationType: next.applicationType as ApplicationType } satisfies ClientShape,
      );
      const data = {
        name: next.name,
        redirectUris: next.redirectUris,
        postLogoutRedirectUris: next.postLogoutRedirectUris,
        allowedOrigins: next.allowedOrigins,
        scopes: next.scopes,
        grantTypes: next.grantTypes,
        accessTokenTtlSeconds: next.accessTokenTtlSeconds ?? null,
        idTokenSignedResponseAlg: next.idTokenSignedResponseAlg ?? null,
        dpopBoundAccessTokens: next.dpopBoundAccessTokens,
        metadata: next.metadata as Prisma.InputJsonObject,
      };
      const changed = (Object.keys(data) as (keyof typeof data)[]).filter((k) => JSON.stringify(data[k]) !== JSON.stringify(current[k]));
      if (changed.length === 0) return { client: current, changed };
      return prisma.$transaction(async (tx) => {
        if (data.idTokenSignedResponseAlg) await signingKeys.ensureKey(tx, current.issuerId, data.idTokenSignedResponseAlg);
        // Compare-and-set on updatedAt: of two concurrent updates exactly one wins.
        const { count } = await tx.client.updateMany({ where: { id, updatedAt: current.updatedAt }, data });
        if (count !== 1) throw new ConflictError('CONCURRENT_CHANGE', 'The client was changed concurrently; read it and try again.');
        const client = await tx.client.findUniqueOrThrow({ where: { id } });
        await recordEvent(tx, {
          type: 'client.updated',
          accountId: viewer.accountId,
          issuerId: client.issuerId,
          subject: client.id,
          actor: actorOf(viewer),
          data: eventData('client.updated', { client, changed }),
        });
        return { client, changed };
      });
    },

    /** Whether any client of the issuer lists `origin` in its allowedOrigins (CORS preflights, src/oauth/cors.ts). */
    async issuerAllowsOrigin(issuerId: string, origin: string): Promise<boolean> {
      const found = await prisma.client.findFirst({ where: { issuerId, allowedOrigins: { has: origin } }, select: { id: true } });
      return found !== null;
    },

    /**
     * Issues a new secret (returned once). The previous one keeps working for `overlapSeconds`
     * so deployments can roll over; a second rotation ends the first one's overlap at once.
     * Throws INVALID_STATE for clients without a secret, CONFLICT when another rotation won a race.
     */
    async rotateSecret(viewer: Viewer, input: unknown) {
      const { id, overlapSeconds } = parseInput(RotateSecret, input);
      const current = await requireClient(viewer, id);
      if (!current.secretHash)
        throw new InvalidStateError(
          'CLIENT_HAS_NO_SECRET',
          'This client authenticates without a secret (private_key_jwt or public client).',
        );
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
        if (count !== 1)
          throw new ConflictError('CONCURRENT_CHANGE', 'The secret was rotated concurrently; read the client and try again.');
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

export type ClientService = ReturnType<typeof createClientService>;
