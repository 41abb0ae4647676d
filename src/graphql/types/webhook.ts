/**
 * Webhooks: endpoints, their deliveries and every attempt, root fields and mutations. Account keys
 * only, for now (tenancy: visible.webhookEndpoint / visible.webhookDelivery).
 * @module
 */
import { builder } from '../builder.js';
import { Prisma } from '../../generated/prisma/client.js';
import { childConnection, rootConnection, type ChildFilter } from '../keyset.js';
import { DELIVERIES_OF_WEBHOOK_ENDPOINT, totalCountOf } from '../connections.js';
import { required } from '../loaders.js';
import { EventRef } from './event.js';
import { ValidationError, NotFoundError, InvalidStateError } from '../../domain/errors.js';
import { visible } from '../../domain/authorization/visibility.js';
import { isIdOf } from '../../lib/ids.js';
import { ACCOUNT_ONLY } from '../shared.js';
import { SUBSCRIBABLE_EVENT_TYPES } from '../../webhooks/service.js';
import type { WebhookDelivery, WebhookEndpoint } from '../../generated/prisma/client.js';

const WebhookEndpointStatusEnum = builder.enumType('WebhookEndpointStatus', {
  values: { ENABLED: { value: 'enabled' }, DISABLED: { value: 'disabled' } } as const,
});

const WebhookDeliveryStatusEnum = builder.enumType('WebhookDeliveryStatus', {
  values: {
    PENDING: { value: 'pending', description: 'Waiting for its first or next attempt (nextAttemptAt).' },
    SUCCEEDED: { value: 'succeeded', description: 'The endpoint answered 2xx.' },
    FAILED: { value: 'failed', description: 'Retries exhausted, 410 Gone, or the endpoint was disabled.' },
  } as const,
});

