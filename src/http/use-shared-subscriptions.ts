/**
 * useSharedSubscriptionPayloads: a subscription event's payload is executed once per node for all
 * subscribers that would get the same answer, instead of once per subscriber.
 *
 * With a thousand subscribers of one event stream, executing the subscription's selection for
 * every (event, subscriber) pair, through the default executor's per-event iterator layers, was
 * most of the fan-out's CPU (bench/subscriber-latency.ts). Here the source stream is created the
 * standard way (graphql-js `createSourceEventStream`: the field's `subscribe` resolver, with its
 * scope checks, per subscriber — each stream still filters by its own viewer, the kernel's rule),
 * and each event the stream yields is mapped with graphql-js `execute` (rootValue = the event, the
 * spec's ExecuteSubscriptionEvent), memoized per event object and per *sharing key*: the
 * operation (document, operation name, variables) and `shareKey(context)`, which must capture
 * everything the payload's resolvers read from the context (here: the viewer, as JSON — the same
 * credential in the same state). A subscriber never receives a payload executed for a different
 * key. The memo lives as long as the event object (a WeakMap; the bus hands the same object to
 * every stream of the node), and only for the last SHARED_EVENTS_WINDOW events memoized: a lagging
 * stream must not keep every other subscriber's results alive.
 *
 * Anything else — an operation that is not a subscription, a context without a key, a source
 * stream that failed (the default executor then answers, with its error codes) — goes to the
 * default subscribe function unchanged.
 * @module
 */
import {
  createSourceEventStream,
  execute,
  getOperationAST,
  locatedError,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

type MaybePromise<T> = T | Promise<T>;

export interface SharedSubscriptionOptions<Context> {
  /**
   * What, besides the operation, decides a payload: subscribers whose contexts give the same
   * string share payloads. null: this context shares nothing (the default path).
   */
  shareKey: (context: Context) => string | null;
}

const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 1;

function documentId(document: DocumentNode): number {
  let id = documentIds.get(document);
  if (id === undefined) {
    id = nextDocumentId++;
    documentIds.set(document, id);
  }
  return id;
}

/**
 * How many of the most recently shared events keep their payloads. A fan-out takes an event's
 * payload within moments of the event reaching the node (every stream is handed it at once and
 * the subscribers pull in turn); a stream that lags further behind gets its payload executed
 * again (same answer, only the cost of sharing lost).
 */
export const SHARED_EVENTS_WINDOW = 64;

/** Results by event object, then by sharing key. */
const payloads = new WeakMap<object, Map<string, MaybePromise<ExecutionResult>>>();
/**
 * The events of `payloads`, oldest first (weakly: an event nobody holds frees its results
 * anyway). Why a window: the WeakMap alone kept an event's results for every sharing key as long
 * as any stream held the event, so one lagging subscriber (up to MAX_QUEUED events queued) kept
 * every other subscriber's results of those events alive — with 1 000 subscribers of distinct
 * credentials, ~400 MiB (test/review-subscriptions.test.ts). With it, at most
 * SHARED_EVENTS_WINDOW events' results are held for sharing, whatever a stream holds.
 */
const recentEvents: (WeakRef<object> | undefined)[] = new Array(SHARED_EVENTS_WINDOW);
let windowNext = 0;

function remember(event: object, byKey: Map<string, MaybePromise<ExecutionResult>>): void {
  const evicted = recentEvents[windowNext]?.deref();
  if (evicted) payloads.delete(evicted);
  recentEvents[windowNext] = new WeakRef(event);
  windowNext = (windowNext + 1) % SHARED_EVENTS_WINDOW;
  payloads.set(event, byKey);
}

function sharedPayload(event: unknown, key: string, args: ExecutionArgs): MaybePromise<ExecutionResult> {
  if (typeof event !== 'object' || event === null) return execute({ ...args, rootValue: event });
  let byKey = payloads.get(event);
  if (!byKey) {
    byKey = new Map();
    remember(event, byKey);
  }
  let result = byKey.get(key);
  if (result === undefined) {
    result = execute({ ...args, rootValue: event });
    byKey.set(key, result);
  }
  return result;
}

/**
 * The source stream mapped through the shared payloads: one `next()` of the source per `next()`,
 * `return()` and `throw()` passed on. A source error is located at the operation, as the default
 * executor does.
 */
function mapShared(
  source: AsyncIterable<unknown>,
  key: string,
  args: ExecutionArgs,
  document: DocumentNode,
): AsyncIterableIterator<ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  const operation = getOperationAST(document, args.operationName ?? undefined);
  const rethrow = (error: unknown): never => {
    throw locatedError(error, operation ? [operation] : undefined);
  };
  const map = (r: IteratorResult<unknown>): MaybePromise<IteratorResult<ExecutionResult>> => {
    if (r.done) return { value: undefined, done: true };
    const payload = sharedPayload(r.value, key, args);
    return payload instanceof Promise ? payload.then((value) => ({ value, done: false })) : { value: payload, done: false };
  };
  const mapped: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => mapped,
    next: () => iterator.next().then(map, rethrow),
    return: async () => {
      await iterator.return?.();
      return { value: undefined, done: true };
    },
    throw: async (error?: unknown) => {
      if (iterator.throw) return iterator.throw(error).then(map, rethrow) as Promise<IteratorResult<ExecutionResult>>;
      throw error;
    },
  };
  return mapped;
}

/** See the module comment. Register it after every plugin that replaces the subscribe function. */
export function useSharedSubscriptionPayloads<Context extends object>({ shareKey }: SharedSubscriptionOptions<Context>): Plugin<Context> {
  return {
    onSubscribe({ args, subscribeFn, setSubscribeFn }) {
      const context = args.contextValue as Context;
      const share = shareKey(context);
      if (share === null) return;
      const fallback = subscribeFn;
      setSubscribeFn(async (subscribeArgs) => {
        const { document, operationName, variableValues } = subscribeArgs;
        const operation = getOperationAST(document, operationName ?? undefined);
        if (operation?.operation !== 'subscription') return fallback(subscribeArgs);
        const source = await createSourceEventStream(subscribeArgs);
        // errors (bad variables, a refused or failed resolver): the default executor answers them
        if (!(Symbol.asyncIterator in Object(source))) return fallback(subscribeArgs);
        const key = `${documentId(document)}\u0000${operationName ?? ''}\u0000${JSON.stringify(variableValues ?? null)}\u0000${share}`;
        return mapShared(source as AsyncIterable<unknown>, key, subscribeArgs, document);
      });
    },
  };
}
