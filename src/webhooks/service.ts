/**
 * Webhook endpoints: registration (URL checked against SSRF, exact event types, signing secret
 * shown once and sealed at rest), update, disable/enable, delete, secret rotation with an overlap
 * during which both secrets sign, test events, and manual redelivery of one delivery. Every change
 * writes its event in the same transaction. Account keys only, for now.
 * @module
 */
import * as z from 'zod';
import { randomBytes } from 'node:crypto';
import { newId } from '../lib/ids.js';
import type { Clock } from '../lib/clock.js';
import type { Tx } from '../data/database.js';
import type { WebhookEndpoint } from '../generated/prisma/client.js';
import { EVENT_TYPES, METERED_EVENT_TYPES, type EventType, type RecordEvent } from '../domain/events.js';
import { InvalidStateError, NotFoundError, ValidationError } from '../domain/errors.js';
import { eventData } from '../domain/event-payloads.js';
import { visible } from '../domain/authorization/visibility.js';
import { parseInput, idOf } from '../domain/validation.js';
import { actorOf, type Actor, type Viewer } from '../domain/viewer.js';
import type { ServiceDeps } from '../domain/deps.js';
import { checkWebhookUrl, UnsafeWebhookUrl, MAX_WEBHOOK_URL_LENGTH, type ResolveAll } from './ssrf.js';
import { TEST_EVENT_TYPE } from './fan-out.js';

/** Random bytes in a signing secret (Standard Webhooks asks for at least 24). */
const SECRET_BYTES = 32;
const MAX_EVENT_TYPES = 100;

/** Event types an endpoint may subscribe to: every type except the metered per-request ones. */
export const SUBSCRIBABLE_EVENT_TYPES: readonly EventType[] = EVENT_TYPES.filter((t) => !METERED_EVENT_TYPES.has(t));

/** A new Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(SECRET_BYTES).toString('base64')}`;
}

const eventTypeList = z
  .array(z.string().max(100))
  .min(1, 'subscribe to at least one event type')
  .max(MAX_EVENT_TYPES)
  .superRefine((types, ctx) => {
    types.forEach((type, i) => {
      if (!(EVENT_TYPES as readonly string[]).includes(type))
        ctx.addIssue({ code: 'custom', path: [i], message: `unknown event type "${type.slice(0, 100)}"` });
      else if (METERED_EVENT_TYPES.has(type as EventType))
        ctx.addIssue({ code: 'custom', path: [i], message: `${type} is a metered per-request event: it is never sent to webhooks` });
    });
  })
  .transform((types) => [...new Set(types)]);

const description = z.string().trim().max(500);
const url = z.string().max(MAX_WEBHOOK_URL_LENGTH * 2);

const CreateEndpoint = z.object({
  url,
  eventTypes: eventTypeList,
  description: description.nullish(),
  organizationId: idOf('organization').nullish(),
  issuerId: idOf('issuer').nullish(),
});

const UpdateEndpoint = z.object({
  id: idOf('webhookEndpoint'),
  url: url.optional(),
  eventTypes: eventTypeList.optional(),
  description: description.nullish(),
});

const ById = z.object({ id: idOf('webhookEndpoint') });
const Disable = z.object({ id: idOf('webhookEndpoint'), reason: z.string().trim().max(500).nullish() });
const SendTest = z.object({ endpointId: idOf('webhookEndpoint') });
const DeliveryById = z.object({ id: idOf('webhookDelivery') });

function eventScope(endpoint: WebhookEndpoint) {
  return { accountId: endpoint.accountId, issuerId: endpoint.issuerId, organizationId: endpoint.organizationId, subject: endpoint.id };
}

/**
 * Disables an enabled endpoint inside the caller's transaction: its pending deliveries fail (they
 * can be redelivered one by one after enabling), and webhook-endpoint.disabled is written.
 * Returns null when the endpoint was not enabled (someone else disabled it first).
 */
