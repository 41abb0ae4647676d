/**
 * Client (OIDC app or M2M service): node, `createClient` and `rotateClientSecret` (each returns
 * the secret once), and `updateClient` (registration changes, every URI through the strict parser
 * of src/domain/client-uris.ts).
 * @module
 */
import { builder } from '../builder.js';
import { required } from '../loaders.js';
import { ValidationError, NotFoundError, InvalidStateError, ConflictError } from '../../domain/errors.js';
import { OrganizationRef } from './organization.js';
import { visible } from '../../domain/authorization/visibility.js';
import { ACCOUNT_ONLY, SigningAlgEnum } from '../shared.js';
import type { Client } from '../../generated/prisma/client.js';

export const ClientRef = builder.prismaNode('Client', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [visible.client(ctx.viewer)] }),
  fields: (t) => ({
    issuer: t.prismaField({ type: 'Issuer', resolve: (_query, c, _args, ctx) => required(ctx.loaders.issuer.load(c.issuerId), 'issuer') }),
    name: t.exposeString('name'),
    type: t.exposeString('type', { description: 'external (OIDC application) or m2m (service).' }),
    confidential: t.exposeBoolean('confidential'),
    applicationType: t.exposeString('applicationType'),
    tokenEndpointAuthMethod: t.exposeString('tokenEndpointAuthMethod'),
    grantTypes: t.exposeStringList('grantTypes'),
    redirectUris: t.exposeStringList('redirectUris'),
    postLogoutRedirectUris: t.exposeStringList('postLogoutRedirectUris'),
    allowedOrigins: t.exposeStringList('allowedOrigins', {
      description:
        'Web origins whose pages may call the token, revocation, introspection and userinfo endpoints (CORS). Default for SPAs and public clients: the origins of their redirect URIs.',
    }),
    scopes: t.exposeStringList('scopes'),
    secretPrefix: t.exposeString('secretPrefix', {
      nullable: true,
      description: 'First characters of the secret, to tell secrets apart. The secret itself is never readable again.',
    }),
    previousSecretExpiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'After a rotation, until when the previous secret still works (null when it does not).',
      resolve: (c) => (c.previousSecretHash ? c.previousSecretExpiresAt : null),
    }),
    jwks: t.expose('jwks', { type: 'JSONObject', nullable: true, description: 'Public keys for private_key_jwt client authentication.' }),
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'The organization an M2M client acts in: its tokens carry org_id while the organization is active.',
      resolve: (c, _args, ctx) => (c.organizationId ? ctx.loaders.organization.load(c.organizationId) : null),
    }),
    accessTokenTtlSeconds: t.exposeInt('accessTokenTtlSeconds', { nullable: true }),
    dpopBoundAccessTokens: t.exposeBoolean('dpopBoundAccessTokens', {
      description: 'RFC 9449 §5.2: every token request must carry a DPoP proof, so its tokens are always sender-constrained.',
    }),
    idTokenSignedResponseAlg: t.exposeString('idTokenSignedResponseAlg', {
      nullable: true,
      description: "The JWS alg of this client's ID tokens (OIDC id_token_signed_response_alg); null: the issuer's signingAlg.",
    }),
    metadata: t.expose('metadata', { type: 'JSONObject' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const ClientTypeEnum = builder.enumType('ClientType', { values: { EXTERNAL: { value: 'external' }, M2M: { value: 'm2m' } } as const });
const ApplicationTypeEnum = builder.enumType('ApplicationType', {
  values: { WEB: { value: 'web' }, NATIVE: { value: 'native' }, SPA: { value: 'spa' } } as const,
});
const GrantTypeEnum = builder.enumType('GrantType', {
  values: {
    AUTHORIZATION_CODE: { value: 'authorization_code' },
    REFRESH_TOKEN: { value: 'refresh_token' },
    CLIENT_CREDENTIALS: { value: 'client_credentials' },
  } as const,
});
const TokenEndpointAuthMethodEnum = builder.enumType('TokenEndpointAuthMethod', {
  values: {
    CLIENT_SECRET_BASIC: { value: 'client_secret_basic' },
    CLIENT_SECRET_POST: { value: 'client_secret_post' },
    PRIVATE_KEY_JWT: { value: 'private_key_jwt' },
    NONE: { value: 'none' },
  } as const,
});

const CreateClientInput = builder.inputType('CreateClientInput', {
  fields: (t) => ({
    issuerId: t.id({ required: true }),
    name: t.string({ required: true }),
    type: t.field({ type: ClientTypeEnum }),
    confidential: t.boolean(),
    applicationType: t.field({ type: ApplicationTypeEnum }),
    grantTypes: t.field({ type: [GrantTypeEnum] }),
    redirectUris: t.stringList({
      description:
        'Matched exactly (an http loopback IP literal on any port, RFC 8252 §7.3). No fragment, wildcard or userinfo; https, http on loopback, or (native apps) a private-use scheme.',
    }),
    postLogoutRedirectUris: t.stringList({ description: 'Same rules as redirectUris.' }),
    allowedOrigins: t.stringList({
      description: 'CORS origins (https://host[:port]). Default: for SPAs and public clients, the origins of redirectUris; else none.',
    }),
    scopes: t.stringList({ description: 'OIDC scopes (openid, profile, email, offline_access) and resource:action scopes.' }),
    tokenEndpointAuthMethod: t.field({ type: TokenEndpointAuthMethodEnum }),
    accessTokenTtlSeconds: t.int(),
    dpopBoundAccessTokens: t.boolean({ description: 'RFC 9449 §5.2: require a DPoP proof on every token request (default false).' }),
    idTokenSignedResponseAlg: t.field({
      type: SigningAlgEnum,
      description:
        "The JWS alg of the client's ID tokens (OIDC id_token_signed_response_alg), e.g. RS256 for relying parties that verify nothing else. Default: the issuer's signingAlg. Only for authorization_code clients.",
    }),
    jwks: t.field({
      type: 'JSONObject',
      description:
        'Public JWK Set ({ keys: [...] }) for private_key_jwt; implies that method when none is named. Such a client gets no secret.',
    }),
    organizationId: t.id({ description: 'For client_credentials clients: the organization (same issuer) the client acts in.' }),
    metadata: t.field({ type: 'JSONObject' }),
  }),
});

const CreateClientPayload = builder.objectRef<{ client: Client; secret: string | null }>('CreateClientPayload').implement({
  fields: (t) => ({
    client: t.field({ type: ClientRef, resolve: (p) => p.client }),
    secret: t.exposeString('secret', {
      nullable: true,
      description: 'Shown only in this response (null for public and private_key_jwt clients). Stored as a hash.',
    }),
  }),
});

builder.mutationField('createClient', (t) =>
  t.field({
    type: CreateClientPayload,
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: CreateClientInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.clients.create(ctx.viewer, input),
  }),
);

const RotateClientSecretInput = builder.inputType('RotateClientSecretInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    overlapSeconds: t.int({ description: 'How long the previous secret keeps working (default 3600, 0 to end it now, at most 7 days).' }),
  }),
});

