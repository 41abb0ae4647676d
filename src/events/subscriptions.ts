/**
 * Live event streams for subscribers (GraphQL over WebSocket and SSE). A stream optionally
 * replays what was committed after a cursor, then continues live from the bus with no gap and no
 * duplicate: it listens to the bus before it reads the replay, and drops every event at or
 * before the last position it sent. Each stream only ever carries events its viewer may read.
 * A subscriber that cannot keep up is disconnected rather than allowed to grow memory.
 *
 * Cost with many subscribers (bench/subscriber-latency.ts): one bus listener per node hands each
 * batch to every open stream, which keeps what its viewer may read (the kernel's in-memory
 * predicate, `canReadEvent`, per stream and event) in a plain queue read by a hand-written async
 * iterator (no async generator on the live path: one resolved promise per event delivered).
 * When an event that may take authority away arrives, every stream of that account re-derives its
 * viewer from live state; streams holding the same credential share one re-derivation started
 * after that event arrived, and a stream delivers nothing while its re-check is in flight (what
 * waited is filtered again with the re-derived viewer).
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
/** The first wait before re-deriving a viewer again after a re-derivation failed, in ms (doubles each time). */
export const RECHECK_RETRY_MS = 50;
/** The longest such wait, in ms. */
export const RECHECK_RETRY_MAX_MS = 2000;

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

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/** What a stream needs from its node: registration for bus batches, and the shared re-derivation. */
interface Hub {
  /** authority events heard so far (see `authorityMark` of createEventStreams) */
  authorityMark(): number;
  attach(stream: LiveStream): void;
  detach(stream: LiveStream): void;
  /**
   * The viewer re-derived from live state, shared by streams of the same credential since the last
   * authority event; `fresh`: a re-derivation started now (then shared), not one already running.
   */
  refresh(viewer: Viewer, fresh?: boolean): Promise<Viewer | null>;
  /** `onPage` runs after each non-empty page is read from the outbox, before its first event is yielded */
  replay(
    viewer: Viewer,
    filter: StreamFilter,
    afterId: string,
    wantsType: (type: string) => boolean,
    onPage: () => void,
  ): AsyncGenerator<OutboxEvent, void>;
}

/**
 * One subscriber's stream: an async iterator over a queue the node's bus listener fills. `next()`
 * is not meant to be called again before its promise settles (GraphQL's `for await` never does);
 * if it is, the calls are served in turn.
 */
class LiveStream implements AsyncIterableIterator<OutboxEvent> {
  private viewer: Viewer;
  private readonly wantsType: (type: string) => boolean;
  private queue: OutboxEvent[] = [];
  private head = 0;
  private position: Position = START;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  private checking = false;
  private recheck = false;
  /** the next re-derivation must start after now (not share one already running) */
  private freshNext = false;
  private started = false;
  private ended = false;
  private replaying: AsyncGenerator<OutboxEvent, void> | null = null;
  private expiry: NodeJS.Timeout | null = null;
  private inflight: Promise<IteratorResult<OutboxEvent, undefined>> | null = null;

