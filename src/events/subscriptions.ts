/**
 * Live event streams for subscribers (GraphQL over WebSocket and SSE). A stream optionally
 * replays what was committed after a cursor, then continues live from the bus with no gap and no
 * duplicate: it listens to the bus before it reads the replay, and drops every event at or
 * before the last position it sent. Each stream only ever carries events its viewer may read.
 * A subscriber that cannot keep up is disconnected rather than allowed to grow memory.
 * @module
 */
import { GraphQLError } from 'graphql';
import { Prisma } from '../generated/prisma/client.js';
import type { PrismaClient } from '../data/database.js';
import { holds, type Viewer } from '../domain/viewer.js';
import { AUTHORITY_EVENTS, type Refresh } from '../domain/authorization/live.js';
import { canReadEvent, eventSql } from '../domain/authorization/visibility.js';
import { isIdOf } from '../lib/ids.js';
import { typeMatcher } from '../domain/event-types.js';
import { after, positionOf, readOutbox, START, type OutboxEvent, type Position } from './outbox.js';
import type { EventBus } from './bus.js';
import type { TransportCode } from '../lib/transport-errors.js';

export interface StreamFilter {
  /** exact types, or a prefix ending in `.*` (organization.* matches organization.created and organization.membership.created) */
  types?: string[] | null;
  organizationId?: string | null;
  issuerId?: string | null;
}

export const MAX_QUEUED = 1000;

/** Why a stream ended because its credential lost authority (extensions.code and .reason). */
export const STREAM_AUTHORITY_LOST = {
  /** the credential no longer authenticates: revoked, expired, its session or user gone */
  UNAUTHENTICATED: 'The credential of this subscription is no longer valid (revoked, expired or its session ended).',
  /** the credential authenticates but may no longer read these events (scope removed, organization suspended, membership gone) */
  FORBIDDEN: 'The credential of this subscription may no longer read these events.',
} as const satisfies Record<Extract<TransportCode, 'UNAUTHENTICATED'> | 'FORBIDDEN', string>;

function authorityLost(code: keyof typeof STREAM_AUTHORITY_LOST): GraphQLError {
  return new GraphQLError(STREAM_AUTHORITY_LOST[code], { extensions: { code, reason: 'STREAM_AUTHORITY_LOST' } });
}

/** Whether a stream may still carry any event to this viewer (confined credentials need events:read in an organization). */
const mayStream = (viewer: Viewer) => viewer.kind === 'account_api_key' || (viewer.organizationId !== null && holds(viewer, 'events:read'));

/** The same conditions as SQL on the outbox alias `e`, for the replay. */
function sqlFor(viewer: Viewer, filter: StreamFilter): Prisma.Sql {
  // the kernel's rule for events (the same as the events query), then the subscriber's filter
  const parts: Prisma.Sql[] = [Prisma.sql`AND ${eventSql(viewer)}`];
  if (filter.organizationId) parts.push(Prisma.sql`AND e."organizationId" = ${filter.organizationId}`);
  if (filter.issuerId) parts.push(Prisma.sql`AND e."issuerId" = ${filter.issuerId}`);
  return Prisma.join(parts, ' ');
}

class TooSlow extends Error {}

/**
 * `refresh` re-derives a viewer from live state (domain/authorization/live.ts). A stream asks it
 * whenever an event that may take authority away (AUTHORITY_EVENTS, same account) reaches this
 * node's bus — from whichever node committed it — and ends at the credential's expiry, so a
 * stream never outlives the authority it was opened with.
 */