const RotateClientSecretPayload = builder
  .objectRef<{ client: Client; secret: string; previousSecretExpiresAt: Date | null }>('RotateClientSecretPayload')
  .implement({
    fields: (t) => ({
      client: t.field({ type: ClientRef, resolve: (p) => p.client }),
      secret: t.exposeString('secret', { description: 'The new secret, shown only in this response. Stored as a hash.' }),
      previousSecretExpiresAt: t.expose('previousSecretExpiresAt', { type: 'DateTime', nullable: true }),
    }),
  });

builder.mutationField('rotateClientSecret', (t) =>
  t.field({
    type: RotateClientSecretPayload,
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError, InvalidStateError, ConflictError] },
    args: { input: t.arg({ type: RotateClientSecretInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.clients.rotateSecret(ctx.viewer, input),
  }),
);

const UpdateClientInput = builder.inputType('UpdateClientInput', {
  description: 'The registration fields to change; absent ones stay as they are.',
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string(),
    redirectUris: t.stringList({ description: 'Replaces the list (same rules as on createClient).' }),
    postLogoutRedirectUris: t.stringList({ description: 'Replaces the list.' }),
    allowedOrigins: t.stringList({
      description: 'Replaces the list. When absent and redirectUris change, origins that were the default follow the new redirect URIs.',
    }),
    scopes: t.stringList({ description: 'Replaces the list.' }),
    grantTypes: t.field({ type: [GrantTypeEnum], description: 'Replaces the list.' }),
    accessTokenTtlSeconds: t.int({ description: "null: the issuer's default." }),
    idTokenSignedResponseAlg: t.field({
      type: SigningAlgEnum,
      description: "null: the issuer's signingAlg. Its key is published before the change answers.",
    }),
    dpopBoundAccessTokens: t.boolean({ description: 'RFC 9449 §5.2: require a DPoP proof on every token request.' }),
    metadata: t.field({ type: 'JSONObject', description: 'Replaces the metadata.' }),
  }),
});

const UpdateClientPayload = builder.objectRef<{ client: Client; changed: string[] }>('UpdateClientPayload').implement({
  fields: (t) => ({
    client: t.field({ type: ClientRef, resolve: (p) => p.client }),
    changed: t.stringList({
      description: 'The fields that changed (empty: the input changed nothing, and no event was written).',
      resolve: (p) => p.changed,
    }),
  }),
});

builder.mutationField('updateClient', (t) =>
  t.field({
    type: UpdateClientPayload,
    authScopes: ACCOUNT_ONLY,
    description:
      "Changes a client's registration and emits client.updated in the same transaction. A wrong redirect URI no longer means a new client.",
    errors: { types: [ValidationError, NotFoundError, ConflictError] },
    args: { input: t.arg({ type: UpdateClientInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.clients.update(ctx.viewer, input),
  }),
);
