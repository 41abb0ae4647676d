/**
 * The event trail. Every mutation writes its event through `recordEvent` inside the same
 * transaction as the change (transactional outbox): no change without its event, no event
 * without its change. Events are CloudEvents-shaped: id, type, source, subject, time, data.
 * @module
 */
import { Prisma } from '../generated/prisma/client.js';
import type { Tx } from '../data/database.js';
import { newId } from '../lib/ids.js';
import type { Clock } from '../lib/clock.js';
import type { Actor } from './viewer.js';
import type { EventPayload } from './event-payloads.js';

export const EVENT_TYPES = [
  'issuer.created',
  'issuer.updated',
  'client.created',
  'client.updated',
  'organization.created',
  'organization.updated',
  'organization.suspended',
  'organization.reactivated',
  'organization.deleted',
  'organization.membership.created',
  'organization.membership.updated',
  'organization.membership.deleted',
  'organization.invitation.created',
  'organization.invitation.accepted',
  'organization.invitation.revoked',
  'user.created',
  'user.updated',
  'user.deleted',
  'user.password.changed',
  'user.locked',
  'user.mfa.enrollment-started',
  'user.mfa.enrolled',
  'user.mfa.disabled',
  'user.backup-codes.regenerated',
  'user.backup-code.used',
  'api-key.created',
  'api-key.revoked',
  'api-key.verified',
  'agent.created',
  'agent.updated',
  'agent.verifier.created',
  'agent.verifier.revoked',
  'client.secret.rotated',
  'signing-key.rotated',
  'personal-token.created',
  'personal-token.revoked',
  'token.issued',
  'token.revoked',
  'session.created',
  'session.refreshed',
  'session.organization-switched',
  'session.revoked',
  'session.compromised',
  'webhook-endpoint.created',
  'webhook-endpoint.updated',
  'webhook-endpoint.deleted',
  'webhook-endpoint.disabled',
  'webhook-endpoint.enabled',
  'webhook-endpoint.secret-rotated',
  'webhook-endpoint.test',
  /** failed authentications of one identifier or address reached the limit (data: http/failed-auth.ts guessingSuspectedData) */
  'credential.guessing-suspected',
] as const;

/** Per-request events: stored and queryable, never sent to webhooks. */
export const METERED_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>(['api-key.verified', 'token.issued']);

export type EventType = (typeof EVENT_TYPES)[number];

export interface NewEvent {
  type: EventType;
  accountId: string;
  issuerId?: string | null;
  organizationId?: string | null;
  /** the id of the object the event is about */
  subject: string;
  actor: Actor;
  /** built by `eventData(type, …)` from the explicit shapes of ./event-payloads.ts */
  data: EventPayload;
  metered?: boolean;
}

/**
 * Test-only fault injection: when `failEventWrite` names an event type, writing that event throws
 * after the change was made, which proves the change is rolled back with it.
 */
export interface Faults {
  failEventWrite: EventType | null;
}

/** The stored row of an event: a new id, the CloudEvents source, the actor split in two columns. */
export function eventRow(event: NewEvent, time: Date): Prisma.EventCreateManyInput {
  return {
    id: newId('event'),
    accountId: event.accountId,
    issuerId: event.issuerId ?? null,
    organizationId: event.organizationId ?? null,
    type: event.type,
    source: event.issuerId ? `/issuers/${event.issuerId}` : `/accounts/${event.accountId}`,
    subject: event.subject,
    actorType: event.actor.type,
    actorId: event.actor.id,
    actorOnBehalfOf: event.actor.onBehalfOf ?? null,
    data: event.data,
    metered: event.metered ?? METERED_EVENT_TYPES.has(event.type),
    time,
  };
}

/**
 * `recordEvent(tx, event)` writes the event in the caller's transaction and returns its id.
 * `recordEvent.prepare(event)` only builds the row (and honours the injected fault), for callers
 * that write the event inside a single SQL statement with their change (see `insertEventSql`).
 */
export function createEventRecorder(clock: Clock, faults: Faults) {
  function prepare(event: NewEvent): Prisma.EventCreateManyInput {
    if (faults.failEventWrite === event.type) {
      throw new Error(`injected fault: writing ${event.type} failed`);
    }
    return eventRow(event, clock.now());
  }
  async function recordEvent(tx: Tx, event: NewEvent): Promise<string> {
    const data = prepare(event);
    await tx.event.create({ data });
    return data.id;
  }
  return Object.assign(recordEvent, { prepare });
}

/**
 * The SQL of a CTE body that inserts `row` (from `recordEvent.prepare`) once for every row of
 * `fromCte` (a CTE of the same statement; zero rows: no event): so a change and its event commit
 * in one statement, hence one transaction.
 */
export function insertEventSql(row: Prisma.EventCreateManyInput, fromCte: string): Prisma.Sql {
  return Prisma.sql`INSERT INTO "Event" (id, "accountId", "issuerId", "organizationId", type, source, subject, "actorType", "actorId", "actorOnBehalfOf", data, metered, time)
    SELECT ${row.id}, ${row.accountId}, ${row.issuerId ?? null}, ${row.organizationId ?? null}, ${row.type}, ${row.source}, ${row.subject ?? null}, ${row.actorType},
           ${row.actorId ?? null}, ${row.actorOnBehalfOf ?? null}, ${JSON.stringify(row.data ?? {})}::jsonb, ${row.metered ?? false}, ${new Date(row.time as Date).toISOString()}::timestamptz
    FROM ${Prisma.raw(`"${fromCte.replace(/"/g, '')}"`)}
    RETURNING id`;
}

/**
 * Writes an event in the caller's transaction; `prepare`, when present (createEventRecorder's
 * has it), builds the row only, honouring injected faults (without it: `eventRow`).
 */
export type RecordEvent = ((tx: Tx, event: NewEvent) => Promise<string>) & { prepare?: (event: NewEvent) => Prisma.EventCreateManyInput };

/** The row `recordEvent` would write for `event` (see RecordEvent.prepare). */
export function preparedEvent(recordEvent: RecordEvent, clock: Clock, event: NewEvent): Prisma.EventCreateManyInput {
  return recordEvent.prepare ? recordEvent.prepare(event) : eventRow(event, clock.now());
}
