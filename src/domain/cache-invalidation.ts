/**
 * The one place that turns committed changes into cache invalidation. Four short-lived caches
 * sit on the request path — clients (principals.ts), API key rows with their organization's
 * status and their creators' authority (api-keys.ts), live grants (authorization/live.ts) and
 * resources by identifier (resources.ts) — each with the set of event types after which its entries may be stale.
 *
 * It is fed by one stream of event types: every node's commits as the outbox relay publishes them
 * on the bus, and this node's own commits the moment they commit (events.ts `committed`), so a
 * revocation refuses the very next request on the node that made it, and on the others once the
 * relay has carried its event (the caches' TTL bounds the window should the bus be down).
 * @module
 */
import { PRINCIPAL_CACHE_INVALIDATORS } from './principals.js';
import { KEY_CACHE_INVALIDATORS } from './api-keys.js';
import { GRANT_INVALIDATORS } from './authorization/live.js';
import { RESOURCE_CACHE_INVALIDATORS } from './resources.js';

/** A cache that can be cleared, and the event types that make it stale. */
interface Invalidatable {
  invalidate(): void;
}

/**
 * Returns `hear(types)`: clears each cache whose invalidators include one of the committed event
 * `types` (strings as stored in Event.type).
 */
export function createCacheInvalidation(caches: {
  principals: Invalidatable;
  apiKeys: Invalidatable;
  liveGrants: Invalidatable;
  resources: Invalidatable;
}) {
  const rules: [ReadonlySet<string>, Invalidatable][] = [
    [PRINCIPAL_CACHE_INVALIDATORS, caches.principals],
    [KEY_CACHE_INVALIDATORS, caches.apiKeys],
    [GRANT_INVALIDATORS, caches.liveGrants],
    [RESOURCE_CACHE_INVALIDATORS, caches.resources],
  ];
  return function hear(types: Iterable<string>): void {
    const seen = [...types];
    for (const [invalidators, cache] of rules) if (seen.some((type) => invalidators.has(type))) cache.invalidate();
  };
}