  constructor(
    private readonly hub: Hub,
    opened: Viewer,
    private readonly filter: StreamFilter,
    private readonly afterId: string | null,
    private readonly derivedAt: number | undefined,
  ) {
    this.viewer = opened;
    this.wantsType = typeMatcher(filter.types);
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  /** The kernel's rule for the current viewer, then the subscriber's filter. */
  private matches(e: OutboxEvent): boolean {
    const { organizationId, issuerId } = this.filter;
    return (
      (!organizationId || e.organizationId === organizationId) &&
      (!issuerId || e.issuerId === issuerId) &&
      this.wantsType(e.type) &&
      canReadEvent(this.viewer, e)
    );
  }

  /** A bus batch; `authority`: the accounts an event of the batch may have taken authority from. */
  offer(events: readonly OutboxEvent[], authority: ReadonlySet<string> | null): void {
    if (this.failure || this.ended) return;
    if (authority?.has(this.viewer.accountId)) this.reauthorize();
    let added = false;
    for (const e of events) {
      if (this.matches(e)) {
        this.queue.push(e);
        added = true;
      }
    }
    if (this.queue.length - this.head > MAX_QUEUED) this.failure = new TooSlow();
    if (added || this.failure) this.wake?.();
  }

  // A stream lives longer than a request: it re-derives its viewer whenever authority may have
  // changed (one re-check at a time; changes arriving meanwhile cause one more). Nothing is
  // delivered while a re-check runs; what waited is filtered again with the re-derived viewer.
  private reauthorize(fresh = false): void {
    if (fresh) this.freshNext = true;
    if (this.checking) {
      this.recheck = true;
      return;
    }
    this.checking = true;
    void this.check();
  }

  private async check(): Promise<void> {
    do {
      this.recheck = false;
      const current = this.viewer;
      const fresh = this.freshNext;
      this.freshNext = false;
      const next = await this.derive(current, fresh);
      if (next === undefined) break; // ended meanwhile
      if (!next) this.failure ??= authorityLost('UNAUTHENTICATED');
      else if (!mayStream(next)) this.failure ??= authorityLost('FORBIDDEN');
      else this.viewer = next;
    } while (this.recheck && !this.failure && !this.ended);
    this.checking = false;
    if (!this.failure) {
      const waiting = this.queue.slice(this.head).filter((e) => this.matches(e));
      this.queue = waiting;
      this.head = 0;
    }
    this.wake?.();
  }

  /**
   * The viewer re-derived from live state; a re-derivation that fails (the database unreachable)
   * is tried again after RECHECK_RETRY_MS (doubling up to RECHECK_RETRY_MAX_MS) while the stream
   * keeps holding its events. Before, a failed re-check kept the viewer as it was: a credential
   * revoked while the database hiccuped kept streaming until some later authority event.
   * undefined: the stream ended meanwhile.
   */
  private async derive(current: Viewer, fresh: boolean): Promise<Viewer | null | undefined> {
    for (let wait = RECHECK_RETRY_MS; ; wait = Math.min(wait * 2, RECHECK_RETRY_MAX_MS)) {
      try {
        return await this.hub.refresh(current, fresh);
      } catch {
        if (this.ended) return undefined;
        await new Promise((resolve) => setTimeout(resolve, wait).unref());
        if (this.ended) return undefined;
      }
    }
  }

  next(): Promise<IteratorResult<OutboxEvent, undefined>> {
    if (this.inflight) return this.inflight.then(() => this.next());
    const result = this.step();
    // a result already at hand needs no bookkeeping (the common case with a busy stream)
    if (result instanceof Promise) {
      const settled = result.finally(() => {
        if (this.inflight === settled) this.inflight = null;
      });
      this.inflight = settled;
      return settled;
    }
    return Promise.resolve(result);
  }

  private step(): IteratorResult<OutboxEvent, undefined> | Promise<IteratorResult<OutboxEvent, undefined>> {
    if (!this.started) this.start();
    if (this.ended) return DONE;
    // authority first: a failure ends a replay too, and nothing (replayed or live) goes out while
    // a re-check runs (a replay read with the opening viewer must not outlive that viewer)
    if (this.failure) return this.fail();
    if (!this.checking) {
      if (this.replaying) return this.replayStep();
      while (this.head < this.queue.length) {
        const e = this.queue[this.head++]!;
        if (this.head === this.queue.length) {
          this.queue = [];
          this.head = 0;
        }
        if (!after(e.position, this.position)) continue;
        this.position = e.position;
        return { value: e, done: false };
      }
    }
    return new Promise<void>((resolve) => {
      this.wake = resolve;
    }).then(() => {
      this.wake = null;
      return this.step();
    });
  }

  /**
   * The next replayed event the current viewer may read. The replay's SQL used the viewer the
   * stream opened with; an event read while a re-check began waits for it, then is filtered with
   * the re-derived viewer (canReadEvent), or the stream ends if authority was lost meanwhile.
   * Every page read re-derives the viewer (see `start`): the outbox may already hold what
   * this node's bus has not delivered yet, a revocation and events committed after it among them.
   */
  private async replayStep(): Promise<IteratorResult<OutboxEvent, undefined>> {
    for (;;) {
      if (this.ended || !this.replaying) return this.step();
      let r: IteratorResult<OutboxEvent, void>;
      try {
        r = await this.replaying.next();
      } catch (error) {
        this.finish();
        throw error;
      }
      if (r.done) {
        this.replaying = null;
        return this.step();
      }
      while (this.checking && !this.failure && !this.ended) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        this.wake = null;
      }
      if (this.ended) return DONE;
      if (this.failure) return this.fail();
      this.position = r.value.position;
      if (canReadEvent(this.viewer, r.value)) return { value: r.value, done: false };
    }
  }

