/**
 * No N+1: the number of SQL statements one GraphQL request sends does not grow with the page size
 * or with the number of parents. Counted with app.db.queryCount() around one real HTTP request,
 * and cross-checked with authgraph_db_queries_total on GET /metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { createIssuer, createOrganization } from './helpers/fixtures.js';
import { seedMemberships, seedOrganizations, seedUsers, sortAsc } from './helpers/bulk.js';

// Plain strings on purpose (no tag, no magic comment): the codegen scanner must not pick them up.
const ViewerOnlyDoc = `query QueryCountViewerOnly { viewer { id } }`;
const OrgMembersDoc = `
  query QueryCountOrgMembers($id: ID!, $first: Int!) {
    organization(id: $id) { members(first: $first) { edges { node { user { id email } organization { id } } } } }
  }
`;
const IssuersOrganizationsDoc = `
  query QueryCountIssuersOrganizations {
    issuers { edges { node { organizations(first: 20) { totalCount edges { node { id } } } } } }
  }
`;
const IssuersUsersMembershipsDoc = `
  query QueryCountIssuersUsersMemberships {
    issuers {
      edges { node { id users(first: 5) { totalCount edges { node { id memberships(first: 5) { totalCount edges { node { organization { id name } } } } } } } } }
    }
  }
`;
const EventsDoc = `
  query QueryCountEvents($first: Int!) { events(first: $first) { edges { node { id type actor { type id } } } } }
`;
const NodesUsersDoc = `
  query QueryCountNodesUsers($ids: [ID!]!) { nodes(ids: $ids) { id ... on User { email issuer { id } } } }
`;

type OrgMembersData = {
  organization: {
    members: { edges: { node: { user: { id: string; email: string | null } | null; organization: { id: string } } }[] };
  } | null;
};
type IssuersOrganizationsData = {
  issuers: { edges: { node: { organizations: { totalCount: number; edges: { node: { id: string } }[] } } }[] };
};
type IssuersUsersMembershipsData = {
  issuers: {
    edges: {
      node: {
        id: string;
        users: {
          totalCount: number;
          edges: {
            node: { id: string; memberships: { totalCount: number; edges: { node: { organization: { id: string; name: string } } }[] } };
          }[];
        };
      };
    }[];
  };
};
type EventsData = { events: { edges: { node: { id: string; type: string } }[] } };
type NodesUsersData = { nodes: ({ id: string; email?: string | null; issuer?: { id: string } } | null)[] };

/** SQL statements sent while one request runs, and its data. */
async function statements<R, V>(server: TestServer, doc: string, variables: V): Promise<{ count: number; data: R }> {
  // Metered events (api-key.verified of `viewer` queries) are written in the background: write
  // them now so they do not land inside the measured request.
  await server.app.flushMetered();
  const before = server.app.db.queryCount();
  const data = await server.gql.request<R, V>(doc, variables);
  return { count: server.app.db.queryCount() - before, data };
}

/** authgraph_db_queries_total as GET /metrics reports it. */
async function metricsQueryTotal(server: TestServer): Promise<number> {
  const response = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer query-count-metrics-token' } });
  expect(response.status).toBe(200);
  const match = /^authgraph_db_queries_total (\d+)$/m.exec(await response.text());
  if (!match) throw new Error('authgraph_db_queries_total is missing from /metrics');
  return Number(match[1]);
}

