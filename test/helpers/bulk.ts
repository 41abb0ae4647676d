/**
 * Bulk seeding straight through Prisma (setup for pagination and query-count tests, not the thing
 * under test), and a small helper to walk a Relay connection page by page.
 */
import type { App } from '../../src/app.js';
import { newId } from '../../src/lib/ids.js';

let seedCounter = 0;
const tag = () => `${Date.now().toString(36)}${(seedCounter++).toString(36)}`;

/** Fisher–Yates on a copy: rows go in out of id order, so "ascending id" cannot come from insertion order. */
export function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const ascending = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
export const sortAsc = (ids: readonly string[]) => [...ids].sort(ascending);

/** Inserts `n` users of the issuer (in shuffled order); returns their ids ascending. */
export async function seedUsers(app: App, issuerId: string, n: number): Promise<string[]> {
  const t = tag();
  const rows = Array.from({ length: n }, (_, i) => ({
    id: newId('user'),
    issuerId,
    username: `bulk-${t}-${i}@example.com`,
    usernameNormalized: `bulk-${t}-${i}@example.com`,
    email: `bulk-${t}-${i}@example.com`,
  }));
  const mixed = shuffled(rows);
  for (let i = 0; i < mixed.length; i += 500) await app.db.prisma.user.createMany({ data: mixed.slice(i, i + 500) });
  return rows.map((r) => r.id);
}

/** Inserts `n` organizations of the issuer (in shuffled order); returns their ids ascending. */
export async function seedOrganizations(app: App, issuerId: string, n: number): Promise<string[]> {
  const t = tag();
  const rows = Array.from({ length: n }, (_, i) => ({
    id: newId('organization'),
    issuerId,
    name: `Bulk ${t} ${i}`,
    slug: `bulk-${t}-${i}`,
  }));
  await app.db.prisma.organization.createMany({ data: shuffled(rows) });
  return rows.map((r) => r.id);
}

/** Inserts one membership per (organization, user) pair (in shuffled order); returns the membership ids ascending. */
export async function seedMemberships(app: App, pairs: readonly { organizationId: string; userId: string }[]): Promise<string[]> {
  const rows = pairs.map((p) => ({
    id: newId('membership'),
    organizationId: p.organizationId,
    userId: p.userId,
    scopes: ['invoices:read'],
  }));
  const mixed = shuffled(rows);
  for (let i = 0; i < mixed.length; i += 500) await app.db.prisma.membership.createMany({ data: mixed.slice(i, i + 500) });
  return rows.map((r) => r.id);
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Page<N extends { id: string } = { id: string }> {
  edges: { cursor: string; node: N }[];
  pageInfo: PageInfo;
  totalCount?: number;
}

/**
 * Walks a connection forward (`after` = previous endCursor) until hasNextPage is false; returns
 * every page. Stops with an error after `maxPages`, so a connection that never ends fails the test.
 */
export async function walkForward<P extends Page>(fetchPage: (after: string | null) => Promise<P>, maxPages = 500): Promise<P[]> {
  const pages: P[] = [];
  let after: string | null = null;
  for (;;) {
    if (pages.length >= maxPages) throw new Error(`connection did not end after ${maxPages} pages`);
    const page: P = await fetchPage(after);
    pages.push(page);
    if (!page.pageInfo.hasNextPage) return pages;
    if (!page.pageInfo.endCursor) throw new Error('hasNextPage is true but endCursor is null');
    after = page.pageInfo.endCursor;
  }
}

/** Walks a connection backward (`before` = previous startCursor) until hasPreviousPage is false. */
export async function walkBackward<P extends Page>(fetchPage: (before: string | null) => Promise<P>, maxPages = 500): Promise<P[]> {
  const pages: P[] = [];
  let before: string | null = null;
  for (;;) {
    if (pages.length >= maxPages) throw new Error(`connection did not end after ${maxPages} pages`);
    const page: P = await fetchPage(before);
    pages.push(page);
    if (!page.pageInfo.hasPreviousPage) return pages;
    if (!page.pageInfo.startCursor) throw new Error('hasPreviousPage is true but startCursor is null');
    before = page.pageInfo.startCursor;
  }
}

/** Ids of the pages in the order they were visited (each page's edges in their own order). */
export const idsOf = (pages: readonly Page[]) => pages.flatMap((p) => p.edges.map((e) => e.node.id));

/** The ids that occur more than once. */
export function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const id of ids) (seen.has(id) ? twice : seen).add(id);
  return [...twice];
}

/** Checks the edge/pageInfo cursor bookkeeping of one page; returns a list of problems (empty when fine). */
export function cursorProblems(page: Page): string[] {
  const problems: string[] = [];
  const first = page.edges[0];
  const last = page.edges.at(-1);
  if ((first?.cursor ?? null) !== page.pageInfo.startCursor)
    problems.push(`startCursor ${page.pageInfo.startCursor} is not the first edge's cursor ${first?.cursor}`);
  if ((last?.cursor ?? null) !== page.pageInfo.endCursor)
    problems.push(`endCursor ${page.pageInfo.endCursor} is not the last edge's cursor ${last?.cursor}`);
  if (new Set(page.edges.map((e) => e.cursor)).size !== page.edges.length) problems.push('two edges share a cursor');
  return problems;
}
