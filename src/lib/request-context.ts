/**
 * The request a piece of code runs for, carried through async calls (AsyncLocalStorage): the
 * request id every log line and every masked error quotes. Set once per HTTP request and once per
 * graphql-ws operation; read by the logger's mixin (lib/logger.ts) and the error masking.
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestScope {
  /** `X-Request-Id` of the request: from a trusted proxy, else generated (a UUID) */
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` with `scope` as the current request (for everything it awaits too). */
export function runInRequest<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The current request's id, or null outside a request. */
export function currentRequestId(): string | null {
  return storage.getStore()?.requestId ?? null;
}

/** A request id a client or proxy may hand us: 1 to 128 visible ASCII characters. */
const REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * The id for a request: the `X-Request-Id` header when it comes from a trusted proxy and is well
 * formed, else a new UUID (a client cannot make its own id appear in our logs).
 */
export function requestIdFor(header: string | string[] | undefined, fromTrustedProxy: boolean): string {
  if (fromTrustedProxy && typeof header === 'string' && REQUEST_ID.test(header)) return header;
  return randomUUID();
}