  private fail(): Promise<never> {
    const failure = this.failure!;
    this.finish();
    return Promise.reject(
      failure instanceof TooSlow
        ? new GraphQLError('The subscriber did not keep up with its events and was disconnected; resume with `after`.', {
            extensions: { code: 'SUBSCRIBER_TOO_SLOW' },
          })
        : failure,
    );
  }

  /**
   * Listens to the bus (before any replay is read: no gap) and ends at the credential's expiry.
   * The viewer was derived before this stream listened: when an authority event reached this
   * node in between (the hub's authority mark moved since `derivedAt`, or it is unknown), no
   * listener of this stream heard it, so the viewer is derived once more now that it listens
   * (nothing is delivered until that check is done).
   */
  private start(): void {
    this.started = true;
    this.hub.attach(this);
    if (this.derivedAt === undefined || this.derivedAt !== this.hub.authorityMark()) this.reauthorize();
    const viewer = this.viewer;
    const expiresAt = viewer.kind === 'access_token' ? viewer.expiresAt : viewer.restrictions.expiresAt;
    // setTimeout holds at most ~24.8 days; a later expiry is re-checked by the next authority event
    if (expiresAt) {
      this.expiry = setTimeout(
        () => {
          this.failure ??= authorityLost('UNAUTHENTICATED');
          this.wake?.();
        },
        Math.min(Math.max(0, expiresAt.getTime() - Date.now()), 2 ** 31 - 1),
      );
      this.expiry.unref();
    }
    // A replay page may hold events committed after a change that took authority away while that
    // change's event has not reached this node's bus yet (the relay publishes after the commit):
    // the viewer is derived again after each page is read, before any of its events goes out
    // (a change committed before the read is then seen), at one re-derivation per page.
    if (this.afterId !== null)
      this.replaying = this.hub.replay(viewer, this.filter, this.afterId, this.wantsType, () => this.reauthorize(true));
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.hub.detach(this);
    if (this.expiry) clearTimeout(this.expiry);
    this.queue = [];
    this.head = 0;
    const replaying = this.replaying;
    this.replaying = null;
    void replaying?.return(undefined).catch(() => {});
    this.wake?.();
  }

  /** Ends the stream at once, even while it waits for an event (GraphQL calls it when the client unsubscribes or disconnects). */
  return(): Promise<IteratorResult<OutboxEvent, undefined>> {
    this.finish();
    return Promise.resolve(DONE);
  }

  throw(error?: unknown): Promise<IteratorResult<OutboxEvent, undefined>> {
    this.finish();
    return Promise.reject(error);
  }
}

/**
 * `refresh` re-derives a viewer from live state (domain/authorization/live.ts). A stream asks it
 * whenever an event that may take authority away (AUTHORITY_EVENTS, same account) reaches this
 * node's bus — from whichever node committed it — and ends at the credential's expiry, so a
 * stream never outlives the authority it was opened with.
 */
