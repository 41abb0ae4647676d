/**
 * Keyset (cursor) pagination for every connection. The cursor is the row's id (a time-sortable
 * TypeID) and a page is `WHERE id > $after ORDER BY id LIMIT n`: page 10 000 costs what page 1
 * costs, and a cursor whose row was deleted meanwhile still works (Prisma's own `cursor` option
 * looks the cursor row up and returns nothing when it is gone).
 *
 * Nested connections (organization.members, issuer.users, …) are batched per request with
 * DataLoader (the request's `ctx.loaders.keyed`, one loader per page shape: ./loaders.ts): the
 * pages of all parents in one GraphQL response come from one LATERAL query, and their total counts
 * from one GROUP BY, so a list of parents costs no more queries than one.
 * @module
 */
import { GraphQLError } from 'graphql';
import { resolveCursorConnection, type ResolveCursorConnectionArgs, type DefaultConnectionArguments } from '@pothos/plugin-relay';
import { Prisma } from '../generated/prisma/client.js';
import type { PrismaClient } from '../data/database.js';
import { idKind, type IdKind } from '../lib/ids.js';
import type { GraphQLContext } from './context.js';
import { visibleSql, type ChildKind } from '../domain/authorization/visibility.js';

export type Direction = 'asc' | 'desc';

/** Rejects cursors that are not ids of the paged kind: a clear error instead of a silent empty page. */
function checkCursors(args: DefaultConnectionArguments, kind: IdKind) {
  for (const cursor of [args.after, args.before]) {
    if (cursor != null && idKind(cursor) !== kind) {
      throw new GraphQLError(`"${String(cursor).slice(0, 80)}" is not a valid cursor here.`, { extensions: { code: 'BAD_USER_INPUT' } });
    }
  }
}

/** The id range and order of one page, for Prisma. */
export function pageWhere(page: ResolveCursorConnectionArgs, direction: Direction) {
  const id: Prisma.StringFilter = {};
  const forward = direction === 'asc';
  if (page.after) id[forward ? 'gt' : 'lt'] = page.after;
  if (page.before) id[forward ? 'lt' : 'gt'] = page.before;
  const order: Direction = page.inverted ? (forward ? 'desc' : 'asc') : direction;
  return { id, order };
}

const PAGE_OPTIONS = { defaultSize: 20, maxSize: 100 } as const;

/** A root connection over rows the caller fetches with `fetch(where on id, order, take)`. */
/** An empty page has no start or end cursor (the Relay spec's null), not the cursor it was asked after. */
function nullCursorsWhenEmpty<
  C extends { edges: readonly unknown[]; pageInfo: { startCursor?: string | null; endCursor?: string | null } },
>(connection: C): C {
  if (connection.edges.length > 0) return connection;
  return { ...connection, pageInfo: { ...connection.pageInfo, startCursor: null, endCursor: null } };
}

export async function rootConnection<T extends { id: string }>(
  args: DefaultConnectionArguments,
  kind: IdKind,
  direction: Direction,
  fetch: (id: Prisma.StringFilter, order: Direction, take: number) => Promise<T[]>,
) {
  checkCursors(args, kind);
  const connection = await resolveCursorConnection<Promise<T[]>>({ args, ...PAGE_OPTIONS, toCursor: (row: T) => row.id }, (page) => {
    const { id, order } = pageWhere(page, direction);
    return fetch(id, order, page.limit);
  });
  return nullCursorsWhenEmpty(connection);
}

/**
 * A child table paged under a parent. `table`/`parentColumn` are SQL identifiers (constants from
 * this codebase, never input).
 */
export interface ChildSpec<T extends { id: string }> {
  name: string;
  /** the child type: its visibility rule (domain/authorization) is applied to every page and count */
  kind: ChildKind;
  table: string;
  parentColumn: string;
  direction: Direction;
  /** only for the row type: the table's columns are the Prisma model's fields (no @map in the schema) */
  row?: T;
}

