/**
 * Figure 3: `organization.members(first: 50) { edges { node { user { id email } } } }` on an
 * organization with 200 members: p50/p99 latency and req/s under load, against `{ viewer { id } }`
 * on the same server in the same run (the cost of the connection itself), plus SQL per request.
 *
 *   npx tsx bench/members-connection.ts      (BENCH_SECONDS=… per measured round, default 5)
 * @module
 */
import type autocannon from 'autocannon';
import {
  createIssuerAndOrg,
  fmt,
  gql,
  GRAPHQL_HEADERS,
  machineNote,
  ms,
  printTable,
  progress,
  ratio,
  seedMembers,
  startBenchServer,
} from './lib/common.js';
import { cannon } from './lib/load.js';

const MEMBERS = 200;
const CONNECTIONS = 10;
const WARMUP_SECONDS = 2;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = 2;

const MEMBERS_QUERY = 'query($id: ID!) { organization(id: $id) { members(first: 50) { edges { node { user { id email } } } } } }';
const VIEWER_QUERY = '{ viewer { id } }';

interface Members {
  organization: { members: { edges: { node: { user: { id: string; email: string } | null } }[] } } | null;
}

async function main() {
  const server = await startBenchServer();
  try {
    const { issuerId, organizationId } = await createIssuerAndOrg(server, 'Members connection');
    await seedMembers(server.app, issuerId, organizationId, MEMBERS);

    // Sanity (not timed): 50 edges with users, and the SQL statements one request sends.
    const sqlPer = async (query: string, variables?: Record<string, unknown>) => {
      const before = server.app.db.queryCount();
      const data = await gql(server.url, server.authorization, query, variables);
      return { data, sql: server.app.db.queryCount() - before };
    };
    const members = await sqlPer(MEMBERS_QUERY, { id: organizationId });
    const edges = (members.data as unknown as Members).organization?.members.edges ?? [];
    if (edges.length !== 50 || edges.some((e) => !e.node.user?.email))
      throw new Error(`expected 50 members with users, got ${edges.length}`);
    const viewer = await sqlPer(VIEWER_QUERY);

    const headers = { ...GRAPHQL_HEADERS, authorization: server.authorization };
    const targets = [
      {
        label: `members(first: 50) + user, ${MEMBERS}-member org`,
        sql: members.sql,
        body: JSON.stringify({ query: MEMBERS_QUERY, variables: { id: organizationId } }),
      },
      { label: 'baseline: { viewer { id } }', sql: viewer.sql, body: JSON.stringify({ query: VIEWER_QUERY }) },
    ];
    const options = (body: string): autocannon.Options => ({
      url: `${server.url}/graphql`,
      method: 'POST',
      headers,
      body,
      connections: CONNECTIONS,
    });

    for (const t of targets) {
      progress(`warm-up ${WARMUP_SECONDS} s: ${t.label}`);
      await cannon({ ...options(t.body), duration: WARMUP_SECONDS });
    }
    const results = targets.map(() => [] as autocannon.Result[]);
    for (let r = 0; r < ROUNDS; r++) {
      for (const [i, t] of targets.entries()) {
        progress(`round ${r + 1}/${ROUNDS}, ${SECONDS} s: ${t.label}`);
        results[i]!.push(await cannon({ ...options(t.body), duration: SECONDS, title: t.label }));
      }
    }

    const summary = results.map((rs) => ({
      rps: rs.reduce((s, r) => s + r.requests.total, 0) / rs.reduce((s, r) => s + r.duration, 0),
      mean: rs.reduce((s, r) => s + r.latency.mean, 0) / rs.length,
      p50: rs.reduce((s, r) => s + r.latency.p50, 0) / rs.length,
      p99: rs.reduce((s, r) => s + r.latency.p99, 0) / rs.length,
      total: rs.reduce((s, r) => s + r.requests.total, 0),
    }));
    const base = summary[1]!;
    printTable(
      `Figure 3 — organization.members(first: 50) { edges { node { user { id email } } } }, ${MEMBERS}-member organization`,
      ['query', 'req/s', 'mean', 'p50', 'p99', 'requests', 'SQL/request', 'req/s vs baseline', 'p50 vs baseline'],
      targets.map((t, i) => {
        const s = summary[i]!;
        return [
          t.label,
          fmt(s.rps, 0),
          ms(s.mean),
          `${fmt(s.p50, 0)} ms`,
          `${fmt(s.p99, 0)} ms`,
          fmt(s.total, 0),
          String(t.sql),
          ratio(s.rps / base.rps),
          ratio(s.p50 / Math.max(base.p50, 1)),
        ];
      }),
      [
        `members / viewer = ${ratio(summary[0]!.rps / base.rps)} the throughput; SQL per request is counted on one request (N+1 would show ≈50+)`,
        `autocannon, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${SECONDS} s each after ${WARMUP_SECONDS} s warm-up; latencies are the mean of the rounds' percentiles`,
        `NODE_ENV=production, in-memory PGlite; ${machineNote()}`,
      ],
    );
  } finally {
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
