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
import { isIdOf } from '../lib/ids.js';
import { typeMatcher } from '../domain/event-types.js';
import { after, positionOf, readOutbox, START, type OutboxEvent, type Position } from './outbox.js';
import type { EventBus } from './bus.js';

export interface StreamFilter {
  /** exact types, or a prefix ending in `.*` (organization.* matches organization.created and organization.membership.created) */
  types?: string[] | null;
  organizationId?: string | null;
  issuerId?: string | null;
}

export const MAX_QUEUED = 1000;

/** Events that end the streams of the credential they are about. */
const REVOCATIONS = new Set(['api-key.revoked', 'personal-token.revoked']);
/** Events that end the streams of user tokens issued to the session they are about. */
const SESSION_ENDINGS = new Set(['session.revoked', 'session.compromised']);

/** Whether the event ends a stream opened with this viewer's credential. */
function endsStream(viewer: Viewer, e: OutboxEvent): boolean {
  if (e.accountId !== viewer.accountId) return false;
  if (REVOCATIONS.has(e.type)) return e.subject === viewer.credentialId;
  return SESSION_ENDINGS.has(e.type) && viewer.kind === 'access_token' && viewer.sessionId !== null && e.subject === viewer.sessionId;
}

/** Whether the viewer may read the event (the same rule as the events query). */
function readable(viewer: Viewer, e: OutboxEvent): boolean {
  if (e.accountId !== viewer.accountId) return false;
  if (viewer.kind === 'account_api_key') return true;
  return viewer.organizationId !== null && e.organizationId === viewer.organizationId && holds(viewer, 'events:read');
}

/** The same conditions as SQL on the outbox alias `e`, for the replay. */
function sqlFor(viewer: Viewer, filter: StreamFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`AND e."accountId" = ${viewer.accountId}`];
  if (viewer.kind !== 'account_api_key') {
    const org = viewer.organizationId && holds(viewer, 'events:read') ? viewer.organizationId : '';
    parts.push(Prisma.sql`AND e."organizationId" = ${org}`);
  }
  if (filter.organizationId) parts.push(Prisma.sql`AND e."organizationId" = ${filter.organizationId}`);
  if (filter.issuerId) parts.push(Prisma.sql`AND e."issuerId" = ${filter.issuerId}`);
  return Prisma.join(parts, ' ');
}

class TooSlow extends Error {}

export function createEventStreams(deps: { prisma: PrismaClient; bus: EventBus }) {
  const { prisma, bus } = deps;

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

  async function* generate(viewer: Viewer, filter: StreamFilter, afterId: string | null, signal: AbortSignal): AsyncGenerator<OutboxEvent, undefined> {
    const wantsType = typeMatcher(filter.types);
    const matches = (e: OutboxEvent) =>
      readable(viewer, e) &&
      wantsType(e.type) &&
      (!filter.organizationId || e.organizationId === filter.organizationId) &&
      (!filter.issuerId || e.issuerId === filter.issuerId);

    const queue: OutboxEvent[] = [];
    let failure: Error | null = null;
    let revoked = false;
    let notify: (() => void) | null = null;
    const unsubscribe = bus.subscribe((events) => {
      for (const e of events) {
        // A stream lives longer than a request: when its own credential (or, for a user token, its
        // session) is revoked, it ends.
        if (endsStream(viewer, e)) revoked = true;
        if (matches(e)) queue.push(e);
      }
      if (queue.length > MAX_QUEUED) failure = new TooSlow();
      notify?.();
    });
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
        if (revoked) throw new GraphQLError('The credential of this subscription was revoked.', { extensions: { code: 'UNAUTHENTICATED' } });
        if (failure) throw new GraphQLError('The subscriber did not keep up with its events and was disconnected; resume with `after`.', { extensions: { code: 'SUBSCRIBER_TOO_SLOW' } });
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
      signal.removeEventListener('abort', onAbort);
    }
    return undefined;
  }
}

export type EventStreams = ReturnType<typeof createEventStreams>;
