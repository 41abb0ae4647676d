/**
 * The event type filter language, one rule for the `events` query, the `events` subscription and
 * anything else that selects events by type: each entry is an exact type (`session.revoked`) or
 * a prefix ending in `.*` (`organization.*` matches `organization.created` and
 * `organization.membership.created`). An empty or missing list matches every type.
 * @module
 */

export interface TypeFilter {
  exact: string[];
  /** the prefixes without their `*`, each ending in `.` */
  prefixes: string[];
}

/** Splits a filter list into exact types and prefixes; null when the list matches everything. */
export function parseTypeFilter(types: readonly string[] | null | undefined): TypeFilter | null {
  if (!types || types.length === 0) return null;
  return {
    exact: types.filter((t) => !t.endsWith('.*')),
    prefixes: types.filter((t) => t.endsWith('.*')).map((t) => t.slice(0, -1)),
  };
}

/** An in-memory predicate for the filter (live streams). */
export function typeMatcher(types: readonly string[] | null | undefined): (type: string) => boolean {
  const filter = parseTypeFilter(types);
  if (!filter) return () => true;
  const exact = new Set(filter.exact);
  return (type) => exact.has(type) || filter.prefixes.some((p) => type.startsWith(p));
}

/** The filter as a Prisma `where` on `Event.type` (stored events), or null when it matches everything. */
export function typeWhere(
  types: readonly string[] | null | undefined,
): { OR: ({ type: { in: string[] } } | { type: { startsWith: string } })[] } | null {
  const filter = parseTypeFilter(types);
  if (!filter) return null;
  return {
    OR: [...(filter.exact.length ? [{ type: { in: filter.exact } }] : []), ...filter.prefixes.map((p) => ({ type: { startsWith: p } }))],
  };
}
