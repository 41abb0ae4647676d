/**
 * Relay keyset pagination over real HTTP: organization members (1 000 rows, forward, backward,
 * under concurrent inserts), the event trail with filters, issuer connections and User.memberships.
 * Bulk rows are seeded straight through Prisma (setup); everything read goes through GraphQL.
 */
import { beforeAll } from 'vitest';
import { describe, expect, it, test } from './fixtures.js';
import type { TestServer } from './helpers/server.js';
import { createIssuer, createMembership, createOrganization, createUser } from './helpers/fixtures.js';
import {
  cursorProblems,
  duplicates,
  idsOf,
  seedMemberships,
  seedOrganizations,
  seedUsers,
  shuffled,
  sortAsc,
  walkBackward,
  walkForward,
  type Page,
} from './helpers/bulk.js';
import { newId } from '../src/lib/ids.js';

// Plain strings on purpose (no tag, no magic comment): the codegen scanner must not pick them up.
const PAGE_FIELDS = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }`;

const MembersForwardDoc = `
  query PaginationMembersForward($id: ID!, $first: Int, $after: String) {
    organization(id: $id) { members(first: $first, after: $after) { ${PAGE_FIELDS} } }
  }
`;
const MembersBackwardDoc = `
  query PaginationMembersBackward($id: ID!, $last: Int, $before: String) {
    organization(id: $id) { members(last: $last, before: $before) { ${PAGE_FIELDS} } }
  }
`;
const DeleteMembershipDoc = `
  mutation PaginationDeleteMembership($input: DeleteMembershipInput!) {
    deleteMembership(input: $input) { __typename ... on DeleteMembershipPayload { deletedMembershipId } ... on Error { code message } }
  }
`;
const EventsForwardDoc = `
  query PaginationEventsForward($first: Int, $after: String, $filter: EventFilter) {
    events(first: $first, after: $after, filter: $filter) {
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id type time organizationId } }
    }
  }
`;
const EventsBackwardDoc = `
  query PaginationEventsBackward($last: Int, $before: String, $filter: EventFilter) {
    events(last: $last, before: $before, filter: $filter) {
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id type time organizationId } }
    }
  }
`;
const ViewerAccountDoc = `query PaginationViewerAccount { viewer { account { id } } }`;
const IssuerOrganizationsDoc = `
  query PaginationIssuerOrganizations($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
    issuer(id: $id) {
      organizations(first: $first, after: $after, last: $last, before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id issuer { id } } }
      }
    }
  }
`;
const IssuerUsersDoc = `
  query PaginationIssuerUsers($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
    issuer(id: $id) {
      users(first: $first, after: $after, last: $last, before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id issuer { id } } }
      }
    }
  }
`;
const UserMembershipsDoc = `
  query PaginationUserMemberships($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
    node(id: $id) {
      __typename
      ... on User {
        memberships(first: $first, after: $after, last: $last, before: $before) {
          totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id user { id } organization { id } } }
        }
      }
    }
  }