export const WebhookAttemptRef = builder.prismaObject('WebhookAttempt', {
  description: 'One HTTP attempt of a delivery.',
  fields: (t) => ({
    id: t.exposeID('id'),
    attemptNumber: t.exposeInt('attemptNumber', { description: '1 for the first attempt; redeliveries continue the count.' }),
    statusCode: t.exposeInt('statusCode', {
      nullable: true,
      description: 'The HTTP status the endpoint answered; null when there was no answer (timeout, refused connection).',
    }),
    succeeded: t.boolean({ resolve: (a) => a.statusCode !== null && a.statusCode >= 200 && a.statusCode < 300 }),
    latencyMs: t.exposeInt('latencyMs'),
    responseExcerpt: t.exposeString('responseExcerpt', { nullable: true, description: 'The first 1 KiB of the response body.' }),
    error: t.exposeString('error', {
      nullable: true,
      description: 'Why the attempt failed without a usable answer (timeout, refused address, redirect, …).',
    }),
    attemptedAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const WebhookDeliveryRef = builder.prismaNode('WebhookDelivery', {
  id: { field: 'id' },
  nullable: true,
  description: 'One event on its way to one endpoint. Every attempt carries the event id as webhook-id.',
  findUnique: (id, ctx) => ({ id, AND: [visible.webhookDelivery(ctx.viewer)] }),
  fields: (t) => ({
    endpoint: t.prismaField({
      type: 'WebhookEndpoint',
      resolve: (_query, d, _args, ctx) => required(ctx.loaders.webhookEndpoint.load(d.endpointId), 'webhook endpoint'),
    }),
    eventId: t.exposeID('eventId', { description: 'Also the webhook-id header and the CloudEvents id of every attempt.' }),
    eventType: t.string({ resolve: async (d, _args, ctx) => (await required(ctx.loaders.event.load(d.eventId), 'event')).type }),
    event: t.field({ type: EventRef, nullable: true, resolve: (d, _args, ctx) => ctx.loaders.event.load(d.eventId) }),
    status: t.expose('status', { type: WebhookDeliveryStatusEnum }),
    attemptCount: t.exposeInt('attemptCount'),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', nullable: true }),
    lastStatusCode: t.exposeInt('lastStatusCode', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    attempts: t.field({
      type: [WebhookAttemptRef],
      description: 'Oldest first.',
      resolve: (d, _args, ctx) => ctx.loaders.attemptsOfDelivery.load(d.id),
    }),
  }),
});

export const WebhookEndpointRef = builder.prismaNode('WebhookEndpoint', {
  id: { field: 'id' },
  nullable: true,
  description: 'An HTTPS receiver of CloudEvents 1.0 JSON signed per Standard Webhooks, subscribed to exact event types.',
  findUnique: (id, ctx) => ({ id, AND: [visible.webhookEndpoint(ctx.viewer)] }),
  fields: (t) => ({
    url: t.exposeString('url'),
    description: t.exposeString('description', { nullable: true }),
    eventTypes: t.exposeStringList('eventTypes', { description: 'Exact event types delivered to this endpoint.' }),
    issuer: t.prismaField({
      type: 'Issuer',
      nullable: true,
      description: 'When set, only events of this issuer are delivered.',
      resolve: (_query, e, _args, ctx) => (e.issuerId ? ctx.loaders.issuer.load(e.issuerId) : null),
    }),
    organization: t.prismaField({
      type: 'Organization',
      nullable: true,
      description: 'When set, only events of this organization are delivered.',
      resolve: (_query, e, _args, ctx) => (e.organizationId ? ctx.loaders.organization.load(e.organizationId) : null),
    }),
    status: t.expose('status', { type: WebhookEndpointStatusEnum }),
    disabledAt: t.expose('disabledAt', { type: 'DateTime', nullable: true }),
    disabledReason: t.exposeString('disabledReason', { nullable: true }),
    consecutiveFailures: t.exposeInt('consecutiveFailures', { description: 'Failed attempts since the last success.' }),
    failingSince: t.expose('failingSince', {
      type: 'DateTime',
      nullable: true,
      description: 'First failure since the last success; the endpoint is disabled when this lasts too long.',
    }),
    previousSecretExpiresAt: t.expose('previousSecretExpiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'After a secret rotation, deliveries carry a second signature made with the previous secret until then.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    deliveries: t.connection(
      {
        type: WebhookDeliveryRef,
        authScopes: ACCOUNT_ONLY,
        description: 'Newest first.',
        args: { status: t.arg({ type: WebhookDeliveryStatusEnum }) },
        resolve: (endpoint, { status, ...args }, ctx) =>
          childConnection(ctx, DELIVERIES_OF_WEBHOOK_ENDPOINT, endpoint.id, args, deliveryStatusFilter(status ?? null)),
      },
      { fields: (tc) => ({ totalCount: tc.int({ resolve: totalCountOf }) }) },
    ),
  }),
});

/** The delivery status filter as SQL on the child rows. */
function deliveryStatusFilter(status: 'pending' | 'succeeded' | 'failed' | null): ChildFilter | null {
  if (!status) return null;
  return { key: `status=${status}`, sql: Prisma.sql`c.status = ${status}::"WebhookDeliveryStatus"` };
}

builder.queryFields((t) => ({
  webhookEndpoints: t.connection(
    {
      type: WebhookEndpointRef,
      authScopes: ACCOUNT_ONLY,
      description: "The account's webhook endpoints, oldest first.",
      resolve: async (_root, args, ctx) => ({
        ...(await rootConnection(args, 'webhookEndpoint', 'asc', (id, order, take) =>
          ctx.prisma.webhookEndpoint.findMany({
            where: { AND: [visible.webhookEndpoint(ctx.viewer), { id }] },
            orderBy: { id: order },
            take,
          }),
        )),
        totalCount: () => ctx.prisma.webhookEndpoint.count({ where: { AND: [visible.webhookEndpoint(ctx.viewer)] } }),
      }),
    },
    { fields: (tc) => ({ totalCount: tc.int({ resolve: totalCountOf }) }) },
  ),
  webhookEndpoint: t.field({
    type: WebhookEndpointRef,
    nullable: true,
    authScopes: ACCOUNT_ONLY,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) =>
      isIdOf('webhookEndpoint', id)
        ? ctx.prisma.webhookEndpoint.findFirst({ where: { id, AND: [visible.webhookEndpoint(ctx.viewer)] } })
        : null,
  }),
  webhookEventTypes: t.stringList({
    authScopes: ACCOUNT_ONLY,
    description: 'The event types a webhook endpoint can subscribe to (metered per-request events are never sent).',
    resolve: () => [...SUBSCRIBABLE_EVENT_TYPES],
  }),
}));

const CreateWebhookEndpointInput = builder.inputType('CreateWebhookEndpointInput', {
  fields: (t) => ({
    url: t.string({ required: true, description: 'http(s) URL of the receiver (https recommended); it must resolve to public addresses.' }),
    eventTypes: t.stringList({ required: true, description: 'Exact event types, e.g. organization.created (see webhookEventTypes).' }),
    description: t.string(),
    organizationId: t.id({ description: 'Deliver only events of this organization.' }),
    issuerId: t.id({ description: 'Deliver only events of this issuer.' }),
  }),
});

const UpdateWebhookEndpointInput = builder.inputType('UpdateWebhookEndpointInput', {
  description: 'Omitted fields stay as they are.',
  fields: (t) => ({
    id: t.id({ required: true }),
    url: t.string(),
    eventTypes: t.stringList(),
    description: t.string(),
  }),
});

const DisableWebhookEndpointInput = builder.inputType('DisableWebhookEndpointInput', {
  fields: (t) => ({ id: t.id({ required: true }), reason: t.string() }),
});
const EndpointIdInput = (name: string) => builder.inputType(name, { fields: (t) => ({ id: t.id({ required: true }) }) });
const SendTestEventInput = builder.inputType('SendTestEventInput', { fields: (t) => ({ endpointId: t.id({ required: true }) }) });
const RedeliverWebhookDeliveryInput = builder.inputType('RedeliverWebhookDeliveryInput', {
  fields: (t) => ({ id: t.id({ required: true }) }),
});

const EndpointWithSecretPayload = (name: string) =>
  builder.objectRef<{ webhookEndpoint: WebhookEndpoint; secret: string }>(name).implement({
    fields: (t) => ({
      webhookEndpoint: t.field({ type: WebhookEndpointRef, resolve: (p) => p.webhookEndpoint }),
      secret: t.exposeString('secret', {
        description: 'The signing secret (whsec_…), shown only in this response. Verify deliveries with a Standard Webhooks library.',
      }),
    }),
  });

const EndpointPayload = (name: string) =>
  builder.objectRef<{ webhookEndpoint: WebhookEndpoint }>(name).implement({
    fields: (t) => ({ webhookEndpoint: t.field({ type: WebhookEndpointRef, resolve: (p) => p.webhookEndpoint }) }),
  });

const DeleteWebhookEndpointPayload = builder.objectRef<{ deletedWebhookEndpointId: string }>('DeleteWebhookEndpointPayload').implement({
  fields: (t) => ({ deletedWebhookEndpointId: t.exposeID('deletedWebhookEndpointId') }),
});

const SendTestEventPayload = builder.objectRef<{ webhookEndpoint: WebhookEndpoint; eventId: string }>('SendTestEventPayload').implement({
  fields: (t) => ({
    webhookEndpoint: t.field({ type: WebhookEndpointRef, resolve: (p) => p.webhookEndpoint }),
    event: t.field({ type: EventRef, resolve: (p, _args, ctx) => required(ctx.loaders.event.load(p.eventId), 'event') }),
  }),
});

const RedeliverWebhookDeliveryPayload = builder
  .objectRef<{ webhookDelivery: WebhookDelivery }>('RedeliverWebhookDeliveryPayload')
  .implement({
    fields: (t) => ({ webhookDelivery: t.field({ type: WebhookDeliveryRef, resolve: (p) => p.webhookDelivery }) }),
  });

builder.mutationFields((t) => ({
  createWebhookEndpoint: t.field({
    type: EndpointWithSecretPayload('CreateWebhookEndpointPayload'),
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: CreateWebhookEndpointInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.webhooks.create(ctx.viewer, input),
  }),
  updateWebhookEndpoint: t.field({
    type: EndpointPayload('UpdateWebhookEndpointPayload'),
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: UpdateWebhookEndpointInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ webhookEndpoint: await ctx.services.webhooks.update(ctx.viewer, input) }),
  }),
  disableWebhookEndpoint: t.field({
    type: EndpointPayload('DisableWebhookEndpointPayload'),
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError, InvalidStateError] },
    args: { input: t.arg({ type: DisableWebhookEndpointInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ webhookEndpoint: await ctx.services.webhooks.disable(ctx.viewer, input) }),
  }),
  enableWebhookEndpoint: t.field({
    type: EndpointPayload('EnableWebhookEndpointPayload'),
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError, InvalidStateError] },
    args: { input: t.arg({ type: EndpointIdInput('EnableWebhookEndpointInput'), required: true }) },
    resolve: async (_root, { input }, ctx) => ({ webhookEndpoint: await ctx.services.webhooks.enable(ctx.viewer, input) }),
  }),
  deleteWebhookEndpoint: t.field({
    type: DeleteWebhookEndpointPayload,
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: EndpointIdInput('DeleteWebhookEndpointInput'), required: true }) },
    resolve: async (_root, { input }, ctx) => ({ deletedWebhookEndpointId: (await ctx.services.webhooks.delete(ctx.viewer, input)).id }),
  }),
  rotateWebhookSecret: t.field({
    type: EndpointWithSecretPayload('RotateWebhookSecretPayload'),
    authScopes: ACCOUNT_ONLY,
    description: 'A new signing secret, shown once. The previous one keeps signing next to it for the overlap (24 h by default).',
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: EndpointIdInput('RotateWebhookSecretInput'), required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.webhooks.rotateSecret(ctx.viewer, input),
  }),
  sendTestEvent: t.field({
    type: SendTestEventPayload,
    authScopes: ACCOUNT_ONLY,
    description: 'Writes a webhook-endpoint.test event that is delivered to this endpoint only.',
    errors: { types: [ValidationError, NotFoundError, InvalidStateError] },
    args: { input: t.arg({ type: SendTestEventInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.webhooks.sendTest(ctx.viewer, input),
  }),
  redeliverWebhookDelivery: t.field({
    type: RedeliverWebhookDeliveryPayload,
    authScopes: ACCOUNT_ONLY,
    description: 'Attempts one delivery again now: the same webhook-id, a fresh timestamp and signature.',
    errors: { types: [ValidationError, NotFoundError, InvalidStateError] },
    args: { input: t.arg({ type: RedeliverWebhookDeliveryInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ webhookDelivery: await ctx.services.webhooks.redeliver(ctx.viewer, input) }),
  }),
}));