export async function disableEndpointInTx(
  tx: Tx,
  deps: { clock: Clock; recordEvent: RecordEvent },
  endpoint: WebhookEndpoint,
  reason: string,
  actor: Actor,
  options: { automatic: boolean } = { automatic: false },
): Promise<WebhookEndpoint | null> {
  const now = deps.clock.now();
  const { count } = await tx.webhookEndpoint.updateMany({
    where: { id: endpoint.id, status: 'enabled' },
    data: { status: 'disabled', disabledAt: now, disabledReason: reason },
  });
  if (count === 0) return null;
  const disabled = await tx.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
  const { count: cancelled } = await tx.webhookDelivery.updateMany({
    where: { endpointId: endpoint.id, status: 'pending' },
    data: { status: 'failed', nextAttemptAt: null, lockedUntil: null },
  });
  await deps.recordEvent(tx, {
    type: 'webhook-endpoint.disabled',
    ...eventScope(disabled),
    actor,
    data: eventData('webhook-endpoint.disabled', {
      endpoint: disabled,
      reason,
      automatic: options.automatic,
      cancelledDeliveries: cancelled,
    }),
  });
  return disabled;
}

export interface WebhookServiceOptions {
  /** DNS resolution for the registration check (tests); node:dns otherwise */
  resolve?: ResolveAll;
}

