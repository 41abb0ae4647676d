/**
 * The event trail. Every mutation writes its event through `recordEvent` inside the same
 * transaction as the change (transactional outbox): no change without its event, no event
 * without its change. Events are CloudEvents-shaped: id, type, source, subject, time, data.
 * @module
 */
import { Prisma } from '../generated/prisma/client.js';
import type { PrismaClient, Tx } from '../data/database.js';
import { newId } from '../lib/ids.js';
import type { Clock } from '../lib/clock.js';
import type { Actor } from './viewer.js';

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
  'resource.created',
  'resource.updated',
  'resource.deleted',
  'client.blocked',
  'client.unblocked',
  'grant.created',
  'grant.updated',
  'grant.revoked',
  /** failed authentications of one identifier or address reached the limit (data: http/failed-auth.ts guessingSuspectedData) */
  'credential.guessing-suspected',
] as const;

/** Per-request events: stored and queryable, never sent to webhooks. */
export const METERED_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>(['api-key.verified', 'token.issued']);

export type EventType = (typeof EVENT_TYPES)[number];

declare const fromRegistry: unique symbol;
/**
 * An event's `data` as built by `eventData` (./event-payloads.ts, a branded JSON object):
 * `NewEvent.data` takes only this, so no event can be written with a hand-made payload.
 */
export type EventPayload = Prisma.InputJsonObject & { readonly [fromRegistry]: true };

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
 * Fault injection for tests, handed to `buildApp({ faults })` (never a property of the running
 * app): when `failEventWrite` names an event type, writing that event throws after the change was
 * made, which proves the change is rolled back with it.
 */
export interface Faults {
  failEventWrite: EventType | null;
}

export interface EventRecorderOptions {
  clock: Clock;
  /** injected faults (tests); none by default */
  faults?: Faults;
  /**
   * Tells this node that an event committed: called with its type once its transaction commits,
   * before the mutation returns (Database.afterCommit), never for a rolled-back one. Other
   * nodes hear of it through the outbox relay and the bus.
   */
  committed?: { afterCommit(tx: Tx | PrismaClient, fn: () => void): void; notify(type: EventType): void };
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
 * The one writer of business events (see the module note); `Tx` may be the client itself for an
 * autocommit write. `recordEvent(tx, event)` writes the event in the caller's transaction and
 * returns its id. For a change written as one SQL statement with its event (see `insertEventSql`):
 * `recordEvent.prepare(event)` only builds the row (honouring the injected fault), and
 * `recordEvent.recorded(tx, type)` tells this node of the commit as `recordEvent` would (call it
 * once the statement inserted the event).
 */
export function createEventRecorder({ clock, faults, committed }: EventRecorderOptions) {
  function prepare(event: NewEvent): Prisma.EventCreateManyInput {
    if (faults?.failEventWrite === event.type) {
      throw new Error(`injected fault: writing ${event.type} failed`);
    }
    return eventRow(event, clock.now());
  }
  function recorded(tx: Tx | PrismaClient, type: EventType): void {
    if (committed) committed.afterCommit(tx, () => committed.notify(type));
  }
  async function recordEvent(tx: Tx | PrismaClient, event: NewEvent): Promise<string> {
    const data = prepare(event);
    await tx.event.create({ data });
    recorded(tx, event.type);
    return data.id;
  }
  return Object.assign(recordEvent, { prepare, recorded });
}

/**
 * Writes an event in the caller's transaction (see `createEventRecorder`). `prepare` and
 * `recorded` are there on the recorder the app builds; a stand-in (tests) may leave them out:
 * `preparedEvent` then builds the row itself.
 */
export type RecordEvent = ((tx: Tx | PrismaClient, event: NewEvent) => Promise<string>) & {
  prepare?: (event: NewEvent) => Prisma.EventCreateManyInput;
  recorded?: (tx: Tx | PrismaClient, type: EventType) => void;
};

/** The row `recordEvent` would write for `event` (see RecordEvent.prepare). */
export function preparedEvent(recordEvent: RecordEvent, clock: Clock, event: NewEvent): Prisma.EventCreateManyInput {
  return recordEvent.prepare ? recordEvent.prepare(event) : eventRow(event, clock.now());
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