export function createEventStreams(deps: { prisma: PrismaClient; bus: EventBus; refresh: Refresh }) {
  const { prisma, bus, refresh } = deps;

  /**
   * Streams the viewer's events matching `filter`: those committed after the event `afterId`
   * first (when given), then live ones. Ending the iterator (`return()`, as GraphQL does when the
   * client unsubscribes or disconnects) stops it at once, even while it waits for an event.
   */
  function stream(viewer: Viewer, filter: StreamFilter, afterId: string | null): AsyncIterableIterator<OutboxEvent> {
    const controller = new AbortController();
    const inner = generate(viewer, filter, afterId, controller.signal);
    const iterator: AsyncIterableIterator<OutboxEvent> = {
      [Symbol.asyncIterator]: () => iterator,
      next: () => inner.next(),
      return: async () => {
        controller.abort();
        return inner.return(undefined);
      },
      throw: (error?: unknown) => inner.throw(error),
    };
    return iterator;
  }

  return { stream };

  async function* generate(
    opened: Viewer,
    filter: StreamFilter,
    afterId: string | null,
    signal: AbortSignal,
  ): AsyncGenerator<OutboxEvent, undefined> {
    let viewer = opened;
    const wantsType = typeMatcher(filter.types);
    const matches = (e: OutboxEvent) =>
      canReadEvent(viewer, e) &&
      wantsType(e.type) &&
      (!filter.organizationId || e.organizationId === filter.organizationId) &&
      (!filter.issuerId || e.issuerId === filter.issuerId);

    const queue: OutboxEvent[] = [];
    let failure = null as Error | null;
    let notify: (() => void) | null = null;
    // A stream lives longer than a request: it re-derives its viewer whenever authority may have
    // changed (one re-check at a time; changes arriving meanwhile cause one more).
    let checking: Promise<void> | null = null;
    let recheck = false;
    const reauthorize = () => {
      if (checking) {
        recheck = true;
        return;
      }
      checking = (async () => {
        do {
          recheck = false;
          const next = await refresh(viewer).catch(() => viewer);
          if (!next) failure = authorityLost('UNAUTHENTICATED');
          else if (!mayStream(next)) failure = authorityLost('FORBIDDEN');
          else viewer = next;
        } while (recheck && !failure);
        checking = null;
        notify?.();
      })();
    };
    const unsubscribe = bus.subscribe((events) => {
      for (const e of events) {
        if (e.accountId === viewer.accountId && AUTHORITY_EVENTS.has(e.type)) reauthorize();
        if (matches(e)) queue.push(e);
      }
      if (queue.length > MAX_QUEUED && !failure) failure = new TooSlow();
      notify?.();
    });
    const expiresAt = viewer.kind === 'access_token' ? viewer.expiresAt : viewer.restrictions.expiresAt;
    // setTimeout holds at most ~24.8 days; a later expiry is re-checked by the next authority event
    const expiry = expiresAt
      ? setTimeout(
          () => {
            failure ??= authorityLost('UNAUTHENTICATED');
            notify?.();
          },
          Math.min(Math.max(0, expiresAt.getTime() - Date.now()), 2 ** 31 - 1),
        )
      : null;
    expiry?.unref();
    const onAbort = () => notify?.();
    signal.addEventListener('abort', onAbort);
    try {
      let position: Position = START;
      if (afterId !== null) {
        const where = sqlFor(viewer, {});
        const from = isIdOf('event', afterId) ? await positionOf(prisma, afterId, where) : null;
        if (!from) throw new GraphQLError('`after` is not an event this credential can see.', { extensions: { code: 'BAD_USER_INPUT' } });
        position = from;
        const replayWhere = sqlFor(viewer, filter);
        for (;;) {
          const page = await readOutbox(prisma, position, 500, replayWhere);
          for (const e of page) {
            position = e.position;
            if (wantsType(e.type)) yield e;
          }
          if (page.length < 500) break;
        }
      }
      while (!signal.aborted) {
        if (failure instanceof TooSlow)
          throw new GraphQLError('The subscriber did not keep up with its events and was disconnected; resume with `after`.', {
            extensions: { code: 'SUBSCRIBER_TOO_SLOW' },
          });
        if (failure) throw failure;
        const next = queue.shift();
        if (!next) {
          await new Promise<void>((resolve) => {
            notify = resolve;
          });
          notify = null;
          continue;
        }
        if (!after(next.position, position)) continue;
        position = next.position;
        yield next;
      }
    } finally {
      unsubscribe();
      if (expiry) clearTimeout(expiry);
      signal.removeEventListener('abort', onAbort);
    }
    return undefined;
  }
}

export type EventStreams = ReturnType<typeof createEventStreams>;
