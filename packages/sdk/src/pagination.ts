/**
 * Lists: every `list()` returns a {@link List}, which is at once
 *
 * - an async iterable over every item of every page (`for await (const org of list)`), fetching
 *   the next page (Relay `first`/`after`, keyset cursors) only when the previous one is used up,
 *   so each item is seen exactly once even while rows are added;
 * - a promise of its first page (`const { data, hasMore, nextCursor } = await list`);
 * - `.page({ first, after })`: exactly one page.
 *
 * Because a List is awaitable, an `async` function that returns one hands its caller the first
 * page; return `{ list }` or call `.page()` explicitly when that is not what you want.
 * @module
 */

/** One page of a list. */
export interface Page<T> {
  /** the items of this page, in the list's order */
  data: T[];
  /** whether another page follows */
  hasMore: boolean;
  /** pass as `after` to get the next page; null when none follows */
  nextCursor: string | null;
  /** how many items the whole list holds, when the server counts them */
  totalCount: number | null;
}

/** The arguments of one page: `first` (1–100, default the list's page size) and `after` (a cursor). */
export interface PageParams {
  first?: number;
  after?: string | null;
}

/** Fetches one page. */
export type PageFetcher<T> = (params: { first: number; after: string | null }) => Promise<Page<T>>;

/** Server maximum page size. */
export const MAX_PAGE_SIZE = 100;

/** A lazily paginated list: iterate it, await its first page, or ask for one `page()`. */
export class List<T> implements AsyncIterable<T>, PromiseLike<Page<T>> {
  private readonly fetchPage: PageFetcher<T>;
  private readonly pageSize: number;
  private readonly start: string | null;

  constructor(fetchPage: PageFetcher<T>, options: { pageSize?: number; after?: string | null } = {}) {
    this.fetchPage = fetchPage;
    this.pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, options.pageSize ?? MAX_PAGE_SIZE));
    this.start = options.after ?? null;
  }

  /** One page: `first` items (default: the list's page size) after the cursor `after`. */
  page(params: PageParams = {}): Promise<Page<T>> {
    return this.fetchPage({
      first: Math.min(MAX_PAGE_SIZE, Math.max(1, params.first ?? this.pageSize)),
      after: params.after ?? this.start,
    });
  }

  /** Every item of every page, fetching pages as they are needed. */
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let after = this.start;
    for (;;) {
      const page = await this.fetchPage({ first: this.pageSize, after });
      yield* page.data;
      if (!page.hasMore || !page.nextCursor) return;
      after = page.nextCursor;
    }
  }

  /** Collects every item (mind the size of the list). */
  async toArray(): Promise<T[]> {
    const out: T[] = [];
    for await (const item of this) out.push(item);
    return out;
  }

  // biome-ignore lint/suspicious/noThenProperty: a List is awaitable as its first page, by design
  then<R1 = Page<T>, R2 = never>(
    onfulfilled?: ((value: Page<T>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.page().then(onfulfilled, onrejected);
  }
}

/** A Relay connection as the SDK's documents select it. */
export interface Connection<N> {
  totalCount?: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: N }[];
}

/** A Page from a Relay connection (an empty page when the parent object is missing). */
export function pageOf<N, T = N>(connection: Connection<N> | null | undefined, map: (node: N) => T = (n) => n as unknown as T): Page<T> {
  if (!connection) return { data: [], hasMore: false, nextCursor: null, totalCount: 0 };
  return {
    data: connection.edges.map((e) => map(e.node)),
    hasMore: connection.pageInfo.hasNextPage,
    nextCursor: connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null,
    totalCount: connection.totalCount ?? null,
  };
}
