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

/**
 * How long the fan-out trusts its list of accounts with an enabled endpoint before reading it
 * again (ms). Every change that enables an endpoint records a `webhook-endpoint.*` event, which
 * reloads the list before its batch fans out; the TTL only covers rows written behind the API's back.
 */
const ENDPOINT_ACCOUNTS_TTL_MS = 5000;
const ENDPOINT_EVENT_PREFIX = 'webhook-endpoint.';

export function createWebhookFanOut(deps: { prisma?: PrismaClient; clock?: Clock }) {
  const clock = deps.clock ?? systemClock;
  const { prisma } = deps;
  let accounts: Set<string> | null = null;
  let loadedAt = 0;

  /**
   * Inserts a pending delivery, due now, for every enabled endpoint that takes each event
   * (deliveries that exist already are skipped). Returns how many it inserted.
   */
  async function fanOut(tx: Tx, events: readonly OutboxEvent[]): Promise<number> {
    const candidates = events.filter((e) => !isMetered(e));
    if (candidates.length === 0) return 0;
    const accountIds = [...new Set(candidates.map((e) => e.accountId))];
    const types = [...new Set(candidates.map((e) => e.type).filter((t) => t !== TEST_EVENT_TYPE))];
    const testTargets = candidates
      .filter((e) => e.type === TEST_EVENT_TYPE)
      .map(testTarget)
      .filter((id): id is string => id !== null);
    if (types.length === 0 && testTargets.length === 0) return 0;
    const endpoints = await tx.webhookEndpoint.findMany({
      where: {
        accountId: { in: accountIds },
        status: 'enabled',
        OR: [...(types.length ? [{ eventTypes: { hasSome: types } }] : []), ...(testTargets.length ? [{ id: { in: testTargets } }] : [])],
      },
      select: { id: true, accountId: true, issuerId: true, organizationId: true, eventTypes: true },
    });
    if (endpoints.length === 0) return 0;
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
    if (rows.length === 0) return 0;
    // the events of an account's system issuer (operators' sign-ins, invitations, addresses) go to
    // no endpoint, as no credential reads them (authorization/visibility.ts visible.event); looked
    // up only when a delivery would be made
    const byId = new Map(candidates.map((e) => [e.id, e]));
    const issuerIds = [...new Set(rows.map((r) => byId.get(r.eventId)?.issuerId).filter((id): id is string => !!id))];
    const hidden = issuerIds.length
      ? new Set((await tx.issuer.findMany({ where: { id: { in: issuerIds }, system: true }, select: { id: true } })).map((i) => i.id))
      : new Set<string>();
    const kept = hidden.size ? rows.filter((r) => !hidden.has(byId.get(r.eventId)?.issuerId ?? '')) : rows;
    if (kept.length === 0) return 0;
    return (await tx.webhookDelivery.createMany({ data: kept, skipDuplicates: true })).count;
  }

  /**
   * Whether any account of the batch has an enabled endpoint (else the relay skips the fan-out
   * and its transaction). The list of such accounts is kept in memory and read again when the
   * batch holds a `webhook-endpoint.*` event (committed with the endpoint change it records) or
   * after ENDPOINT_ACCOUNTS_TTL_MS.
   */
  async function wants(events: readonly OutboxEvent[]): Promise<boolean> {
    if (!prisma) return true;
    const candidates = events.filter((e) => !isMetered(e));
    if (candidates.length === 0) return false;
    if (!accounts || Date.now() - loadedAt > ENDPOINT_ACCOUNTS_TTL_MS || candidates.some((e) => e.type.startsWith(ENDPOINT_EVENT_PREFIX))) {
      const rows = await prisma.webhookEndpoint.findMany({
        where: { status: 'enabled' },
        select: { accountId: true },
        distinct: ['accountId'],
      });
      accounts = new Set(rows.map((r) => r.accountId));
      loadedAt = Date.now();
    }
    const known = accounts;
    return candidates.some((e) => known.has(e.accountId));
  }

  return Object.assign(fanOut, { wants });
}

export type WebhookFanOut = ReturnType<typeof createWebhookFanOut>;