/** Extra SQL condition on the child rows (e.g. an invitation status filter), with its cache key. */
export interface ChildFilter {
  key: string;
  sql: Prisma.Sql;
}

async function loadPages<T extends { id: string }>(
  prisma: PrismaClient,
  spec: ChildSpec<T>,
  parents: readonly string[],
  page: ResolveCursorConnectionArgs,
  filter: ChildFilter | null,
  visibility: Prisma.Sql,
): Promise<T[][]> {
  const { id, order } = pageWhere(page, spec.direction);
  const conditions: Prisma.Sql[] = [Prisma.sql`c.${Prisma.raw(spec.parentColumn)} = p.parent`, visibility];
  if (id.gt) conditions.push(Prisma.sql`c.id > ${id.gt}`);
  if (id.lt) conditions.push(Prisma.sql`c.id < ${id.lt}`);
  if (filter) conditions.push(filter.sql);
  // One statement for every parent: the page rows themselves, with the parent they belong to.
  const rows = await prisma.$queryRaw<(T & { __parent: string })[]>`
    SELECT page.*, p.parent AS "__parent"
    FROM unnest(${[...parents]}::text[]) AS p(parent)
    CROSS JOIN LATERAL (
      SELECT c.* FROM ${Prisma.raw(spec.table)} c
      WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY c.id ${Prisma.raw(order === 'asc' ? 'ASC' : 'DESC')}
      LIMIT ${page.limit}
    ) page`;
  const byParent = new Map<string, T[]>(parents.map((p) => [p, []]));
  for (const { __parent, ...row } of rows) byParent.get(__parent)!.push(row as unknown as T);
  return parents.map((p) => byParent.get(p)!);
}

async function loadCounts(
  prisma: PrismaClient,
  spec: ChildSpec<{ id: string }>,
  parents: readonly string[],
  filter: ChildFilter | null,
  visibility: Prisma.Sql,
): Promise<number[]> {
  const rows = await prisma.$queryRaw<{ parent: string; n: number }[]>`
    SELECT c.${Prisma.raw(spec.parentColumn)} AS parent, count(*)::int AS n
    FROM ${Prisma.raw(spec.table)} c
    WHERE c.${Prisma.raw(spec.parentColumn)} = ANY(${[...parents]}::text[]) AND ${visibility} ${filter ? Prisma.sql`AND ${filter.sql}` : Prisma.empty}
    GROUP BY 1`;
  const counts = new Map(rows.map((r) => [r.parent, Number(r.n)]));
  return parents.map((p) => counts.get(p) ?? 0);
}

/**
 * One parent's page of a child connection, batched with every other parent asking for the same
 * page shape in this request. `totalCount` is loaded only when the field is selected.
 */
export async function childConnection<T extends { id: string }>(
  ctx: GraphQLContext,
  spec: ChildSpec<T>,
  parentId: string,
  args: DefaultConnectionArguments,
  filter: ChildFilter | null = null,
) {
  checkCursors(args, spec.kind);
  // The kernel's rule for the child type, on every page and count (the viewer is per request, as
  // are these loaders, so it needs no place in their keys).
  const visibility = visibleSql(spec.kind, ctx.viewer);
  const connection = await resolveCursorConnection<Promise<T[]>>({ args, ...PAGE_OPTIONS, toCursor: (row: T) => row.id }, (page) => {
    const key = `page:${spec.name}:${page.after ?? ''}:${page.before ?? ''}:${page.limit}:${page.inverted}:${filter?.key ?? ''}`;
    return ctx.loaders.keyed<T[]>(key, (parents) => loadPages(ctx.prisma, spec, parents, page, filter, visibility)).load(parentId);
  });
  const countKey = `count:${spec.name}:${filter?.key ?? ''}`;
  return {
    ...nullCursorsWhenEmpty(connection),
    totalCount: () =>
      ctx.loaders.keyed<number>(countKey, (parents) => loadCounts(ctx.prisma, spec, parents, filter, visibility)).load(parentId),
  };
}
