/**
 * Webhook fan-out: turns committed events into delivery rows, one per (endpoint, event). The
 * outbox relay calls it inside the transaction that advances its cursor, so an event fans out
 * exactly once; the unique (endpointId, eventId) pair makes a repeated call harmless anyway.
 * @module
 */
import type { Event } from '../generated/prisma/client.js';
import type { PrismaClient, Tx } from '../data/database.js';
import { METERED_EVENT_TYPES, type EventType } from '../domain/events.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';

/** An event as the relay reads it from the outbox (the `Event` row). */
export type OutboxEvent = Event;

export const TEST_EVENT_TYPE = 'webhook-endpoint.test' satisfies EventType;

/** Metered per-request events never fan out, whatever their row says. */
export function isMetered(event: Pick<Event, 'type' | 'metered'>): boolean {
  return event.metered || METERED_EVENT_TYPES.has(event.type as EventType);
}

/** The endpoint a `webhook-endpoint.test` event is addressed to (its data.endpointId). */
export function testTarget(event: Pick<Event, 'data'>): string | null {
  const data = event.data;
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const id = (data as Record<string, unknown>).endpointId;
    if (typeof id === 'string') return id;
  }
  return null;
}

interface EndpointScope {
  id: string;
  accountId: string;
  issuerId: string | null;
  organizationId: string | null;
  eventTypes: string[];
}

/** True when an enabled endpoint takes this event: exact type, and its issuer/organization scope (when set) matches. */
function takes(endpoint: EndpointScope, event: OutboxEvent): boolean {
  if (endpoint.accountId !== event.accountId) return false;
  if (event.type === TEST_EVENT_TYPE) return testTarget(event) === endpoint.id;
  if (!endpoint.eventTypes.includes(event.type)) return false;
  if (endpoint.organizationId !== null && endpoint.organizationId !== event.organizationId) return false;
  if (endpoint.issuerId !== null && endpoint.issuerId !== event.issuerId) return false;
  return true;
}

export function createWebhookFanOut(deps: { prisma?: PrismaClient; clock?: Clock }) {
  const clock = deps.clock ?? systemClock;

  /**
   * Inserts a pending delivery, due now, for every enabled endpoint that takes each event
   * (deliveries that exist already are skipped).
   */
  return async function fanOut(tx: Tx, events: readonly OutboxEvent[]): Promise<void> {
    let candidates = events.filter((e) => !isMetered(e));
    if (candidates.length === 0) return;
    // the events of an account's system issuer (operators' sign-ins, invitations, addresses) go
    // to no endpoint, as they are read by no credential (authorization/visibility.ts visible.event)
    const issuerIds = [...new Set(candidates.map((e) => e.issuerId).filter((id): id is string => id !== null))];
    if (issuerIds.length) {
      const systems = await tx.issuer.findMany({ where: { id: { in: issuerIds }, system: true }, select: { id: true } });
      const hidden = new Set(systems.map((i) => i.id));
      if (hidden.size) candidates = candidates.filter((e) => e.issuerId === null || !hidden.has(e.issuerId));
      if (candidates.length === 0) return;
    }
    const accountIds = [...new Set(candidates.map((e) => e.accountId))];
    const types = [...new Set(candidates.map((e) => e.type).filter((t) => t !== TEST_EVENT_TYPE))];
    const testTargets = candidates
      .filter((e) => e.type === TEST_EVENT_TYPE)
      .map(testTarget)
      .filter((id): id is string => id !== null);
    if (types.length === 0 && testTargets.length === 0) return;
    const endpoints = await tx.webhookEndpoint.findMany({
      where: {
        accountId: { in: accountIds },
        status: 'enabled',
        OR: [...(types.length ? [{ eventTypes: { hasSome: types } }] : []), ...(testTargets.length ? [{ id: { in: testTargets } }] : [])],
      },
      select: { id: true, accountId: true, issuerId: true, organizationId: true, eventTypes: true },
    });
    if (endpoints.length === 0) return;
    const now = clock.now();
    const rows = candidates.flatMap((event) =>
      endpoints
        .filter((endpoint) => takes(endpoint, event))
        .map((endpoint) => ({
          id: newId('webhookDelivery'),
          endpointId: endpoint.id,
          eventId: event.id,
          status: 'pending' as const,
          nextAttemptAt: now,
        })),
    );
    if (rows.length > 0) await tx.webhookDelivery.createMany({ data: rows, skipDuplicates: true });
  };
}

export type WebhookFanOut = ReturnType<typeof createWebhookFanOut>;