export function createWebhookService(deps: ServiceDeps, options: WebhookServiceOptions = {}) {
  const { prisma, clock, recordEvent, sealer, config } = deps;

  async function checkedUrl(raw: string): Promise<string> {
    try {
      return await checkWebhookUrl(raw, { allowPrivateNetworks: config.webhooks.allowPrivateNetworks, resolve: options.resolve });
    } catch (error) {
      if (error instanceof UnsafeWebhookUrl) throw new ValidationError([{ path: 'url', message: error.message }]);
      throw error;
    }
  }

  /** The issuer/organization scope of a new endpoint, checked against the account. */
  async function scopeOf(viewer: Viewer, organizationId: string | null, issuerId: string | null) {
    if (organizationId) {
      const org = await prisma.organization.findFirst({
        where: { id: organizationId, issuer: { accountId: viewer.accountId } },
        select: { issuerId: true },
      });
      if (!org) throw new NotFoundError('Organization', organizationId);
      if (issuerId && issuerId !== org.issuerId)
        throw new ValidationError([{ path: 'issuerId', message: 'the organization belongs to another issuer' }]);
      return { organizationId, issuerId: org.issuerId };
    }
    if (issuerId) {
      const issuer = await prisma.issuer.findFirst({ where: { id: issuerId, accountId: viewer.accountId }, select: { id: true } });
      if (!issuer) throw new NotFoundError('Issuer', issuerId);
    }
    return { organizationId: null, issuerId };
  }

  async function requireEndpoint(viewer: Viewer, id: string): Promise<WebhookEndpoint> {
    const endpoint = await prisma.webhookEndpoint.findFirst({ where: { id, AND: [visible.webhookEndpoint(viewer)] } });
    if (!endpoint) throw new NotFoundError('Webhook endpoint', id);
    return endpoint;
  }

  function sealSecret(endpointId: string, secret: string) {
    return sealer.seal(secret, endpointId);
  }

  return {
    requireEndpoint,

    /**
     * Registers an endpoint for exact event types, optionally confined to one issuer or
     * organization. The signing secret is returned only here; it is stored sealed.
     */
    async create(viewer: Viewer, input: unknown): Promise<{ webhookEndpoint: WebhookEndpoint; secret: string }> {
      const data = parseInput(CreateEndpoint, input);
      const scope = await scopeOf(viewer, data.organizationId ?? null, data.issuerId ?? null);
      const href = await checkedUrl(data.url);
      const id = newId('webhookEndpoint');
      const secret = newWebhookSecret();
      return prisma.$transaction(async (tx) => {
        const endpoint = await tx.webhookEndpoint.create({
          data: {
            id,
            accountId: viewer.accountId,
            ...scope,
            url: href,
            description: data.description || null,
            eventTypes: data.eventTypes,
            secretEnc: sealSecret(id, secret),
          },
        });
        await recordEvent(tx, {
          type: 'webhook-endpoint.created',
          ...eventScope(endpoint),
          actor: actorOf(viewer),
          data: eventData('webhook-endpoint.created', { endpoint }),
        });
        return { webhookEndpoint: endpoint, secret };
      });
    },

    /** Changes the URL (checked again), the event types or the description. */
    async update(viewer: Viewer, input: unknown): Promise<WebhookEndpoint> {
      const { id, url: rawUrl, eventTypes, description: text } = parseInput(UpdateEndpoint, input);
      await requireEndpoint(viewer, id);
      const href = rawUrl === undefined ? undefined : await checkedUrl(rawUrl);
      const changes = {
        ...(href !== undefined ? { url: href } : {}),
        ...(eventTypes !== undefined ? { eventTypes } : {}),
        ...(text !== undefined ? { description: text || null } : {}),
      };
      return prisma.$transaction(async (tx) => {
        const endpoint = await tx.webhookEndpoint.update({ where: { id }, data: changes });
        await recordEvent(tx, {
          type: 'webhook-endpoint.updated',
          ...eventScope(endpoint),
          actor: actorOf(viewer),
          data: eventData('webhook-endpoint.updated', { endpoint, changed: Object.keys(changes) }),
        });
        return endpoint;
      });
    },

    /** Stops deliveries to the endpoint; its pending deliveries fail. INVALID_STATE when disabled already. */
    async disable(viewer: Viewer, input: unknown): Promise<WebhookEndpoint> {
      const { id, reason } = parseInput(Disable, input);
      const endpoint = await requireEndpoint(viewer, id);
      if (endpoint.status === 'disabled')
        throw new InvalidStateError('WEBHOOK_ENDPOINT_ALREADY_DISABLED', 'The webhook endpoint is disabled already.');
      return prisma.$transaction(async (tx) => {
        const disabled = await disableEndpointInTx(
          tx,
          { clock, recordEvent },
          endpoint,
          reason || 'disabled by the owner',
          actorOf(viewer),
        );
        if (!disabled) throw new InvalidStateError('WEBHOOK_ENDPOINT_ALREADY_DISABLED', 'The webhook endpoint is disabled already.');
        return disabled;
      });
    },

    /** Enables a disabled endpoint with fresh failure counters. INVALID_STATE when enabled already. */
    async enable(viewer: Viewer, input: unknown): Promise<WebhookEndpoint> {
      const { id } = parseInput(ById, input);
      await requireEndpoint(viewer, id);
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.webhookEndpoint.updateMany({
          where: { id, status: 'disabled' },
          data: { status: 'enabled', disabledAt: null, disabledReason: null, consecutiveFailures: 0, failingSince: null },
        });
        if (count === 0) throw new InvalidStateError('WEBHOOK_ENDPOINT_ALREADY_ENABLED', 'The webhook endpoint is enabled already.');
        const endpoint = await tx.webhookEndpoint.findUniqueOrThrow({ where: { id } });
        await recordEvent(tx, {
          type: 'webhook-endpoint.enabled',
          ...eventScope(endpoint),
          actor: actorOf(viewer),
          data: eventData('webhook-endpoint.enabled', { endpoint }),
        });
        return endpoint;
      });
    },

    /** Deletes the endpoint with its deliveries and attempts. */
    async delete(viewer: Viewer, input: unknown): Promise<WebhookEndpoint> {
      const { id } = parseInput(ById, input);
      const endpoint = await requireEndpoint(viewer, id);
      return prisma.$transaction(async (tx) => {
        const deliveries = await tx.webhookDelivery.count({ where: { endpointId: id } });
        await tx.webhookEndpoint.delete({ where: { id } });
        await recordEvent(tx, {
          type: 'webhook-endpoint.deleted',
          ...eventScope(endpoint),
          actor: actorOf(viewer),
          data: eventData('webhook-endpoint.deleted', { endpoint, removed: { deliveries } }),
        });
        return endpoint;
      });
    },

    /**
     * A new signing secret, returned only here. The previous one keeps signing next to it (two
     * signatures in webhook-signature) for WEBHOOK_SECRET_OVERLAP_HOURS, so receivers can switch.
     */
    async rotateSecret(viewer: Viewer, input: unknown): Promise<{ webhookEndpoint: WebhookEndpoint; secret: string }> {
      const { id } = parseInput(ById, input);
      await requireEndpoint(viewer, id);
      const secret = newWebhookSecret();
      return prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT id FROM "WebhookEndpoint" WHERE id = ${id} FOR UPDATE`;
        const current = await tx.webhookEndpoint.findUniqueOrThrow({ where: { id } });
        const previousSecretExpiresAt = new Date(clock.now().getTime() + config.webhooks.secretOverlapMs);
        const endpoint = await tx.webhookEndpoint.update({
          where: { id },
          data: { secretEnc: sealSecret(id, secret), previousSecretEnc: current.secretEnc, previousSecretExpiresAt },
        });
        await recordEvent(tx, {
          type: 'webhook-endpoint.secret-rotated',
          ...eventScope(endpoint),
          actor: actorOf(viewer),
          data: eventData('webhook-endpoint.secret-rotated', { id, previousSecretExpiresAt }),
        });
        return { webhookEndpoint: endpoint, secret };
      });
    },

    /**
     * Writes a webhook-endpoint.test event addressed to this endpoint only; it reaches the
     * endpoint through the outbox like any other event. INVALID_STATE for a disabled endpoint.
     */
    async sendTest(viewer: Viewer, input: unknown): Promise<{ webhookEndpoint: WebhookEndpoint; eventId: string }> {
      const { endpointId } = parseInput(SendTest, input);
      const endpoint = await requireEndpoint(viewer, endpointId);
      if (endpoint.status !== 'enabled')
        throw new InvalidStateError('WEBHOOK_ENDPOINT_DISABLED', 'The webhook endpoint is disabled: enable it first.');
      return prisma.$transaction(async (tx) => {
        const eventId = await recordEvent(tx, {
          type: TEST_EVENT_TYPE,
          ...eventScope(endpoint),
          actor: actorOf(viewer),
          data: eventData('webhook-endpoint.test', {
            endpointId,
            url: endpoint.url,
            message: 'A test event from Authgraph: your endpoint receives and verifies webhooks.',
          }),
        });
        return { webhookEndpoint: endpoint, eventId };
      });
    },

    /**
     * Queues one more attempt of a delivery now, whatever its status: the same webhook-id, with
     * a fresh timestamp and signature. INVALID_STATE while an attempt is in flight or when the
     * endpoint is disabled.
     */
    async redeliver(viewer: Viewer, input: unknown) {
      const { id } = parseInput(DeliveryById, input);
      const delivery = await prisma.webhookDelivery.findFirst({
        where: { id, AND: [visible.webhookDelivery(viewer)] },
        include: { endpoint: { select: { status: true } } },
      });
      if (!delivery) throw new NotFoundError('Webhook delivery', id);
      if (delivery.endpoint.status !== 'enabled')
        throw new InvalidStateError('WEBHOOK_ENDPOINT_DISABLED', 'The webhook endpoint is disabled: enable it first.');
      const now = clock.now();
      const { count } = await prisma.webhookDelivery.updateMany({
        where: { id, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
        data: { status: 'pending', nextAttemptAt: now, lockedUntil: null },
      });
      if (count === 0) throw new InvalidStateError('WEBHOOK_DELIVERY_IN_PROGRESS', 'The delivery is being attempted right now.');
      return prisma.webhookDelivery.findUniqueOrThrow({ where: { id } });
    },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
