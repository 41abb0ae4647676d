/** Clients: OIDC applications and M2M services of an issuer. The secret is shown once. @module */
import * as z from 'zod';
import { newId } from '../lib/ids.js';
import { randomSecret, sha256Hex } from '../lib/crypto.js';
import { snapshot } from './snapshot.js';
import { parseInput, name, idOf, scope, jsonObject } from './validation.js';
import { actorOf, type Viewer } from './viewer.js';
import type { ServiceDeps } from './deps.js';
import type { IssuerService } from './issuers.js';

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
    metadata: jsonObject.default({}),
  })
  .transform((c) => ({
    ...c,
    grantTypes: [...new Set(c.grantTypes ?? (c.type === 'm2m' ? ['client_credentials'] : ['authorization_code', 'refresh_token']))],
    tokenEndpointAuthMethod: c.tokenEndpointAuthMethod ?? (c.confidential ? 'client_secret_basic' : 'none'),
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
  });

export function createClientService(deps: ServiceDeps, issuers: IssuerService) {
  const { prisma, recordEvent } = deps;
  return {
    /** Creates a client; for confidential ones the returned `secret` is the only time it is shown. */
    async create(viewer: Viewer, input: unknown) {
      const data = parseInput(CreateClient, input);
      const issuer = await issuers.requireIssuer(viewer, data.issuerId);
      const secret = data.confidential ? randomSecret() : null;
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
          data: snapshot(client),
        });
        return { client, secret };
      });
    },
  };
}
