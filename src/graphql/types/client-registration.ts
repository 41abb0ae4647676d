/**
 * How a client registered (createClient, Client ID Metadata Document, RFC 7591) and the operator's
 * brake: `blockClient` / `unblockClient` (src/domain/client-registration.ts).
 * @module
 */
import { builder } from '../builder.js';
import { ValidationError, NotFoundError, InvalidStateError } from '../../domain/errors.js';
import { ACCOUNT_ONLY } from '../shared.js';
import { ClientRef } from './client.js';
import type { Client } from '../../generated/prisma/client.js';

const ClientRegistrationTypeEnum = builder.enumType('ClientRegistrationType', {
  values: {
    REGISTERED: { value: 'registered' },
    METADATA_DOCUMENT: { value: 'metadata_document' },
    DYNAMIC: { value: 'dynamic' },
  } as const,
});

builder.prismaObjectFields('Client', (t) => ({
  registrationType: t.field({
    type: ClientRegistrationTypeEnum,
    description:
      'REGISTERED (createClient), METADATA_DOCUMENT (its client_id is an https URL to a Client ID Metadata Document) or DYNAMIC (RFC 7591).',
    resolve: (c) => c.registrationType as 'registered' | 'metadata_document' | 'dynamic',
  }),
  metadataDocumentUrl: t.exposeString('metadataDocumentUrl', {
    nullable: true,
    description: 'For METADATA_DOCUMENT clients: the URL, which is the client_id the client presents.',
  }),
  metadataDocumentExpiresAt: t.expose('metadataDocumentExpiresAt', {
    type: 'DateTime',
    nullable: true,
    description: 'Until when the fetched document is fresh (HTTP caching).',
  }),
  thirdParty: t.exposeBoolean('thirdParty', {
    description: 'Users consent before it gets a code (always true for self-registered clients).',
  }),
  blockedAt: t.expose('blockedAt', {
    type: 'DateTime',
    nullable: true,
    description: 'Set while blocked: the client signs nobody in and gets no token.',
  }),
}));

const BlockClientInput = builder.inputType('BlockClientInput', {
  fields: (t) => ({ id: t.id({ required: true }), reason: t.string({ description: 'A note for the event (at most 500 characters).' }) }),
});
const UnblockClientInput = builder.inputType('UnblockClientInput', { fields: (t) => ({ id: t.id({ required: true }) }) });
const ClientPayload = (name: string) =>
  builder.objectRef<Client>(name).implement({ fields: (t) => ({ client: t.field({ type: ClientRef, resolve: (c) => c }) }) });
const BlockClientPayload = ClientPayload('BlockClientPayload');
const UnblockClientPayload = ClientPayload('UnblockClientPayload');

builder.mutationFields((t) => ({
  blockClient: t.field({
    type: BlockClientPayload,
    authScopes: ACCOUNT_ONLY,
    description: 'Blocks a client however it registered: every OAuth endpoint treats it as unknown from now on. Emits client.blocked.',
    errors: { types: [ValidationError, NotFoundError, InvalidStateError] },
    args: { input: t.arg({ type: BlockClientInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.clientRegistration.block(ctx.viewer, input),
  }),
  unblockClient: t.field({
    type: UnblockClientPayload,
    authScopes: ACCOUNT_ONLY,
    description: 'Lifts a block. Emits client.unblocked.',
    errors: { types: [ValidationError, NotFoundError, InvalidStateError] },
    args: { input: t.arg({ type: UnblockClientInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.clientRegistration.unblock(ctx.viewer, input),
  }),
}));