export function createEventStreams(deps: { prisma: PrismaClient; bus: EventBus; refresh: Refresh }) {
  const { prisma, bus, refresh } = deps;
  const open = new Set<LiveStream>();
  let unsubscribe: (() => void) | null = null;
  // Re-derivations started since the last batch with an authority event, by viewer (its JSON:
  // the same credential in the same state). A new authority event starts a new generation, so a
  // stream never takes a re-derivation that began before the event that made it ask.
  let generation = new Map<string, Promise<Viewer | null>>();
  // How many bus batches with an authority event this node has heard (streams open or not). The
  // same listener ends the generation: with no stream open, `deliver` does not listen, and a
  // re-derivation made before such an event (by a stream since closed) must not serve a stream
  // that starts after it (its start-time re-check exists because of that event).
  let authority = 0;
  bus.subscribe((events) => {
    if (!events.some((e) => AUTHORITY_EVENTS.has(e.type))) return;
    authority += 1;
    generation = new Map();
  });

  function deliver(events: OutboxEvent[]): void {
    let authority: Set<string> | null = null;
    for (const e of events) {
      if (!AUTHORITY_EVENTS.has(e.type)) continue;
      authority ??= new Set();
      authority.add(e.accountId);
    }
    // (the generation ended in the permanent listener above, which the bus calls first)
    for (const stream of open) stream.offer(events, authority);
  }

  const hub: Hub = {
    authorityMark: () => authority,
    attach(stream) {
      open.add(stream);
      unsubscribe ??= bus.subscribe(deliver);
    },
    detach(stream) {
      open.delete(stream);
      if (open.size === 0 && unsubscribe) {
        unsubscribe();
        unsubscribe = null;
      }
    },
    refresh(viewer, fresh = false) {
      const key = JSON.stringify(viewer);
      let derived = fresh ? undefined : generation.get(key);
      if (!derived) {
        const started = refresh(viewer);
        const map = generation;
        derived = started;
        map.set(key, started);
        // a failed re-derivation is not shared with a retry: the retry loads again
        started.catch(() => {
          if (map.get(key) === started) map.delete(key);
        });
      }
      return derived;
    },
    async *replay(viewer, filter, afterId, wantsType, onPage) {
      const where = sqlFor(viewer, {});
      const from = isIdOf('event', afterId) ? await positionOf(prisma, afterId, where) : null;
      if (!from) throw new GraphQLError('`after` is not an event this credential can see.', { extensions: { code: 'BAD_USER_INPUT' } });
      let position = from;
      const replayWhere = sqlFor(viewer, filter);
      for (;;) {
        const page = await readOutbox(prisma, position, 500, replayWhere);
        if (page.length) onPage();
        for (const e of page) {
          position = e.position;
          if (wantsType(e.type)) yield e;
        }
        if (page.length < 500) break;
      }
    },
  };

  /**
   * Streams the viewer's events matching `filter`: those committed after the event `afterId`
   * first (when given), then live ones. Ending the iterator (`return()`, as GraphQL does when the
   * client unsubscribes or disconnects) stops it at once, even while it waits for an event.
   */
  function stream(viewer: Viewer, filter: StreamFilter, afterId: string | null, derivedAt?: number): AsyncIterableIterator<OutboxEvent> {
    return new LiveStream(hub, viewer, filter, afterId, derivedAt);
  }

  return {
    stream,
    /**
     * The count of authority events this node has heard so far: read it before deriving a
     * viewer and pass it to `stream` as `derivedAt`; the stream derives the viewer again when it
     * starts listening if the count moved meanwhile (or `derivedAt` is not given).
     */
    authorityMark: () => authority,
    /** open streams on this node (tests, metrics) */
    size: () => open.size,
  };
}

export type EventStreams = ReturnType<typeof createEventStreams>;