describe('query count (no N+1)', () => {
  describe('organization members', () => {
    let server: TestServer;
    let orgId: string;
    let users: Map<string, string>;
    let baseline: number;
    beforeAll(async () => {
      server = await startServer({ METRICS_TOKEN: 'query-count-metrics-token' });
      // The outbox relay and the webhook dispatcher query in the background: pause them so
      // the counts below are the request's own.
      await server.app.relay.stop();
      await server.app.webhooks.stop();
      const issuer = await createIssuer(server.gql);
      orgId = (await createOrganization(server.gql, issuer.id)).id;
      const userIds = await seedUsers(server.app, issuer.id, 60);
      await seedMemberships(
        server.app,
        userIds.map((userId) => ({ organizationId: orgId, userId })),
      );
      const rows = await server.app.db.prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } });
      users = new Map(rows.map((u) => [u.id, u.email ?? '']));
      // Warm up, then the cost of authenticating a request that reads nothing else.
      await statements(server, ViewerOnlyDoc, {});
      baseline = (await statements(server, ViewerOnlyDoc, {})).count;
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('members(first: 5) and members(first: 50) with user { id email } and organization { id } cost the same few statements', async () => {
      await statements(server, OrgMembersDoc, { id: orgId, first: 5 });
      const five = await statements<OrgMembersData, { id: string; first: number }>(server, OrgMembersDoc, { id: orgId, first: 5 });
      const fifty = await statements<OrgMembersData, { id: string; first: number }>(server, OrgMembersDoc, { id: orgId, first: 50 });

      // The data is really there, so the counts are about real work.
      for (const [result, n] of [
        [five, 5],
        [fifty, 50],
      ] as const) {
        const edges = result.data.organization!.members.edges;
        expect(edges).toHaveLength(n);
        for (const { node } of edges) {
          expect(node.organization.id).toBe(orgId);
          expect(node.user).not.toBeNull();
          expect(node.user!.email).toBe(users.get(node.user!.id));
        }
      }
      expect(new Set(fifty.data.organization!.members.edges.map((e) => e.node.user!.id)).size).toBe(50);

      // authentication: one statement, or none while the verified key row is cached
      expect(baseline).toBeLessThanOrEqual(1);
      expect(fifty.count).toBe(five.count);
      // Observed: organization + members page + members count + users (the organization is primed).
      expect(five.count - baseline).toBeLessThanOrEqual(4);
    });

    it('GET /metrics (authgraph_db_queries_total) tells the same story', async () => {
      const counts: number[] = [];
      for (const first of [5, 50, 5]) {
        await server.app.flushMetered();
        const before = await metricsQueryTotal(server);
        const counted = server.app.db.queryCount();
        await server.gql.request(OrgMembersDoc, { id: orgId, first });
        const after = await metricsQueryTotal(server);
        expect(after - before).toBe(server.app.db.queryCount() - counted);
        counts.push(after - before);
      }
      expect(counts[0]).toBeGreaterThan(0);
      expect(new Set(counts).size).toBe(1);
    });

    it('events(first: 5) and events(first: 50) cost the same', async () => {
      // Enough events: each organization made through GraphQL writes one.
      const issuer = await createIssuer(server.gql);
      for (let i = 0; i < 50; i++) await createOrganization(server.gql, issuer.id);
      const five = await statements<EventsData, { first: number }>(server, EventsDoc, { first: 5 });
      const fifty = await statements<EventsData, { first: number }>(server, EventsDoc, { first: 50 });
      expect(five.data.events.edges).toHaveLength(5);
      expect(fifty.data.events.edges).toHaveLength(50);
      expect(fifty.count).toBe(five.count);
      expect(five.count - baseline).toBeLessThanOrEqual(1);
    });
  });

  describe('issuers and their connections', () => {
    let server: TestServer;
    let baseline: number;
    const orgsByIssuer = new Map<string, string[]>();
    beforeAll(async () => {
      server = await startServer({ METRICS_TOKEN: 'query-count-metrics-token' });
      // The outbox relay and the webhook dispatcher query in the background: pause them so
      // the counts below are the request's own.
      await server.app.relay.stop();
      await server.app.webhooks.stop();
      await statements(server, ViewerOnlyDoc, {});
      baseline = (await statements(server, ViewerOnlyDoc, {})).count;
    });
    afterAll(async () => {
      await server?.stop();
    });

    /** An issuer with 25 organizations and 6 users, each user in 3 of the organizations. */
    async function seedIssuer() {
      const issuerId = (await createIssuer(server.gql)).id;
      const orgIds = await seedOrganizations(server.app, issuerId, 25);
      const userIds = await seedUsers(server.app, issuerId, 6);
      await seedMemberships(
        server.app,
        userIds.flatMap((userId, i) => [0, 1, 2].map((k) => ({ organizationId: orgIds[(i + k * 7) % 25]!, userId }))),
      );
      orgsByIssuer.set(issuerId, sortAsc(orgIds));
    }

    function checkOrganizations(data: IssuersOrganizationsData, issuers: number) {
      expect(data.issuers.edges).toHaveLength(issuers);
      const firstTwenty = new Set([...orgsByIssuer.values()].map((ids) => ids.slice(0, 20).join()));
      for (const { node } of data.issuers.edges) {
        expect(node.organizations.totalCount).toBe(25);
        expect(node.organizations.edges).toHaveLength(20);
        expect(firstTwenty.has(node.organizations.edges.map((e) => e.node.id).join())).toBe(true);
      }
    }

    function checkUsersMemberships(data: IssuersUsersMembershipsData, issuers: number) {
      expect(data.issuers.edges).toHaveLength(issuers);
      for (const { node } of data.issuers.edges) {
        expect(node.users.totalCount).toBe(6);
        expect(node.users.edges).toHaveLength(5);
        for (const user of node.users.edges) {
          expect(user.node.memberships.totalCount).toBe(3);
          expect(user.node.memberships.edges).toHaveLength(3);
          for (const m of user.node.memberships.edges) expect(orgsByIssuer.get(node.id)).toContain(m.node.organization.id);
        }
      }
    }

    it('issuers { organizations(first: 20) { totalCount edges } } costs the same for 1 and for 10 issuers, and so do users → memberships → organization', async () => {
      await seedIssuer();
      await statements(server, IssuersOrganizationsDoc, {});
      const one = await statements<IssuersOrganizationsData, Record<string, never>>(server, IssuersOrganizationsDoc, {});
      checkOrganizations(one.data, 1);
      const oneNested = await statements<IssuersUsersMembershipsData, Record<string, never>>(server, IssuersUsersMembershipsDoc, {});
      checkUsersMemberships(oneNested.data, 1);

      for (let i = 0; i < 9; i++) await seedIssuer();
      const ten = await statements<IssuersOrganizationsData, Record<string, never>>(server, IssuersOrganizationsDoc, {});
      checkOrganizations(ten.data, 10);
      const tenNested = await statements<IssuersUsersMembershipsData, Record<string, never>>(server, IssuersUsersMembershipsDoc, {});
      checkUsersMemberships(tenNested.data, 10);

      expect(ten.count).toBe(one.count);
      // Observed: issuers page + one batched organizations page for all issuers + one batched count.
      expect(one.count - baseline).toBeLessThanOrEqual(3);
      expect(tenNested.count).toBe(oneNested.count);
      // issuers + users page + users count + memberships page + memberships count + organizations.
      expect(oneNested.count - baseline).toBeLessThanOrEqual(6);
    });

    it('nodes(ids) returns the requested users with their issuer', async () => {
      const users = await server.app.db.prisma.user.findMany({
        orderBy: { id: 'asc' },
        take: 10,
        select: { id: true, email: true, issuerId: true },
      });
      expect(users).toHaveLength(10);
      const { data } = await statements<NodesUsersData, { ids: string[] }>(server, NodesUsersDoc, { ids: users.map((u) => u.id) });
      expect(data.nodes).toEqual(users.map((u) => ({ id: u.id, email: u.email, issuer: { id: u.issuerId } })));
    });

    // Was an N+1: every id had its own lookup (1 id → 3 statements, 10 ids → 22); nodes(ids)
    // now loads each type asked for in one query and relations through DataLoaders.
    it('nodes(ids) costs the same for 1 and for 10 users', async () => {
      const users = await server.app.db.prisma.user.findMany({ orderBy: { id: 'asc' }, take: 10, select: { id: true } });
      const ids = users.map((u) => u.id);
      const one = await statements<NodesUsersData, { ids: string[] }>(server, NodesUsersDoc, { ids: ids.slice(0, 1) });
      const ten = await statements<NodesUsersData, { ids: string[] }>(server, NodesUsersDoc, { ids });
      expect(one.data.nodes).toHaveLength(1);
      expect(ten.data.nodes).toHaveLength(10);
      expect(ten.count).toBe(one.count);
    });
  });
});