`;

type MembersData = { organization: { members: Page & { totalCount: number } } | null };
type EventNode = { id: string; type: string; time: string; organizationId: string | null };
type EventsPage = Page<EventNode>;
type EventsData = { events: EventsPage };
type EventFilter = { types?: string[]; organizationId?: string; issuerId?: string };
type IssuerConnPage = Page<{ id: string; issuer: { id: string } }> & { totalCount: number };
type IssuerOrgsData = { issuer: { organizations: IssuerConnPage } | null };
type IssuerUsersData = { issuer: { users: IssuerConnPage } | null };
type UserMembershipsPage = Page<{ id: string; user: { id: string } | null; organization: { id: string } }> & { totalCount: number };
type UserMembershipsData = { node: { __typename: string; memberships?: UserMembershipsPage } | null };
type ConnArgs = { first?: number; after?: string | null; last?: number; before?: string | null };

const isStrictlyAscending = (ids: readonly string[]) => ids.every((id, i) => i === 0 || ids[i - 1]! < id);
const isStrictlyDescending = (ids: readonly string[]) => ids.every((id, i) => i === 0 || ids[i - 1]! > id);

describe('Relay keyset pagination', () => {
  let server: TestServer;
  test.beforeAll(async ({ server: started }) => {
    server = started;
  }, 180_000);

  async function membersForward(orgId: string, first: number, after: string | null) {
    const data = await server.gql.request<MembersData, { id: string; first: number; after: string | null }>(MembersForwardDoc, {
      id: orgId,
      first,
      after,
    });
    if (!data.organization) throw new Error(`organization ${orgId} not found`);
    return data.organization.members;
  }
  async function membersBackward(orgId: string, last: number, before: string | null) {
    const data = await server.gql.request<MembersData, { id: string; last: number; before: string | null }>(MembersBackwardDoc, {
      id: orgId,
      last,
      before,
    });
    if (!data.organization) throw new Error(`organization ${orgId} not found`);
    return data.organization.members;
  }

  /** One organization with 1 000 members, inserted in shuffled order. */
  async function orgWithMembers(n: number) {
    const issuer = await createIssuer(server.gql);
    const org = await createOrganization(server.gql, issuer.id);
    const userIds = await seedUsers(server.app, issuer.id, n);
    const membershipIds = await seedMemberships(
      server.app,
      userIds.map((userId) => ({ organizationId: org.id, userId })),
    );
    return { issuer, org, membershipIds: sortAsc(membershipIds) };
  }

  describe('organization members (1 000 rows)', () => {
    let orgId: string;
    let expected: string[];
    beforeAll(async () => {
      const seeded = await orgWithMembers(1000);
      orgId = seeded.org.id;
      expected = seeded.membershipIds;
      // A second organization of the same issuer, so the connection has to filter by organization.
      const other = await createOrganization(server.gql, seeded.issuer.id);
      const strangers = await seedUsers(server.app, seeded.issuer.id, 40);
      await seedMemberships(
        server.app,
        strangers.map((userId) => ({ organizationId: other.id, userId })),
      );
    });

    it('walks forward 37 at a time: each membership once, ascending ids, totalCount 1000, right pageInfo', async () => {
      const pages = await walkForward((after) => membersForward(orgId, 37, after));
      expect(pages).toHaveLength(Math.ceil(1000 / 37)); // 28: 27 full pages and one of 1
      const ids = idsOf(pages);
      expect(duplicates(ids)).toEqual([]);
      expect(ids).toHaveLength(1000);
      expect(isStrictlyAscending(ids)).toBe(true);
      expect(ids).toEqual(expected);
      pages.forEach((page, i) => {
        expect(page.totalCount).toBe(1000);
        expect(page.edges).toHaveLength(i < pages.length - 1 ? 37 : 1000 - 37 * (pages.length - 1));
        expect(page.pageInfo.hasNextPage).toBe(i < pages.length - 1);
        expect(page.pageInfo.hasPreviousPage).toBe(i > 0);
        expect(cursorProblems(page)).toEqual([]);
      });
      // Past the end: an empty page that says so.
      const past = await membersForward(orgId, 37, pages.at(-1)!.pageInfo.endCursor);
      expect(past.edges).toEqual([]);
      expect(past.pageInfo).toMatchObject({ hasNextPage: false, startCursor: null, endCursor: null });
      expect(past.totalCount).toBe(1000);
    });

    it('ends exactly when the row count is a multiple of the page size (no empty trailing page, hasNextPage false on the last full page)', async () => {
      const forward = await walkForward((after) => membersForward(orgId, 40, after));
      expect(forward).toHaveLength(25);
      expect(forward.every((p) => p.edges.length === 40)).toBe(true);
      expect(forward.at(-1)!.pageInfo.hasNextPage).toBe(false);
      expect(idsOf(forward)).toEqual(expected);

      const backward = await walkBackward((before) => membersBackward(orgId, 40, before));
      expect(backward).toHaveLength(25);
      expect(backward.every((p) => p.edges.length === 40)).toBe(true);
      expect(backward.at(-1)!.pageInfo.hasPreviousPage).toBe(false);
    });

    it('walks backward 37 at a time from the end: the same set in reverse order, right pageInfo at both ends', async () => {
      const pages = await walkBackward((before) => membersBackward(orgId, 37, before));
      expect(pages).toHaveLength(28);
      // Within a page, edges keep the connection's order (ascending); pages come newest first.
      for (const page of pages) {
        expect(isStrictlyAscending(page.edges.map((e) => e.node.id))).toBe(true);
        expect(page.totalCount).toBe(1000);
        expect(cursorProblems(page)).toEqual([]);
      }
      const visited = pages.flatMap((p) => p.edges.map((e) => e.node.id).reverse());
      expect(duplicates(visited)).toEqual([]);
      expect(isStrictlyDescending(visited)).toBe(true);
      expect(visited).toEqual([...expected].reverse());

      // The end: last:37 without `before` is the tail, nothing after it, more before it.
      expect(pages[0]!.edges.map((e) => e.node.id)).toEqual(expected.slice(-37));
      expect(pages[0]!.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      // The start: the last backward page holds the first row and says there is nothing before it.
      const lastPage = pages.at(-1)!;
      expect(lastPage.edges.map((e) => e.node.id)).toEqual(expected.slice(0, 1000 - 37 * 27));
      expect(lastPage.pageInfo.hasPreviousPage).toBe(false);
      expect(lastPage.pageInfo.hasNextPage).toBe(true);
      for (const page of pages.slice(1, -1)) expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });

      // Past the start: nothing before the first row.
      const before = await membersBackward(orgId, 37, lastPage.pageInfo.startCursor);
      expect(before.edges).toEqual([]);
      expect(before.pageInfo.hasPreviousPage).toBe(false);
    });

    it('forward and backward agree: the page after cursor i equals the page before cursor i+38, anywhere in the list', async () => {
      const all = await walkForward((after) => membersForward(orgId, 100, after));
      const edges = all.flatMap((p) => p.edges);
      expect(edges.map((e) => e.node.id)).toEqual(expected);
      // first:1 from the start and last:1 from the end are the two ends.
      expect((await membersForward(orgId, 1, null)).edges.map((e) => e.node.id)).toEqual([expected[0]]);
      expect((await membersBackward(orgId, 1, null)).edges.map((e) => e.node.id)).toEqual([expected[999]]);
      for (const i of [0, 1, 36, 37, 500, 923, 961]) {
        const after = await membersForward(orgId, 37, edges[i]!.cursor);
        const before = await membersBackward(orgId, 37, edges[i + 38]!.cursor);
        const slice = expected.slice(i + 1, i + 38);
        expect(after.edges.map((e) => e.node.id)).toEqual(slice);
        expect(before.edges.map((e) => e.node.id)).toEqual(slice);
        expect(after.edges.map((e) => e.cursor)).toEqual(before.edges.map((e) => e.cursor));
        expect(after.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
        expect(before.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
      }
      // The cursor handed out for a row brings back the same row when walking either way.
      const around = await membersBackward(orgId, 1, edges[501]!.cursor);
      expect(around.edges.map((e) => e.node.id)).toEqual([expected[500]]);
    });
  });

  it('walks 1 000 members while rows are inserted concurrently: every pre-existing row exactly once, no id twice', async () => {
    const { gql, app } = server;
    const issuer = await createIssuer(gql);
    const org = await createOrganization(gql, issuer.id);
    const userIds = await seedUsers(app, issuer.id, 1150);
    // One ascending id sequence; 150 ids spread through it are held back and inserted during the
    // walk, some behind the cursor and some ahead of it. Rows appended through GraphQL land at the end.
    const rows = userIds.map((userId) => ({ id: newId('membership'), organizationId: org.id, userId, scopes: ['invoices:read'] }));
    const heldBack = rows.filter((_, i) => [3, 11, 19].includes(i % 23));
    const preExisting = rows.filter((_, i) => ![3, 11, 19].includes(i % 23));
    expect(heldBack).toHaveLength(150);
    expect(preExisting).toHaveLength(1000);
    await app.db.prisma.membership.createMany({ data: shuffled(preExisting) });
    const preExistingIds = new Set(preExisting.map((r) => r.id));

    // Concurrent writer 1: createUser + createMembership through GraphQL, in a loop, during the walk.
    let pagesRequested = 0;
    let stop = false;
    const appended: { id: string; pagesRequestedWhenCommitted: number }[] = [];
    let firstAppended!: () => void;
    const started = new Promise<void>((resolve) => (firstAppended = resolve));
    const appender = (async () => {
      while (!stop) {
        const user = await createUser(gql, issuer.id);
        const membership = await createMembership(gql, org.id, user.id);
        appended.push({ id: membership.id, pagesRequestedWhenCommitted: pagesRequested });
        firstAppended();
      }
    })();
    await started;

    // Concurrent writer 2: after every page, a few held-back rows go in (random order).
    const queue = shuffled(heldBack);
    const inserted: { id: string; aheadOfCursor: boolean }[] = [];
    let position = '';
    let pages: Awaited<ReturnType<typeof membersForward>>[];
    try {
      pages = await walkForward(async (after) => {
        pagesRequested += 1;
        const page = await membersForward(org.id, 37, after);
        position = page.edges.at(-1)?.node.id ?? position;
        for (const row of queue.splice(0, 6)) {
          await app.db.prisma.membership.create({ data: row });
          inserted.push({ id: row.id, aheadOfCursor: row.id > position });
        }
        return page;
      }, 200);
    } finally {
      stop = true;
      await appender;
    }
    const finalRequest = pagesRequested;

    const ids = idsOf(pages);
    expect(duplicates(ids)).toEqual([]);
    expect(isStrictlyAscending(ids)).toBe(true);
    const seen = new Set(ids);
    expect([...preExistingIds].filter((id) => !seen.has(id))).toEqual([]);
    const known = new Set([...preExistingIds, ...heldBack.map((r) => r.id), ...appended.map((a) => a.id)]);
    expect(ids.filter((id) => !known.has(id))).toEqual([]);

    // The concurrency really happened, on both sides of the cursor.
    expect(inserted.filter((r) => r.aheadOfCursor).length).toBeGreaterThan(10);
    expect(inserted.filter((r) => !r.aheadOfCursor).length).toBeGreaterThan(10);
    expect(
      appended.filter((a) => a.pagesRequestedWhenCommitted > 0 && a.pagesRequestedWhenCommitted < finalRequest).length,
    ).toBeGreaterThan(0);
    // Keyset semantics: a row committed ahead of the cursor is found, one committed behind it is not revisited.
    expect(inserted.filter((r) => r.aheadOfCursor && !seen.has(r.id)).map((r) => r.id)).toEqual([]);
    expect(inserted.filter((r) => !r.aheadOfCursor && seen.has(r.id)).map((r) => r.id)).toEqual([]);
    // Rows appended (committed) before the last page was requested are at the end of the walk.
    expect(appended.filter((a) => a.pagesRequestedWhenCommitted < finalRequest && !seen.has(a.id)).map((a) => a.id)).toEqual([]);
    expect(pages.at(-1)!.totalCount).toBeGreaterThanOrEqual(1000 + inserted.length);
  });

  // Keyset pagination promises that the walk continues after the cursor's position even when the
  // row the cursor names is gone. The members connection uses Prisma's `cursor`, which looks the row
  // up (`id >= (SELECT id … WHERE id = $cursor)`): once that row is deleted the next page is empty
  // with hasNextPage false, and every remaining member is silently skipped.
  it('keeps walking after the membership its cursor points at is deleted', async () => {
    const { gql } = server;
    const { org, membershipIds } = await orgWithMembers(100);
    const first = await membersForward(org.id, 10, null);
    expect(first.edges.map((e) => e.node.id)).toEqual(membershipIds.slice(0, 10));
    const deleted = first.edges.at(-1)!.node.id;
    const r = await gql.request<{ deleteMembership: { __typename: string } }, { input: { id: string } }>(DeleteMembershipDoc, {
      input: { id: deleted },
    });
    expect(r.deleteMembership.__typename).toBe('DeleteMembershipPayload');

    const rest = await walkForward((after) => membersForward(org.id, 10, after ?? first.pageInfo.endCursor));
    expect(idsOf(rest)).toEqual(membershipIds.slice(10));
  });

  describe('events connection', () => {
    let accountId: string;
    let orgA: string;
    let orgB: string;
    let orgC: string;
    let issuerE1: string;
    beforeAll(async () => {
      const { gql } = server;
      accountId = (await gql.request<{ viewer: { account: { id: string } } }, Record<string, never>>(ViewerAccountDoc, {})).viewer.account
        .id;
      const e1 = await createIssuer(gql);
      const e2 = await createIssuer(gql);
      issuerE1 = e1.id;
      orgA = (await createOrganization(gql, e1.id)).id;
      orgB = (await createOrganization(gql, e1.id)).id;
      orgC = (await createOrganization(gql, e2.id)).id;
      for (let i = 0; i < 24; i++) {
        const issuerId = i % 2 === 0 ? e1.id : e2.id;
        const user = await createUser(gql, issuerId);
        if (issuerId === e1.id) {
          await createMembership(gql, orgA, user.id);
          if (i % 3 === 0) await createMembership(gql, orgB, user.id);
        } else {
          await createMembership(gql, orgC, user.id);
        }
      }
    });

    /** The trail straight from the database, newest first, for comparison. */
    async function truth(filter: EventFilter = {}) {
      // Metered events (api-key.verified) are buffered and written in batches: write them first.
      await server.app.flushMetered();
      const rows = await server.app.db.prisma.event.findMany({
        where: {
          accountId,
          ...(filter.types ? { type: { in: filter.types } } : {}),
          ...(filter.organizationId ? { organizationId: filter.organizationId } : {}),
          ...(filter.issuerId ? { issuerId: filter.issuerId } : {}),
        },
        orderBy: { id: 'desc' },
        select: { id: true },
      });
      return rows.map((r) => r.id);
    }
    async function eventsForward(first: number, after: string | null, filter?: EventFilter) {
      return (await server.gql.request<EventsData, ConnArgs & { filter?: EventFilter }>(EventsForwardDoc, { first, after, filter })).events;
    }
    async function eventsBackward(last: number, before: string | null, filter?: EventFilter) {
      return (await server.gql.request<EventsData, ConnArgs & { filter?: EventFilter }>(EventsBackwardDoc, { last, before, filter }))
        .events;
    }

    it('is newest first and pages without duplicates or gaps (no filter)', async () => {
      const expected = await truth();
      expect(expected.length).toBeGreaterThan(60);
      const pages = await walkForward((after) => eventsForward(7, after));
      const ids = idsOf(pages);
      expect(duplicates(ids)).toEqual([]);
      expect(isStrictlyDescending(ids)).toBe(true);
      // Nothing older than the newest expected event may be missing or extra; anything newer was written since.
      expect(ids.filter((id) => id <= expected[0]!)).toEqual(expected);
      const times = pages.flatMap((p) => p.edges.map((e) => Date.parse(e.node.time)));
      expect(times.every((t, i) => i === 0 || times[i - 1]! >= t)).toBe(true);
      pages.forEach((page, i) => {
        expect(page.pageInfo.hasNextPage).toBe(i < pages.length - 1);
        expect(page.pageInfo.hasPreviousPage).toBe(i > 0);
        expect(cursorProblems(page)).toEqual([]);
      });
      expect(pages.slice(0, -1).every((p) => p.edges.length === 7)).toBe(true);
    });

    it('pages consistently with a types filter', async () => {
      const filter = { types: ['user.created'] };
      const expected = await truth(filter);
      // 24 users made here; other tests of this file add more through GraphQL.
      expect(expected.length).toBeGreaterThanOrEqual(24);
      const pages = await walkForward((after) => eventsForward(5, after, filter));
      expect(pages).toHaveLength(Math.ceil(expected.length / 5));
      const ids = idsOf(pages);
      expect(ids).toEqual(expected);
      expect(pages.flatMap((p) => p.edges.map((e) => e.node.type)).every((t) => t === 'user.created')).toBe(true);
      expect(pages.at(-1)!.pageInfo.hasNextPage).toBe(false);
    });

    it('pages consistently with an organizationId filter, alone and combined with types', async () => {
      const byOrg = { organizationId: orgA };
      const expectedA = await truth(byOrg);
      // organization.created + one membership per even-numbered user
      expect(expectedA).toHaveLength(1 + 12);
      const pagesA = await walkForward((after) => eventsForward(4, after, byOrg));
      expect(idsOf(pagesA)).toEqual(expectedA);
      expect(pagesA.flatMap((p) => p.edges.map((e) => e.node.organizationId)).every((o) => o === orgA)).toBe(true);

      const combined = { organizationId: orgB, types: ['organization.membership.created', 'organization.created'] };
      const expectedB = await truth(combined);
      expect(expectedB).toHaveLength(1 + 4);
      const pagesB = await walkForward((after) => eventsForward(2, after, combined));
      expect(pagesB).toHaveLength(3);
      expect(idsOf(pagesB)).toEqual(expectedB);
      expect(pagesB.flatMap((p) => p.edges.map((e) => e.node.organizationId)).every((o) => o === orgB)).toBe(true);
      expect(pagesB.at(-1)!.edges.at(-1)!.node.type).toBe('organization.created');

      const onlyMembershipsC = { organizationId: orgC, types: ['organization.membership.created'] };
      const expectedC = await truth(onlyMembershipsC);
      expect(expectedC).toHaveLength(12);
      const pagesC = await walkForward((after) => eventsForward(3, after, onlyMembershipsC));
      expect(idsOf(pagesC)).toEqual(expectedC);
      expect(pagesC).toHaveLength(4);
      expect(pagesC.at(-1)!.pageInfo.hasNextPage).toBe(false);

      // A filter that matches nothing is one empty page.
      const none = await eventsForward(3, null, { organizationId: orgC, types: ['organization.deleted'] });
      expect(none.edges).toEqual([]);
      expect(none.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    });

    it('backward pages (last/before) visit the same filtered trail in reverse', async () => {
      const filter = { issuerId: issuerE1, types: ['organization.membership.created'] };
      const expected = await truth(filter);
      expect(expected).toHaveLength(16);
      const pages = await walkBackward((before) => eventsBackward(5, before, filter));
      expect(pages).toHaveLength(4);
      for (const page of pages) expect(isStrictlyDescending(page.edges.map((e) => e.node.id))).toBe(true);
      const visited = pages.flatMap((p) => p.edges.map((e) => e.node.id).reverse());
      expect(visited).toEqual([...expected].reverse());
      expect(pages[0]!.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      expect(pages.at(-1)!.pageInfo.hasPreviousPage).toBe(false);
    });

    it('walks the trail while new events are written: every earlier event exactly once, in order', async () => {
      const { gql } = server;
      const expected = await truth();
      const newest = expected[0]!;
      let stop = false;
      let written = 0;
      const writer = (async () => {
        while (!stop) {
          const user = await createUser(gql, issuerE1);
          await createMembership(gql, orgA, user.id);
          written += 2;
        }
      })();
      let pages: EventsPage[];
      let writtenBeforeLastPage = 0;
      try {
        pages = await walkForward(async (after) => {
          writtenBeforeLastPage = written;
          // Let the writer in between pages.
          await new Promise((resolve) => setTimeout(resolve, 5));
          return eventsForward(6, after);
        });
      } finally {
        stop = true;
        await writer;
      }
      expect(writtenBeforeLastPage).toBeGreaterThan(0);
      const ids = idsOf(pages);
      expect(duplicates(ids)).toEqual([]);
      expect(isStrictlyDescending(ids)).toBe(true);
      // Events written since the walk started are newer: at most on the first page, before every earlier one.
      const newer = ids.filter((id) => id > newest);
      expect(ids.slice(0, newer.length)).toEqual(newer);
      expect(ids.slice(newer.length)).toEqual(expected);
    });
  });

  describe('issuer connections and User.memberships', () => {
    let issuerId: string;
    let orgIds: string[];
    let userIds: string[];
    let member: string;
    let memberships: string[];
    let memberOrgs: string[];
    beforeAll(async () => {
      const { gql, app } = server;
      issuerId = (await createIssuer(gql)).id;
      // Another issuer of the same account with its own organizations and users: never listed here.
      const otherIssuer = (await createIssuer(gql)).id;
      await seedOrganizations(app, otherIssuer, 10);
      await seedUsers(app, otherIssuer, 30);
      const viaGraphQL = [(await createOrganization(gql, issuerId)).id, (await createOrganization(gql, issuerId)).id];
      orgIds = sortAsc([...viaGraphQL, ...(await seedOrganizations(app, issuerId, 43))]);
      userIds = sortAsc([(await createUser(gql, issuerId)).id, ...(await seedUsers(app, issuerId, 119))]);
      // One user in 23 of the 45 organizations, next to other members of those organizations.
      member = userIds[57]!;
      memberOrgs = orgIds.filter((_, i) => i % 2 === 0).slice(0, 23);
      const memberPairs = memberOrgs.map((organizationId) => ({ organizationId, userId: member }));
      const noise = memberOrgs.flatMap((organizationId, i) =>
        userIds
          .slice(i, i + 3)
          .filter((u) => u !== member)
          .map((userId) => ({ organizationId, userId })),
      );
      const all = await seedMemberships(app, [...memberPairs, ...noise]);
      memberships = sortAsc(all.slice(0, memberPairs.length));
    });

    async function issuerOrganizations(args: ConnArgs) {
      const data = await server.gql.request<IssuerOrgsData, ConnArgs & { id: string }>(IssuerOrganizationsDoc, { id: issuerId, ...args });
      if (!data.issuer) throw new Error('issuer not found');
      return data.issuer.organizations;
    }
    async function issuerUsers(args: ConnArgs) {
      const data = await server.gql.request<IssuerUsersData, ConnArgs & { id: string }>(IssuerUsersDoc, { id: issuerId, ...args });
      if (!data.issuer) throw new Error('issuer not found');
      return data.issuer.users;
    }
    async function userMemberships(args: ConnArgs) {
      const data = await server.gql.request<UserMembershipsData, ConnArgs & { id: string }>(UserMembershipsDoc, { id: member, ...args });
      if (!data.node?.memberships) throw new Error(`user ${member} not found: ${JSON.stringify(data)}`);
      return data.node.memberships;
    }

    it('issuer(id){ organizations } pages forward and backward over exactly its 45 organizations', async () => {
      const forward = await walkForward((after) => issuerOrganizations({ first: 7, after }));
      expect(forward).toHaveLength(7);
      expect(idsOf(forward)).toEqual(orgIds);
      for (const page of forward) {
        expect(page.totalCount).toBe(45);
        expect(page.edges.every((e) => e.node.issuer.id === issuerId)).toBe(true);
        expect(cursorProblems(page)).toEqual([]);
      }
      expect(forward.map((p) => p.pageInfo.hasNextPage)).toEqual([true, true, true, true, true, true, false]);

      const backward = await walkBackward((before) => issuerOrganizations({ last: 7, before }));
      expect(backward.flatMap((p) => p.edges.map((e) => e.node.id).reverse())).toEqual([...orgIds].reverse());
      expect(backward.map((p) => p.pageInfo.hasPreviousPage)).toEqual([true, true, true, true, true, true, false]);
      expect(backward.at(-1)!.edges).toHaveLength(45 - 6 * 7);
    });

    it('issuer(id){ users } pages forward and backward over exactly its 120 users', async () => {
      const forward = await walkForward((after) => issuerUsers({ first: 13, after }));
      expect(forward).toHaveLength(10);
      const ids = idsOf(forward);
      expect(duplicates(ids)).toEqual([]);
      expect(ids).toEqual(userIds);
      expect(forward.every((p) => p.totalCount === 120)).toBe(true);
      expect(forward.every((p) => p.edges.every((e) => e.node.issuer.id === issuerId))).toBe(true);
      expect(forward.at(-1)!.edges).toHaveLength(120 - 9 * 13);
      expect(forward.at(-1)!.pageInfo.hasNextPage).toBe(false);

      const backward = await walkBackward((before) => issuerUsers({ last: 13, before }));
      expect(backward.flatMap((p) => p.edges.map((e) => e.node.id).reverse())).toEqual([...userIds].reverse());
      expect(backward[0]!.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      expect(backward.at(-1)!.pageInfo.hasPreviousPage).toBe(false);
    });

    it('User.memberships lists the user’s memberships across 23 organizations, page by page', async () => {
      const forward = await walkForward((after) => userMemberships({ first: 4, after }));
      expect(forward).toHaveLength(6);
      const ids = idsOf(forward);
      expect(duplicates(ids)).toEqual([]);
      expect(ids).toEqual(memberships);
      const edges = forward.flatMap((p) => p.edges);
      expect(edges.every((e) => e.node.user?.id === member)).toBe(true);
      expect(sortAsc(edges.map((e) => e.node.organization.id))).toEqual(sortAsc(memberOrgs));
      expect(forward.every((p) => p.totalCount === 23)).toBe(true);
      expect(forward.map((p) => p.pageInfo.hasNextPage)).toEqual([true, true, true, true, true, false]);

      const backward = await walkBackward((before) => userMemberships({ last: 4, before }));
      expect(backward.flatMap((p) => p.edges.map((e) => e.node.id).reverse())).toEqual([...memberships].reverse());
      expect(backward.at(-1)!.edges).toHaveLength(3);
      expect(backward.at(-1)!.pageInfo.hasPreviousPage).toBe(false);
    });
  });
});
